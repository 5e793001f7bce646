// Counters that enforce per-person limits. Counting the matching documents and then inserting lets
// parallel requests all see the same count and all pass (23 reports on a 20-a-day limit), so each
// limit lives in one counter document that the inserting transaction reads and writes: two inserts
// against the same counter cannot both commit, the loser retries and sees the new count.
import { PLACES_COLLECTION } from '../domain/place';
import type { Db, Tx } from '../runtime/app';

export const LIMITS_COLLECTION = 'rate_limits';

/**
 * One person's parallel requests all write the same counter, so they conflict and retry; after the
 * first retries they are spread out by the random waits. Waits are capped so that a burst settles
 * within a few seconds, well inside a function's time limit.
 */
export const COUNTER_RETRY = { tries: 16, baseMs: 20, maxWaitMs: 400 } as const;

/**
 * Reports (and volunteer records) one person filed on one Shanghai day, and the communities whose
 * activity mark they already set that day (`marked`, community keys): the day's later reports there
 * need not write the mark again (see domain/rollups markAt).
 */
export interface DailyReportsDoc {
  _id: string;
  kind: 'reports';
  openid: string;
  day: string;
  count: number;
  marked?: string[];
  updatedAt: Date;
}

/** What the day's counter says: how many were filed and where the activity marks are already set. */
export interface DayReports {
  count: number;
  marked: string[];
}

const dayReportsOf = (d: DailyReportsDoc | null): DayReports => ({ count: d?.count ?? 0, marked: d?.marked ?? [] });

/** The merchant applications one person has waiting for review, by place id. */
export interface OpenApplicationsDoc {
  _id: string;
  kind: 'applications';
  openid: string;
  open: string[];
  updatedAt: Date;
}

const dailyReportsId = (openid: string, day: string) => `reports:${openid}:${day}`;
const openApplicationsId = (openid: string) => `applications:${openid}`;

const one = <T>(res: { data: unknown }): T | null => {
  const d = res.data as T | T[] | null | undefined;
  return (Array.isArray(d) ? d[0] : d) ?? null;
};

export function limitsRepo(db: Db) {
  const col = db.collection(LIMITS_COLLECTION);
  return {
    /** Outside a transaction: only for refusing early; the transaction decides. */
    async reportsOnDay(openid: string, day: string): Promise<DayReports> {
      return dayReportsOf(one<DailyReportsDoc>(await col.doc(dailyReportsId(openid, day)).get()));
    },
    async openApplications(openid: string): Promise<string[]> {
      return one<OpenApplicationsDoc>(await col.doc(openApplicationsId(openid)).get())?.open ?? [];
    },
    /** Erasure: every counter that names the person. */
    async removeAllOf(openid: string): Promise<void> {
      await col.where({ openid }).remove();
    },
  };
}

export async function txReportsOnDay(tx: Tx, openid: string, day: string): Promise<DayReports> {
  return dayReportsOf(one<DailyReportsDoc>(await tx.collection(LIMITS_COLLECTION).doc(dailyReportsId(openid, day)).get()));
}

export async function txSetReportsOnDay(tx: Tx, openid: string, day: string, next: DayReports, now: Date): Promise<void> {
  const id = dailyReportsId(openid, day);
  const doc: Omit<DailyReportsDoc, '_id'> = { kind: 'reports', openid, day, count: next.count, marked: next.marked, updatedAt: now };
  await tx.collection(LIMITS_COLLECTION).doc(id).set(doc);
}

/**
 * The person's applications still waiting, as this transaction sees them. The counter lists the ids it
 * counted; each is read here and dropped once staff have decided it (or it changed hands), so reviews
 * need not touch the counter — at most MAX_OPEN_APPLICATIONS reads.
 */
export async function txOpenApplications(tx: Tx, openid: string): Promise<string[]> {
  const listed = one<OpenApplicationsDoc>(await tx.collection(LIMITS_COLLECTION).doc(openApplicationsId(openid)).get())?.open ?? [];
  const places = await Promise.all(listed.map(async (id) => one<{ status?: string; ownerOpenid?: string }>(await tx.collection(PLACES_COLLECTION).doc(id).get())));
  return listed.filter((_, i) => places[i]?.status === 'pending' && places[i]?.ownerOpenid === openid);
}

export async function txSetOpenApplications(tx: Tx, openid: string, open: string[], now: Date): Promise<void> {
  const doc: Omit<OpenApplicationsDoc, '_id'> = { kind: 'applications', openid, open, updatedAt: now };
  await tx.collection(LIMITS_COLLECTION).doc(openApplicationsId(openid)).set(doc);
}
