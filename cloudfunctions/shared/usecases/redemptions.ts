import { randomBytes } from 'node:crypto';
import { REDEMPTION_STATUS_LABELS, type CodePayload, type MyRedemptionsPayload, type Page, type RedeemPayload, type RedemptionPayload, type RedemptionView } from '../contracts/points';
import { eraseFromRedemption, type Erasure } from '../domain/erasure';
import { decodeCursor, pageOf } from '../domain/cursor';
import { viewerOf } from '../domain/scope';
import { maskedName } from '../domain/points';
import {
  codeFromBytes,
  effectiveStatus,
  expiresAtFor,
  fulfilAtLabel,
  isActiveAt,
  mayFulfil,
  normalizeCode,
  quotaAfter,
  quotaCount,
  redeemRefusal,
  redemptionId,
  type RedemptionDoc,
} from '../domain/rewards';
import { shanghaiDay, shanghaiMonth, shanghaiMonthDayTime } from '../isomorphic/time';
import { publicName, type Caller, type UserDoc } from '../domain/user';
import { AppError, forbidden } from '../errors';
import { appendAudit, auditNames } from '../repositories/audit';
import { postEntry } from '../repositories/ledger';
import { redemptionsRepo, txAddRedemption, txFindRedemption, txUpdateRedemption } from '../repositories/redemptions';
import { txFindReward, txRestockReward, txUpdateReward } from '../repositories/rewards';
import { inTransactionRetrying, isTransactionConflict, type Db, type Tx, type TxCaller } from '../repositories/transactions';
import { RollupChanges } from '../domain/rollups';
import { applyRollups } from '../repositories/rollups';
import { isDuplicateKey } from '../repositories/users';

const BUSY = () => new AppError('POINTS.BUSY', '兑换的人太多了，请稍后再试（本次没有扣除积分）');

export function toRedemptionView(d: RedemptionDoc, now: Date, opts: { holder?: boolean } = {}): RedemptionView {
  const status = effectiveStatus(d, now);
  return {
    id: d._id,
    rewardId: d.rewardId,
    title: d.title,
    cost: d.cost,
    code: d.code,
    status,
    statusLabel: REDEMPTION_STATUS_LABELS[status],
    fulfilAt: fulfilAtLabel(d),
    placeId: d.placeId,
    createdAt: new Date(d.createdAt).toISOString(),
    expiresAt: new Date(d.expiresAt).toISOString(),
    fulfilledAt: d.fulfilledAt ? new Date(d.fulfilledAt).toISOString() : null,
    cancelledAt: d.cancelledAt ? new Date(d.cancelledAt).toISOString() : null,
    ...(opts.holder ? { holder: maskedName(d.holderName ?? '') } : {}),
  };
}

/**
 * Up to 20 transactions with short random waits between them (a few ms, growing to at most
 * 120 ms): a write–write conflict fails at once, so a rush on one reward drains one winner per
 * round (bench/redeem.bench.ts). Conflicts that outlast them become a plain message; nothing was
 * charged.
 */
async function retrying<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await inTransactionRetrying(db, fn);
  } catch (err) {
    if (isTransactionConflict(err)) throw BUSY();
    throw err;
  }
}

/**
 * Redeem: one transaction reads the reward (snapshot reads take no lock), checks it, the per-user
 * limit and the balance, takes the points, issues a single-use code, takes one unit of stock and
 * counts it on the dashboard. Nothing is read that is only written: the redemption's `_id` comes from
 * the requestId, so a repeat fails its insert (and rolls back) and is answered with the first one.
 * Two redeems of one reward write its stock, so the later one conflicts at once and runs again.
 */
