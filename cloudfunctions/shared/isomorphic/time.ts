// Asia/Shanghai time, the one copy both sides use: dates shown to people, "today" for daily caps
// and limits, the district's calendar days. Shanghai is UTC+8 all year (China has kept no daylight
// saving since 1991), so a fixed offset is exact, and it works the same on a phone set to any zone,
// in a cloud function running in UTC, and on weapp, which has no Intl time-zone data to rely on.

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** The offset as ISO 8601 writes it. */
export const SHANGHAI_OFFSET = '+08:00';

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The instant moved so that its UTC fields (getUTCHours …) read Shanghai's wall clock. Only for reading fields. */
export function shanghaiWall(at: Date | string | number): Date {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS);
}

/** The calendar day in Shanghai, e.g. '2026-11-22', used for daily caps and limits. */
export function shanghaiDay(at: Date | string | number): string {
  return shanghaiWall(at).toISOString().slice(0, 10);
}

/** The month in Shanghai, e.g. '2026-11', used for monthly limits and leaderboards. */
export function shanghaiMonth(at: Date | string | number): string {
  return shanghaiDay(at).slice(0, 7);
}

/** '2026-03-05 14:07' in Shanghai. */
export function shanghaiDateTime(at: Date | string | number): string {
  return shanghaiWall(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** '14:07' in Shanghai. */
export function shanghaiClock(at: Date | string | number): string {
  return shanghaiWall(at).toISOString().slice(11, 16);
}

/** 「11月23日 03:39」 in Shanghai. */
export function shanghaiMonthDayTime(at: Date | string | number): string {
  const t = shanghaiWall(at);
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** A file-name stamp in Shanghai time, e.g. '20261122T093000': what the person saw on screen when exporting. */
export function shanghaiStamp(at: Date | string | number): string {
  return shanghaiWall(at).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

/** The instant a Shanghai day (YYYY-MM-DD) starts, as ISO with its offset: what the functions accept. */
export function shanghaiDayStartIso(day: string): string {
  return `${day}T00:00:00${SHANGHAI_OFFSET}`;
}

/** 00:00 of a Shanghai calendar day, as an instant. */
export function shanghaiDayStart(day: string): Date {
  return new Date(shanghaiDayStartIso(day));
}

/** The last millisecond of a Shanghai calendar day. */
export function shanghaiDayEnd(day: string): Date {
  return new Date(shanghaiDayStart(day).getTime() + DAY_MS - 1);
}

/** The calendar day after `day` (YYYY-MM-DD); plain date arithmetic, no zone involved. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Adds calendar months in UTC terms; good enough for expiry periods measured in months. */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
