// Plain rules of the dashboard and exports: Shanghai weeks, the status groups, points by kind,
// CSV that Excel opens (UTF-8 with BOM, CRLF, quoted where needed).
import { SHANGHAI_OFFSET, SHANGHAI_OFFSET_MS, shanghaiDateTime, shanghaiDayStart } from '../isomorphic/time';

/** Issue statuses that mean staff accepted it (whatever happened after). */
export const ACCEPTED_STATUSES = ['accepted', 'dispatched', 'resolved', 'closed', 'reopened'];
export const RESOLVED_STATUSES = ['resolved', 'closed'];
export const OPEN_ISSUE_STATUSES = ['submitted', 'accepted', 'dispatched', 'reopened'];
export const REFUSED_STATUSES = ['rejected', 'duplicate'];

/** Ledger sums by kind → what the dashboard calls issued, redeemed (net of refunds) and expired. */
export function summarizePoints(rows: Array<{ _id: string; delta: number }>) {
  const by = Object.fromEntries(rows.map((r) => [r._id, r.delta || 0]));
  return {
    issued: (by.award ?? 0) + (by.volunteer ?? 0),
    redeemed: -((by.redeem ?? 0) + (by.refund ?? 0)),
    expired: -(by.expire ?? 0),
  };
}

/** The Shanghai week (index) of a Shanghai day string YYYY-MM-DD. */
export function weekOfDay(day: string): number {
  return weekIndex(new Date(`${day}T12:00:00${SHANGHAI_OFFSET}`));
}

const DAY = 86_400_000;
/** 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday. */
const MONDAY_SHIFT = 3 * DAY;

/** The Monday-based Shanghai week of an instant, as a number; same formula as the aggregation. */
export function weekIndex(at: Date): number {
  return Math.floor((at.getTime() + SHANGHAI_OFFSET_MS + MONDAY_SHIFT) / (7 * DAY));
}

/** The Monday (Shanghai date, YYYY-MM-DD) that starts a week index. */
export function weekStart(index: number): string {
  return new Date(index * 7 * DAY - MONDAY_SHIFT).toISOString().slice(0, 10);
}

/** The default dashboard range: the 12 Shanghai weeks up to now. */
export function defaultRange(now: Date): { from: Date; to: Date } {
  const from = shanghaiDayStart(weekStart(weekIndex(now) - 11));
  return { from, to: now };
}

/** The longest range a dashboard or export covers: two years (leap days included). Without a bound a
 * caller asking for 0001–9999 gets one row per week of eight millennia and a reply of tens of MB. */
export const MAX_RANGE_DAYS = 731;

/**
 * Which field makes a range too long, or null when it is within MAX_RANGE_DAYS. Checked after the
 * defaults are filled in, since `from` alone (to = now) or `to` alone (from = 12 weeks ago) can be
 * as long as both.
 */
export function overlongRangeField(range: { from: Date; to: Date }, given: { from?: string; to?: string }): 'payload.from' | 'payload.to' | null {
  if (range.to.getTime() - range.from.getTime() <= MAX_RANGE_DAYS * 86_400_000) return null;
  return given.to || !given.from ? 'payload.to' : 'payload.from';
}

export const CSV_BOM = '\uFEFF';

/** One CSV field: quoted when it holds a comma, quote, newline or leading/trailing space; formula
 * triggers (=, +, -, @) are prefixed with a quote mark so Excel shows text, not a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? shanghaiDateTime(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

