import type { PointsJobsResult } from '../contracts/points';
import { expiringAmount } from '../domain/points';
import type { Caller, UserDoc } from '../domain/user';
import { AppError } from '../errors';
import { appendAudit } from '../repositories/audit';
import { ledgerRepo, postEntry } from '../repositories/ledger';
import { expiryJobRepo, getPointsRules } from '../repositories/points-rules';
import { redemptionsRepo } from '../repositories/redemptions';
import { usersRepo } from '../repositories/users';
import { inTransaction, type Db } from '../repositories/transactions';
import { expireRedemption } from './redemptions';

const BATCH = 100;

/**
 * Takes one user's expired points out as one `expire` entry. The sums come from an aggregate outside
 * the transaction, so the transaction checks that the user's totals are still those the sums saw and
 * starts over if not (a redeem landed in between). The key is the user's running expired total, so
 * two sweeps over the same state post once.
 */
export async function expireUserPoints(db: Db, openid: string, at: Date, expiryMonths: number): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const user = await usersRepo(db).find(openid);
    if (!user) return 0;
    const totals = await ledgerRepo(db).expiryTotals(openid, at);
    const amount = expiringAmount(totals, user.points.balance);
    if (amount <= 0) return 0;
    const seen = user.points;
    try {
      await inTransaction(db, (tx) =>
        postEntry(
          tx,
          {
            key: `expire:${openid}:${totals.expired + amount}`,
            openid,
            delta: -amount,
            kind: 'expire',
            reason: `积分过期：获得满 ${expiryMonths} 个月未使用`,
            ref: null,
            actor: null,
          },
          at,
          undefined,
          {
            guard: (u: UserDoc) => {
              if (u.points.balance !== seen.balance || u.points.earned !== seen.earned || u.points.spent !== seen.spent) {
                throw new AppError('POINTS.STALE', 'changed while sweeping');
              }
            },
          },
        ),
      );
      return amount;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'POINTS.STALE')) throw err;
    }
  }
  return 0;
}

/**
 * The scheduled work, safe to run at any time and as often as wanted: refund issued codes past their
 * validity, then expire points earned longer ago than the rules allow. Stops at `budgetMs` and
 * records where it got to.
 */
export async function runPointsJobs(db: Db, now = new Date(), budgetMs = 40_000): Promise<PointsJobsResult> {
  const deadline = Date.now() + budgetMs;
  const result: PointsJobsResult = { redemptionsExpired: 0, usersChecked: 0, pointsExpired: 0, done: false };

  for (;;) {
    const due = await redemptionsRepo(db).dueForExpiry(now, BATCH);
    for (const d of due) {
      if (Date.now() > deadline) return result;
      try {
        if (await expireRedemption(db, d._id, now)) result.redemptionsExpired++;
      } catch (err) {
        console.error(`[pointsjobs] redemption ${d._id} not expired`, err);
      }
    }
    if (due.length < BATCH) break;
  }

  const jobs = expiryJobRepo(db);
  const state = await jobs.get();
  const { through } = state;
  const until = state.resume?.until ?? now;
  let after = state.resume?.after ?? '';
  const { expiryMonths } = await getPointsRules(db);

  for (;;) {
    const openids = await ledgerRepo(db).usersWithLotsExpiring(through, until, after, BATCH);
    for (const openid of openids) {
      if (Date.now() > deadline) {
        await jobs.save({ through, resume: { until, after } });
        return result;
      }
      try {
        result.pointsExpired += await expireUserPoints(db, openid, until, expiryMonths);
      } catch (err) {
        console.error(`[pointsjobs] points of ${openid} not expired`, err);
      }
      result.usersChecked++;
      after = openid;
    }
    if (openids.length < BATCH) break;
  }
  await jobs.save({ through: until, resume: null });
  result.done = true;
  return result;
}

/**
 * An admin's run by hand. The audit entry (who asked, when) is written first: a run that cannot be
 * accounted for does not happen. What the run changes is self-describing (refund and expiry entries).
 */
export async function runPointsJobsByHand(db: Db, caller: Caller, now = new Date()): Promise<PointsJobsResult> {
  await inTransaction(db, (tx) => appendAudit(tx, { actor: caller.openid, action: 'pointsjobs.run', target: { type: 'job', id: 'pointsjobs' }, before: null, after: { startedAt: now }, at: now }));
  return runPointsJobs(db, now);
}
