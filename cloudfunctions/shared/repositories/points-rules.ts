import { DEFAULT_POINTS_RULES, type PointsRules } from '../domain/points';
import type { Db, Tx } from '../runtime/app';

/** Admin-editable settings live as single documents in `settings`, keyed by name. */
export const SETTINGS_COLLECTION = 'settings';
export const POINTS_RULES_ID = 'points-rules';

type Stored = Partial<PointsRules> & { _id: string };

function merge(stored: Stored | null | undefined): PointsRules {
  const { _id, ...rest } = stored ?? { _id: POINTS_RULES_ID };
  void _id;
  return { ...DEFAULT_POINTS_RULES, ...rest };
}

/** The points rules in force: what admin saved, defaults for anything not saved. */
export async function getPointsRules(db: Db): Promise<PointsRules> {
  const res = await db.collection(SETTINGS_COLLECTION).doc(POINTS_RULES_ID).get();
  return merge((res.data as Stored[] | undefined)?.[0]);
}

/** How long a warm instance trusts the rules it read: an admin's change reaches every instance within this. */
export const RULES_CACHE_MS = 30_000;
let cachedRules: { rules: PointsRules; at: number } | null = null;

/**
 * The points rules as this warm instance last read them, read again when older than RULES_CACHE_MS:
 * awards need them on every accept, and they change a few times a year, so the transaction does not
 * read them (one round trip less). Snapshot isolation never made the in-transaction read a guard
 * anyway: a rule change and an award do not write the same document.
 */
export async function cachedPointsRules(db: Db, nowMs = Date.now()): Promise<PointsRules> {
  if (cachedRules && nowMs - cachedRules.at >= 0 && nowMs - cachedRules.at < RULES_CACHE_MS) return cachedRules.rules;
  const rules = await getPointsRules(db);
  cachedRules = { rules, at: nowMs };
  return rules;
}

/** The instance that saved a change uses it at once. */
export function rememberPointsRules(rules: PointsRules, nowMs = Date.now()): void {
  cachedRules = { rules, at: nowMs };
}

/** The same, read inside a transaction (so a rule change and an award cannot interleave). */
export async function getPointsRulesTx(tx: Tx): Promise<PointsRules> {
  const res = await tx.collection(SETTINGS_COLLECTION).doc(POINTS_RULES_ID).get();
  return merge(res.data as Stored | null);
}

/** Saves the rules inside the transaction that audits the change. */
export async function savePointsRulesTx(tx: Tx, rules: PointsRules, now: Date, by: string): Promise<void> {
  await tx.collection(SETTINGS_COLLECTION).doc(POINTS_RULES_ID).set({ ...rules, updatedAt: now, updatedBy: by });
}

/** Where the points-expiry sweep got to, kept in `settings` so a run cut short carries on next time. */
export const EXPIRY_JOB_ID = 'points-expiry-job';
export interface ExpiryJobState {
  /** Every lot that expired at or before this instant has been handled. */
  through: Date;
  /** A sweep in progress: its end and the last openid done. */
  resume: { until: Date; after: string } | null;
}

export function expiryJobRepo(db: Db) {
  const doc = db.collection(SETTINGS_COLLECTION).doc(EXPIRY_JOB_ID);
  return {
    async get(): Promise<ExpiryJobState> {
      const stored = ((await doc.get()).data as Array<Partial<ExpiryJobState>>)[0];
      return {
        through: stored?.through ? new Date(stored.through) : new Date(0),
        resume: stored?.resume ? { until: new Date(stored.resume.until), after: stored.resume.after } : null,
      };
    },
    async save(state: ExpiryJobState): Promise<void> {
      await doc.set(state);
    },
  };
}
