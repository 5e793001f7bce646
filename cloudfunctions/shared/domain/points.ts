import { shanghaiDay } from './time';

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
}

export interface PointsState {
  balance: number;
  earned: number;
  spent: number;
  /** Earned so far on `today.day` (Shanghai), for the daily cap. */
  today?: { day: string; earned: number };
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
}

export type EntryPlan = { ok: true; delta: number; next: PointsState; capped: boolean } | { ok: false; code: 'POINTS.INSUFFICIENT' };

/**
 * The arithmetic of one entry, as a plain function: earning is cut to what is left of today's cap,
 * spending never takes the balance below zero, and the totals move with the balance.
 */
export function planEntry(state: PointsState, req: Pick<EntryRequest, 'delta' | 'kind'>, rules: Pick<PointsRules, 'dailyCap'>, now: Date): EntryPlan {
  const day = shanghaiDay(now);
  const todayEarned = state.today && state.today.day === day ? state.today.earned : 0;
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
  };
  return { ok: true, delta, next, capped };
}
