import { addMonths, shanghaiDay } from '../isomorphic/time';
import { DEFAULT_POINTS_RULES, EARNING_KINDS, planEntry, type EntryRequest, type ExpiryTotals, type LedgerDoc, type PointsRules } from '../domain/points';
import { RollupChanges } from '../domain/rollups';
import type { UserDoc } from '../domain/user';
import { applyRollups } from './rollups';
import { AppError } from '../errors';
import type { Db, Tx } from '../runtime/app';

export const LEDGER_COLLECTION = 'ledger';

export interface PostOptions {
  /**
   * The caller already proved the key is new inside this transaction (e.g. it read the redemption
   * the key belongs to): skip the ledger read. A key that exists anyway fails the insert and so
   * aborts the transaction rather than paying twice.
   */
  fresh?: boolean;
  /**
   * The user's document as already read inside this transaction (a redeem's caller, looked up there):
   * used instead of reading it again. Anything else (another user's, or read outside) is read afresh.
   */
  holder?: UserDoc | null;
  /** Checked against the user read inside the transaction, before anything is written; throw to abort. */
  guard?: (user: UserDoc) => void;
  /**
   * Runs once the guard passed, before anything of the entry is written: the caller's own first
   * write (a redeem takes its unit of stock here, so two redeems of one reward conflict before either
   * has written more).
   */
  beforeWrite?: () => Promise<void>;
  /** More fields of the user, replaced whole in the same write as the balance (e.g. the month's reward quota); null: none. */
  userFields?: (user: UserDoc) => Partial<UserDoc> | null;
  /**
   * The caller writes rollups itself (it has its own to write in the same transaction): the entry's
   * points go into these changes instead of their own write.
   */
  rollups?: RollupChanges;
}

export interface PostedEntry {
  entry: LedgerDoc;
  /** false when the key was already in the ledger: this call changed nothing. */
  created: boolean;
}

/**
 * Posts one ledger entry inside the caller's transaction: the entry (whose `_id` is the idempotency
 * key) and the user's balance change commit together or not at all, and a key already in the
 * ledger returns the first entry untouched. Safe to re-run, as CloudBase retries transactions.
 */
export async function postEntry(
  tx: Tx,
  req: EntryRequest,
  now: Date,
  rules: Pick<PointsRules, 'dailyCap' | 'expiryMonths'> = DEFAULT_POINTS_RULES,
  opts: PostOptions = {},
): Promise<PostedEntry> {
  if (!opts.fresh) {
    const existing = (await tx.collection(LEDGER_COLLECTION).doc(req.key).get()).data as LedgerDoc | null;
    if (existing) return { entry: existing, created: false };
  }

  const user = opts.holder?._id === req.openid ? opts.holder : ((await tx.collection('users').doc(req.openid).get()).data as UserDoc | null);
  if (!user) throw new AppError('USER.NOT_FOUND', '用户不存在');
  opts.guard?.(user);
  const plan = planEntry(user.points, req, rules, now);
  if (!plan.ok) throw new AppError('POINTS.INSUFFICIENT', `积分不足：当前 ${user.points.balance} 分`);
  await opts.beforeWrite?.();

  // An object given to update() is merged field by field: set() replaces each of userFields whole.
  const more = Object.entries(opts.userFields?.(user) ?? {}).map(([k, v]) => [k, tx.command.set(v)]);
  await tx.collection('users').doc(req.openid).update({ points: plan.next, ...Object.fromEntries(more), updatedAt: now });
  const day = shanghaiDay(now);
  const entry: LedgerDoc = {
    _id: req.key,
    openid: req.openid,
    delta: plan.delta,
    kind: req.kind,
    reason: plan.capped ? `${req.reason}（已达今日积分上限）` : req.reason,
    ref: req.ref,
    balanceAfter: plan.next.balance,
    day,
    at: now,
    actor: req.actor,
    expiresAt: EARNING_KINDS.includes(req.kind) && plan.delta > 0 ? addMonths(now, rules.expiryMonths) : null,
    ...(plan.capped ? { requested: req.delta } : {}),
    community: req.countedIn ? req.countedIn.communityId : user.profile?.communityId || null,
    ...(req.countedIn && req.countedIn.day !== day ? { statsDay: req.countedIn.day } : {}),
  };
  await tx.collection(LEDGER_COLLECTION).add(entry);
  // The dashboard's points figures, where the entry counts (see LedgerDoc.community).
  if (entry.delta !== 0) {
    const changes = opts.rollups ?? new RollupChanges();
    changes.ledger(entry, entry.community ?? null);
    if (!opts.rollups) await applyRollups(tx, changes, now);
  }
  return { entry, created: true };
}

/** Reads of the ledger (writes only go through postEntry). */
export function ledgerRepo(db: Db) {
  const col = db.collection(LEDGER_COLLECTION);
  const $ = db.command.aggregate;
  return {
    /** One page of a user's history, newest first, after the cursor condition built by the caller (index openid_at). */
    async page(where: unknown, pageSize: number): Promise<LedgerDoc[]> {
      const res = await col.where(where as object).orderBy('at', 'desc').orderBy('_id', 'desc').limit(pageSize).get();
      return res.data as LedgerDoc[];
    },

    /**
     * The sums that decide expiry at `at` (domain ExpiryTotals), for one user, in one aggregate over
     * their entries: earned lots expired by then; points consumed — every negative entry but expiry,
     * less refunds and positive reversals; points already expired.
     */
    async expiryTotals(openid: string, at: Date): Promise<ExpiryTotals> {
      const earning = [...EARNING_KINDS];
      const isEarning = $.in(['$kind', earning]);
      const res = await col
        .aggregate()
        .match({ openid })
        .group({
          _id: null,
          expiredLots: $.sum($.cond([$.and([isEarning, $.gt(['$delta', 0]), $.neq(['$expiresAt', null]), $.lte(['$expiresAt', at])]), '$delta', 0])),
          consumed: $.sum(
            $.cond([
              $.and([
                $.not(isEarning),
                $.neq(['$kind', 'expire']),
                $.or([$.lt(['$delta', 0]), $.in(['$kind', ['refund', 'reversal']])]),
              ]),
              $.multiply(['$delta', -1]),
              0,
            ]),
          ),
          expired: $.sum($.cond([$.eq(['$kind', 'expire']), $.multiply(['$delta', -1]), 0])),
        })
        .limit(1) // one group; CloudBase needs an explicit limit on every aggregation
        .end();
      const row = (res.data as Array<Partial<ExpiryTotals>>)[0];
      return { expiredLots: row?.expiredLots ?? 0, consumed: row?.consumed ?? 0, expired: row?.expired ?? 0 };
    },

    /** Users with an earned lot expiring in (from, until], in openid order after `after` (index expiresAt_openid). */
    async usersWithLotsExpiring(from: Date, until: Date, after: string, limit: number): Promise<string[]> {
      const _ = db.command;
      const res = await col
        .aggregate()
        .match({ expiresAt: _.gt(from).and(_.lte(until)) })
        .group({ _id: '$openid' })
        .match({ _id: _.gt(after) })
        .sort({ _id: 1 })
        .limit(limit)
        .end();
      return (res.data as Array<{ _id: string }>).map((r) => r._id);
    },
  };
}
