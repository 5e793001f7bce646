import type { AdjustPayload, LeaderboardPayload, LeaderboardView, LedgerEntryView, LedgerPayload, Page, RulesView, SummaryView, UpdateRulesPayload } from '../contracts/points';
import { decodeCursor, pageOf } from '../domain/cursor';
import { inStaffScope, viewerOf } from '../domain/scope';
import { LEDGER_KIND_LABELS, expiringAmount, levelFor, maskedName, type LedgerDoc, type PointsRules } from '../domain/points';
import { shanghaiMonth } from '../isomorphic/time';
import { publicName, type UserDoc, type Caller } from '../domain/user';
import { AppError, forbidden } from '../errors';
import { appendAudit } from '../repositories/audit';
import { ledgerRepo, postEntry } from '../repositories/ledger';
import { leaderboardRepo } from '../repositories/points-leaderboard';
import { afterCursor } from '../repositories/pagination';
import { POINTS_RULES_ID, getPointsRules, getPointsRulesTx, rememberPointsRules, savePointsRulesTx } from '../repositories/points-rules';
import { regionsRepo } from '../repositories/regions';
import { inTransaction, type Db } from '../repositories/transactions';

const DAY_MS = 86_400_000;
/** The summary warns about points expiring within this window. */
const EXPIRY_WARNING_DAYS = 30;
const LEADERBOARD_SIZE = 20;

export function toEntryView(e: LedgerDoc): LedgerEntryView {
  return {
    id: e._id,
    delta: e.delta,
    kind: e.kind,
    kindLabel: LEDGER_KIND_LABELS[e.kind] ?? e.kind,
    reason: e.reason,
    ref: e.ref ?? null,
    balanceAfter: e.balanceAfter,
    at: new Date(e.at).toISOString(),
    expiresAt: e.expiresAt ? new Date(e.expiresAt).toISOString() : null,
  };
}

/** Balance and totals come with the caller's user (already loaded); one aggregate tells what expires soon. */
export async function summary(db: Db, caller: Caller, now = new Date()): Promise<SummaryView> {
  const points = caller.user!.points as UserDoc['points'] & { month?: { month: string; earned: number } };
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS);
  const totals = points.earned > 0 ? await ledgerRepo(db).expiryTotals(caller.openid, horizon) : null;
  const amount = totals ? expiringAmount(totals, points.balance) : 0;
  return {
    balance: points.balance,
    earned: points.earned,
    spent: points.spent,
    level: levelFor(points.earned),
    monthEarned: points.month?.month === shanghaiMonth(now) ? points.month.earned : 0,
    expiring: amount > 0 ? { amount, before: horizon.toISOString() } : null,
  };
}

export async function ledger(db: Db, caller: Caller, p: LedgerPayload): Promise<Page<LedgerEntryView>> {
  const size = p.pageSize ?? 20;
  const page = pageOf(await ledgerRepo(db).page(afterCursor(db, { openid: caller.openid }, 'at', decodeCursor(p.cursor)), size + 1), size, (d) => d.at);
  return { items: page.rows.map(toEntryView), nextCursor: page.nextCursor };
}

/**
 * A staff or admin correction: one ledger entry plus its audit line, in one transaction. Staff may
 * adjust only people whose home community is in their scope, nobody adjusts themself, and the same
 * requestId from the same person posts once.
 */
export async function adjust(db: Db, caller: Caller, p: AdjustPayload, now = new Date()): Promise<LedgerEntryView> {
  if (p.openid === caller.openid) throw new AppError('INPUT.INVALID', '不能调整自己的积分', 'payload.openid');
  const viewer = viewerOf(caller);
  const key = `adjust:${caller.openid}:${p.requestId}`;
  const posted = await inTransaction(db, async (tx) => {
    const result = await postEntry(
      tx,
      { key, openid: p.openid, delta: p.delta, kind: 'adjust', reason: p.reason, ref: { type: 'adjustment', id: key }, actor: caller.openid },
      now,
      undefined,
      {
        guard: (u) => {
          if (!inStaffScope(viewer, u.profile.communityId)) throw forbidden('只能调整本社区人员的积分');
        },
      },
    );
    if (result.created) {
      await appendAudit(tx, {
        actor: caller.openid,
        action: 'points.adjust',
        target: { type: 'user', id: p.openid },
        before: { balance: result.entry.balanceAfter - result.entry.delta },
        after: { balance: result.entry.balanceAfter, delta: result.entry.delta, reason: p.reason, entry: key },
        at: now,
      });
    }
    return result;
  });
  if (!posted.created && posted.entry.openid !== p.openid) throw new AppError('INPUT.INVALID', '该 requestId 已用于另一笔调整', 'payload.requestId');
  return toEntryView(posted.entry);
}

const rulesView = (r: PointsRules): RulesView => ({ dailyCap: r.dailyCap, perVolunteerHour: r.perVolunteerHour, expiryMonths: r.expiryMonths });

export async function rules(db: Db): Promise<RulesView> {
  return rulesView(await getPointsRules(db));
}

/** Admin changes the rules; the change and its audit line commit together. New expiry applies to points earned from now on. */
export async function updateRules(db: Db, caller: Caller, p: UpdateRulesPayload, now = new Date()): Promise<RulesView> {
  const next = await inTransaction(db, async (tx) => {
    const before = await getPointsRulesTx(tx);
    const after: PointsRules = { ...before, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) };
    await savePointsRulesTx(tx, after, now, caller.openid);
    await appendAudit(tx, { actor: caller.openid, action: 'points.updateRules', target: { type: 'settings', id: POINTS_RULES_ID }, before: rulesView(before), after: rulesView(after), at: now });
    return after;
  });
  rememberPointsRules(next);
  return rulesView(next);
}

/**
 * This month's top earners of one community (the caller's by default), from the month figure kept
 * on each user by the ledger: one indexed query, plus a count when the caller is not in the top list.
 */
export async function leaderboard(db: Db, caller: Caller, p: LeaderboardPayload, now = new Date()): Promise<LeaderboardView> {
  const month = shanghaiMonth(now);
  const communityId = p.communityId ?? caller.user!.profile.communityId;
  const mine = caller.user!.points as UserDoc['points'] & { month?: { month: string; earned: number } };
  const myEarned = mine.month?.month === month ? mine.month.earned : 0;
  if (!communityId) return { communityId: '', communityName: '', month, items: [], me: { rank: null, earned: myEarned } };

  const board = leaderboardRepo(db);
  const [docs, region] = await Promise.all([board.top(communityId, month, LEADERBOARD_SIZE), regionsRepo(db).find(communityId)]);
  if (!region || region.level !== 'community') throw new AppError('INPUT.INVALID', '社区不存在', 'payload.communityId');

  // Equal totals share a rank (1, 2, 2, 4).
  const items: LeaderboardView['items'] = [];
  docs.forEach((u, i) => {
    const earned = u.points.month.earned;
    const rank = i > 0 && earned === items[i - 1].earned ? items[i - 1].rank : i + 1;
    items.push({ rank, name: maskedName(publicName(u)), earned, me: u._id === caller.openid });
  });

  const inCommunity = caller.user!.profile.communityId === communityId;
  let myRank: number | null = null;
  if (inCommunity && myEarned > 0) {
    const listed = items.find((it) => it.me);
    myRank = listed ? listed.rank : (await board.countAbove(communityId, month, myEarned)) + 1;
  }
  return { communityId, communityName: region.name, month, items, me: { rank: myRank, earned: inCommunity ? myEarned : 0 } };
}
