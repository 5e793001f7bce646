import { shanghaiDay, shanghaiMonth } from '../isomorphic/time';

/**
 * Kinds of ledger entries. Earning kinds count toward the daily cap and toward lifetime `earned`;
 * `redeem` counts toward `spent`; refunds, reversals, adjustments and expiry are their own kinds so
 * the history says exactly what happened.
 */
export type LedgerKind = 'award' | 'volunteer' | 'adjust' | 'redeem' | 'refund' | 'expire' | 'reversal';

export const EARNING_KINDS: readonly LedgerKind[] = ['award', 'volunteer'];

export interface LedgerRef {
  type: 'report' | 'reward' | 'redemption' | 'adjustment' | 'ledger';
  id: string;
}

/** One line of the append-only ledger. `_id` is the idempotency key (award:<reportId>, redeem:<redemptionId> …). */
export interface LedgerDoc {
  _id: string;
  openid: string;
  delta: number;
  kind: LedgerKind;
  /** Chinese, shown in the history. */
  reason: string;
  ref: LedgerRef | null;
  balanceAfter: number;
  /** Shanghai day of the entry, for daily caps and reports. */
  day: string;
  at: Date;
  /** Who caused it when not the owner (staff adjusting, reviewer accepting). */
  actor: string | null;
  /** For earning entries: when the points expire if unspent. */
  expiresAt: Date | null;
  /** When the daily cap cut an award short, what was asked for. */
  requested?: number;
  /**
   * Where the dashboard counts these points: with what caused them — the report's community for an
   * award, the reward's for a redemption and its refund — else the owner's home community when it
   * was posted. Absent on entries stored before it was kept (the owner's home then).
   */
  community?: string | null;
  /** The day the dashboard counts them on when it is not `day`: the report's or the redemption's. */
  statsDay?: string;
}

export interface PointsState {
  balance: number;
  earned: number;
  spent: number;
  /** Earned so far on `today.day` (Shanghai), for the daily cap. */
  today?: { day: string; earned: number };
  /** Earned so far in `month.month` (Shanghai), for the monthly leaderboard (an indexed query on users). */
  month?: { month: string; earned: number };
}

export interface PointsRules {
  /** Most points a worker can earn in one Shanghai day (against farming). */
  dailyCap: number;
  /** Points per verified volunteer hour. */
  perVolunteerHour: number;
  /** Months after which unspent earned points expire. */
  expiryMonths: number;
}

export const DEFAULT_POINTS_RULES: PointsRules = { dailyCap: 200, perVolunteerHour: 10, expiryMonths: 12 };

export interface EntryRequest {
  key: string;
  openid: string;
  delta: number;
  kind: LedgerKind;
  reason: string;
  ref: LedgerRef | null;
  actor: string | null;
  /**
   * The day and community of what caused the entry (a report, a redemption): its points count there
   * on the dashboard, so the transition's counters share one rollup document. Absent: the posting
   * day and the owner's home community.
   */
  countedIn?: { day: string; communityId: string | null };
}

export type EntryPlan = { ok: true; delta: number; next: PointsState; capped: boolean } | { ok: false; code: 'POINTS.INSUFFICIENT' };

/**
 * The arithmetic of one entry, as a plain function: earning is cut to what is left of today's cap,
 * spending never takes the balance below zero, and the totals move with the balance.
 */
export function planEntry(state: PointsState, req: Pick<EntryRequest, 'delta' | 'kind'>, rules: Pick<PointsRules, 'dailyCap'>, now: Date): EntryPlan {
  const day = shanghaiDay(now);
  const month = shanghaiMonth(now);
  const todayEarned = state.today && state.today.day === day ? state.today.earned : 0;
  const monthEarned = state.month && state.month.month === month ? state.month.earned : 0;
  let delta = req.delta;
  let capped = false;
  const earning = EARNING_KINDS.includes(req.kind) && delta > 0;
  if (earning) {
    const room = Math.max(0, rules.dailyCap - todayEarned);
    if (delta > room) {
      delta = room;
      capped = true;
    }
  }
  const balance = state.balance + delta;
  if (delta < 0 && balance < 0) return { ok: false, code: 'POINTS.INSUFFICIENT' };
  const next: PointsState = {
    balance,
    earned: state.earned + (earning ? delta : 0),
    spent: state.spent + (req.kind === 'redeem' ? -delta : req.kind === 'refund' ? -delta : 0),
    today: { day, earned: todayEarned + (earning ? delta : 0) },
    month: { month, earned: monthEarned + (earning ? delta : 0) },
  };
  return { ok: true, delta, next, capped };
}

/** How each kind reads in the history. */
export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  award: '上报奖励',
  volunteer: '志愿服务',
  adjust: '人工调整',
  redeem: '兑换',
  refund: '退回',
  expire: '过期',
  reversal: '冲正',
};

/**
 * Worker levels (星级) by lifetime earned points: what a worker has contributed, so spending never
 * lowers it. `LEVELS[i]` is the lifetime total at which (i + 1) stars start.
 */
export const LEVELS = [
  { stars: 1, from: 0, title: '新手哨兵' },
  { stars: 2, from: 100, title: '热心哨兵' },
  { stars: 3, from: 300, title: '骨干哨兵' },
  { stars: 4, from: 800, title: '先锋哨兵' },
  { stars: 5, from: 2000, title: '金牌哨兵' },
] as const;

export interface Level {
  stars: number;
  title: string;
  earned: number;
  /** Lifetime total that reaches the next star; null at five stars. */
  nextAt: number | null;
}

export function levelFor(earned: number): Level {
  const total = Math.max(0, earned);
  let i = 0;
  while (i + 1 < LEVELS.length && total >= LEVELS[i + 1].from) i++;
  return { stars: LEVELS[i].stars, title: LEVELS[i].title, earned: total, nextAt: i + 1 < LEVELS.length ? LEVELS[i + 1].from : null };
}

/**
 * Sums of one user's ledger that decide expiry. Spending uses the points that expire soonest first
 * (the kindest order for the worker), so what expires by a moment is: earned points whose lots have
 * expired by then, less everything consumed since the start, less what already expired.
 */
export interface ExpiryTotals {
  /** Earning entries whose `expiresAt` has passed. */
  expiredLots: number;
  /** Points taken out other than by expiry (redeem, negative adjustments and reversals), less refunds and positive reversals. */
  consumed: number;
  /** Points already taken out by `expire` entries. */
  expired: number;
}

export function expiringAmount(t: ExpiryTotals, balance: number): number {
  const due = t.expiredLots - Math.max(0, t.consumed) - t.expired;
  return Math.max(0, Math.min(due, balance));
}

/** Leaderboard names: the family name and two stars, whatever the length (李** ), never the openid. */
export function maskedName(name: string): string {
  const first = [...name.trim()][0];
  return first ? `${first}**` : '匿名**';
}
