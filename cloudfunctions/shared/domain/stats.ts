// Plain rules of the dashboard and exports: Shanghai weeks, medians from a sorted window,
// CSV that Excel opens (UTF-8 with BOM, CRLF, quoted where needed).

/** Issue statuses that mean staff accepted it (whatever happened after). */
export const ACCEPTED_STATUSES = ['accepted', 'dispatched', 'resolved', 'closed', 'reopened'];
export const RESOLVED_STATUSES = ['resolved', 'closed'];
export const OPEN_ISSUE_STATUSES = ['submitted', 'accepted', 'dispatched', 'reopened'];
export const REFUSED_STATUSES = ['rejected', 'duplicate'];

/** One row of the reports-by-status aggregation. */
export interface StatusRow {
  _id: { kind: string; status: string; fixed?: boolean | null; late?: boolean };
  n: number;
  stars?: number;
  hours?: number;
}

/** The report totals of the dashboard from the few rows of the by-status aggregation. */
export function summarizeStatusRows(rows: StatusRow[]) {
  const t = { submitted: 0, accepted: 0, resolved: 0, rejected: 0, overdue: 0, rated: 0, fixed: 0, stars: 0, volunteerRecords: 0, volunteerVerified: 0, volunteerHours: 0 };
  for (const r of rows) {
    const { kind, status, fixed, late } = r._id;
    const n = r.n || 0;
    if (kind === 'issue') {
      t.submitted += n;
      if (ACCEPTED_STATUSES.includes(status)) t.accepted += n;
      if (RESOLVED_STATUSES.includes(status)) t.resolved += n;
      if (REFUSED_STATUSES.includes(status)) t.rejected += n;
      if (late && OPEN_ISSUE_STATUSES.includes(status)) t.overdue += n;
    } else if (kind === 'volunteer') {
      t.volunteerRecords += n;
      if (status === 'verified') {
        t.volunteerVerified += n;
        t.volunteerHours += r.hours || 0;
      }
    }
    if (fixed === true || fixed === false) {
      t.rated += n;
      if (fixed) t.fixed += n;
      t.stars += r.stars || 0;
    }
  }
  return t;
}

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
  return weekIndex(new Date(`${day}T12:00:00+08:00`));
}

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;
/** 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday. */
const MONDAY_SHIFT = 3 * DAY;

/** The Monday-based Shanghai week of an instant, as a number; same formula as the aggregation. */
export function weekIndex(at: Date): number {
  return Math.floor((at.getTime() + SHANGHAI + MONDAY_SHIFT) / (7 * DAY));
}

/** The Monday (Shanghai date, YYYY-MM-DD) that starts a week index. */
export function weekStart(index: number): string {
  return new Date(index * 7 * DAY - MONDAY_SHIFT).toISOString().slice(0, 10);
}

/**
 * Where the median sits in a sorted list of n values: skip `skip`, take `take` (1 or 2 values
 * to average), so the database returns at most two numbers instead of every value.
 */
export function medianWindow(n: number): { skip: number; take: number } | null {
  if (n <= 0) return null;
  return n % 2 === 1 ? { skip: (n - 1) / 2, take: 1 } : { skip: n / 2 - 1, take: 2 };
}

export function medianOf(window: number[]): number | null {
  if (window.length === 0) return null;
  const v = window.reduce((a, b) => a + b, 0) / window.length;
  return Math.round(v * 10) / 10;
}

/** The default dashboard range: the 12 Shanghai weeks up to now. */
export function defaultRange(now: Date): { from: Date; to: Date } {
  const from = new Date(weekStart(weekIndex(now) - 11) + 'T00:00:00+08:00');
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
  let s = value instanceof Date ? formatShanghai(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** 2026-11-22 09:30 in Shanghai time: what a person reads in the sheet. */
export function formatShanghai(at: Date): string {
  const d = new Date(at.getTime() + SHANGHAI).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}