export async function redeem(db: Db, who: TxCaller, p: RedeemPayload, now = new Date()): Promise<RedemptionView> {
  const id = redemptionId(who.openid, p.requestId);
  const month = shanghaiMonth(now);
  let attempts = 0;
  try {
    const doc = await retrying(db, async (tx) => {
      attempts++;
      // The caller's document, read here once: their lookup and the balance the entry takes from.
      const caller = await who.identify(tx);
      const reward = await txFindReward(tx, p.rewardId);
      if (!reward) throw new AppError('REWARD.NOT_FOUND', '奖励不存在');
      if (!isActiveAt(reward, now)) throw new AppError('REWARD.INACTIVE', '该奖励未上架或不在兑换期内');
      if (reward.stock <= 0) throw new AppError('REWARD.OUT_OF_STOCK', '该奖励已兑完');
      // The month's count is kept (on the user, written with the balance) only for rewards with a
      // limit: a limit counts the redemptions made while it is set.
      const limited = reward.perUserLimit > 0;
      const rollups = new RollupChanges();
      await postEntry(
        tx,
        { key: `redeem:${id}`, openid: caller.openid, delta: -reward.cost, kind: 'redeem', reason: `兑换「${reward.title}」`, ref: { type: 'redemption', id }, actor: null, countedIn: { day: shanghaiDay(now), communityId: reward.communityId } },
        now,
        undefined,
        {
          fresh: true,
          rollups,
          holder: caller.user,
          guard: (u) => {
            const refusal = redeemRefusal(reward, { monthCount: quotaCount(u.rewardQuota, reward._id, month), balance: u.points.balance }, now);
            if (refusal) throw new AppError(refusal.code, refusal.message);
          },
          // The stock first: on a hot reward a second redeem conflicts at its first write, not its last.
          beforeWrite: () => txUpdateReward(tx, reward._id, { stock: reward.stock - 1, issued: (reward.issued ?? 0) + 1, updatedAt: now }),
          userFields: (u) => (limited ? { rewardQuota: quotaAfter(u.rewardQuota, reward._id, month, 1)! } : null),
        },
      );
      const doc: RedemptionDoc = {
        _id: id,
        openid: caller.openid,
        holderName: publicName(caller.user),
        rewardId: reward._id,
        title: reward.title,
        cost: reward.cost,
        placeId: reward.placeId,
        placeName: reward.placeName,
        communityId: reward.communityId,
        // Drawn inside the callback: a re-run draws again, and only the committed one exists.
        code: codeFromBytes(randomBytes(8)),
        status: 'issued',
        month,
        createdAt: now,
        expiresAt: expiresAtFor(now, reward.validDays),
        fulfilledAt: null,
        fulfilledBy: null,
        cancelledAt: null,
        expiredAt: null,
        attempts,
        limited,
      };
      await txAddRedemption(tx, doc);
      await applyRollups(tx, rollups.redemption(null, doc), now);
      return doc;
    });
    return toRedemptionView(doc, now);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // The same requestId again (a retry, or two at once): the first one's redemption is the answer.
    const known = await redemptionsRepo(db).find(id);
    if (known && known.openid === who.openid) return toRedemptionView(known, now);
    // Only an erased account's redemption can sit on this id: never the new account's.
    if (known) throw new AppError('INPUT.INVALID', '请求编号已被使用，请重新兑换', 'payload.requestId');
    throw err;
  }
}

/**
 * Gives back the points, the unit of stock and the month's count of an issued redemption, once:
 * the status check and the refund's ledger key (`refund:<id>`) both stop a second time. `decide`
 * refuses (throws), says how it ends, or null to leave a redemption that is no longer issued as it is.
 * A write another open transaction holds fails at once (snapshot isolation), so no order of writes can wait in a circle.
 */
async function refundInTx(tx: Tx, id: string, now: Date, decide: (d: RedemptionDoc) => 'cancelled' | 'expired' | null, holder: UserDoc | null = null): Promise<RedemptionDoc> {
  const d = await txFindRedemption(tx, id);
  if (!d) throw new AppError('REDEMPTION.NOT_FOUND', '兑换记录不存在');
  const outcome = decide(d);
  if (!outcome || d.status !== 'issued') return d;
  const reason = outcome === 'cancelled' ? `取消兑换「${d.title}」，积分退回` : `兑换码过期未使用「${d.title}」，积分退回`;
  // fresh: the status read above is the guard; the refund key can only exist if the status had moved on.
  const rollups = new RollupChanges();
  // A redemption made under a limit gives its month's count back, with the points (only while that month lasts).
  const userFields = (u: UserDoc) => {
    const quota = d.limited !== false ? quotaAfter(u.rewardQuota, d.rewardId, d.month, -1) : null;
    return quota ? { rewardQuota: quota } : null;
  };
  // The refund counts where the redemption does (its day and reward's community): one rollup document.
  const countedIn = { day: shanghaiDay(new Date(d.createdAt)), communityId: d.communityId };
  await postEntry(tx, { key: `refund:${id}`, openid: d.openid, delta: d.cost, kind: 'refund', reason, ref: { type: 'redemption', id }, actor: null, countedIn }, now, undefined, { fresh: true, rollups, userFields, holder });
  // The unit goes back by increment: nothing about the reward needs reading (a deleted reward updates nothing).
  await txRestockReward(tx, d.rewardId, now);
  const patch = outcome === 'cancelled' ? { status: 'cancelled' as const, cancelledAt: now } : { status: 'expired' as const, expiredAt: now };
  await txUpdateRedemption(tx, id, patch);
  await applyRollups(tx, rollups.redemption(d, { ...d, ...patch }), now);
  return { ...d, ...patch };
}

/** The worker gives a code back before it is used (again: no change); an already-expired one is refunded as expired. */
export async function cancelRedemption(db: Db, who: TxCaller, p: RedemptionPayload, now = new Date()): Promise<RedemptionView> {
  const doc = await retrying(db, async (tx) => {
    // The caller's document, read here once: their lookup and the balance the refund goes to.
    const caller = await who.identify(tx);
    const decide = (d: RedemptionDoc) => {
      if (d.openid !== caller.openid) throw new AppError('REDEMPTION.NOT_FOUND', '兑换记录不存在');
      if (d.status === 'fulfilled') throw new AppError('REDEMPTION.ALREADY_USED', '已核销的兑换不能取消');
      if (d.status !== 'issued') return null;
      return effectiveStatus(d, now) === 'expired' ? 'expired' : 'cancelled';
    };
    return refundInTx(tx, p.id, now, decide, caller.user);
  });
  return toRedemptionView(doc, now);
}

