/** Dates shown to people and "today" for limits are Asia/Shanghai (UTC+8, no DST). */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The calendar day in Shanghai, e.g. '2026-11-22', used for daily caps and limits. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The month in Shanghai, e.g. '2026-11', used for monthly limits and leaderboards. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDay(at).slice(0, 7);
}

/** Adds calendar months in UTC terms; good enough for expiry periods measured in months. */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** A file-name stamp in Shanghai time, e.g. '20261122T093000': what the person saw on screen when exporting. */
export function shanghaiStamp(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().replace(/[-:]/g, '').slice(0, 15);
}
