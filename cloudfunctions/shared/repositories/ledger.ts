import { addMonths, shanghaiDay } from '../domain/time';
import { DEFAULT_POINTS_RULES, EARNING_KINDS, planEntry, type EntryRequest, type LedgerDoc, type PointsRules } from '../domain/points';
import type { UserDoc } from '../domain/user';
import { AppError } from '../errors';
import type { Tx } from '../runtime/app';

export const LEDGER_COLLECTION = 'ledger';

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
export async function postEntry(tx: Tx, req: EntryRequest, now: Date, rules: Pick<PointsRules, 'dailyCap' | 'expiryMonths'> = DEFAULT_POINTS_RULES): Promise<PostedEntry> {
  const existing = (await tx.collection(LEDGER_COLLECTION).doc(req.key).get()).data as LedgerDoc | null;
  if (existing) return { entry: existing, created: false };

  const user = (await tx.collection('users').doc(req.openid).get()).data as UserDoc | null;
  if (!user) throw new AppError('USER.NOT_FOUND', '用户不存在');
  const plan = planEntry(user.points, req, rules, now);
  if (!plan.ok) throw new AppError('POINTS.INSUFFICIENT', `积分不足：当前 ${user.points.balance} 分`);

  await tx.collection('users').doc(req.openid).update({ points: plan.next, updatedAt: now });
  const entry: LedgerDoc = {
    _id: req.key,
    openid: req.openid,
    delta: plan.delta,
    kind: req.kind,
    reason: plan.capped ? `${req.reason}（已达今日积分上限）` : req.reason,
    ref: req.ref,
    balanceAfter: plan.next.balance,
    day: shanghaiDay(now),
    at: now,
    actor: req.actor,
    expiresAt: EARNING_KINDS.includes(req.kind) && plan.delta > 0 ? addMonths(now, rules.expiryMonths) : null,
    ...(plan.capped ? { requested: req.delta } : {}),
  };
  await tx.collection(LEDGER_COLLECTION).add(entry);
  return { entry, created: true };
}