/** The scheduled job's step: refunds one issued code whose validity ran out. Returns whether it refunded. */
export async function expireRedemption(db: Db, id: string, now: Date): Promise<boolean> {
  let refunded = false;
  await retrying(db, (tx) =>
    refundInTx(tx, id, now, (d) => {
      refunded = d.status === 'issued' && effectiveStatus(d, now) === 'expired';
      return refunded ? 'expired' : null;
    }),
  );
  return refunded;
}

export async function myRedemptions(db: Db, caller: Caller, p: MyRedemptionsPayload, now = new Date()): Promise<Page<RedemptionView>> {
  const size = p.pageSize ?? 20;
  const page = pageOf(await redemptionsRepo(db).pageMine(caller.openid, p.status, now, decodeCursor(p.cursor), size + 1), size, (d) => d.createdAt);
  return { items: page.rows.map((d) => toRedemptionView(d, now)), nextCursor: page.nextCursor };
}

export async function redemption(db: Db, caller: Caller, p: RedemptionPayload, now = new Date()): Promise<RedemptionView> {
  const d = await redemptionsRepo(db).find(p.id);
  if (!d || d.openid !== caller.openid) throw new AppError('REDEMPTION.NOT_FOUND', '兑换记录不存在');
  return toRedemptionView(d, now);
}

async function findForFulfiller(db: Db, caller: Caller, code: string): Promise<RedemptionDoc> {
  const d = await redemptionsRepo(db).findByCode(normalizeCode(code));
  if (!d) throw new AppError('REDEMPTION.NOT_FOUND', '兑换码无效，请核对后重试');
  if (!mayFulfil(viewerOf(caller), d)) throw forbidden(`该兑换码需在「${fulfilAtLabel(d)}」核销`);
  return d;
}

/** What the merchant sees after scanning, before confirming: the reward, the holder (masked) and the status. */
export async function checkCode(db: Db, caller: Caller, p: CodePayload, now = new Date()): Promise<RedemptionView> {
  return toRedemptionView(await findForFulfiller(db, caller, p.code), now, { holder: true });
}

/** Fulfil exactly once, by the place's merchant or staff in scope; the second try is told when it was used. */
export async function fulfill(db: Db, caller: Caller, p: CodePayload, now = new Date()): Promise<RedemptionView> {
  const found = await findForFulfiller(db, caller, p.code);
  const doc = await retrying(db, async (tx) => {
    const d = (await txFindRedemption(tx, found._id)) as RedemptionDoc;
    if (d.status === 'fulfilled') throw new AppError('REDEMPTION.ALREADY_USED', `该兑换码已于 ${shanghaiMonthDayTime(d.fulfilledAt!)} 核销，不能重复使用`);
    if (d.status === 'cancelled') throw new AppError('REDEMPTION.CANCELLED', '该兑换已被取消，积分已退回');
    if (effectiveStatus(d, now) === 'expired') throw new AppError('REDEMPTION.EXPIRED', '该兑换码已过期');
    const patch = { status: 'fulfilled' as const, fulfilledAt: now, fulfilledBy: caller.openid };
    await txUpdateRedemption(tx, d._id, patch);
    await appendAudit(tx, { actor: caller.openid, action: 'points.fulfill', target: { type: 'redemption', id: d._id }, before: { status: d.status }, after: { status: 'fulfilled', rewardId: d.rewardId, placeId: d.placeId }, at: now, names: auditNames([d.rewardId, d.title], [d.placeId, d.placeName]) });
    await applyRollups(tx, new RollupChanges().redemption(d, { ...d, ...patch }), now);
    return { ...d, ...patch };
  });
  return toRedemptionView(doc, now, { holder: true });
}

/**
 * Erasure, for one redemption that names the person: a code still issued is given back first, as a
 * cancel would (points, stock and the month's count), then the redemption loses its holder and its
 * code in the same transaction, so the old code neither checks nor fulfils nor refunds again. The
 * person's month counts go with their user document.
 */
export async function eraseRedemption(db: Db, id: string, e: Erasure, now: Date): Promise<void> {
  await retrying(db, async (tx) => {
    const d = await refundInTx(tx, id, now, (r) => (r.openid === e.openid && r.status === 'issued' ? (effectiveStatus(r, now) === 'expired' ? 'expired' : 'cancelled') : null));
    const patch = eraseFromRedemption(d, e);
    if (Object.keys(patch).length) await txUpdateRedemption(tx, id, patch);
  });
}
