// Opening hours in Asia/Shanghai (UTC+8 all year, no DST): "open now", the status line people read,
// and the week-minute intervals stored on each place so that "open now" is a database filter.
import type { WeeklyHours } from '../contracts/place';
import { WEEKDAYS } from '../isomorphic/labels';
import { SHANGHAI_OFFSET_MS } from '../isomorphic/time';

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const SHANGHAI_OFFSET_MIN = SHANGHAI_OFFSET_MS / 60_000;
// Days are counted from 1970-01-01, a Thursday: index 3 when Monday is 0.
const EPOCH_WEEKDAY = 3;

/** Minutes since the epoch on Shanghai's wall clock. */
export function shanghaiMinutes(at: Date): number {
  return Math.floor(at.getTime() / 60000) + SHANGHAI_OFFSET_MIN;
}

/** 0 = Monday … 6 = Sunday for a day number (days since 1970-01-01, Shanghai). */
export function weekdayOfDay(day: number): number {
  return (((day + EPOCH_WEEKDAY) % 7) + 7) % 7;
}

export function dateOfDay(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

/** Today's index in `weekly` (0 = 周一) in Shanghai. */
export function shanghaiWeekday(at: Date): number {
  return weekdayOfDay(Math.floor(shanghaiMinutes(at) / MINUTES_PER_DAY));
}

export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/**
 * The concrete opening intervals (Shanghai minutes, [start, end)) of the days `fromDay`..`toDay`,
 * merged where they touch. A range belongs to the day it opens: a closed date removes that day's
 * ranges, while the previous evening's range that runs past midnight still ends as scheduled.
 */
export function concreteIntervals(hours: WeeklyHours, fromDay: number, toDay: number): Array<[number, number]> {
  const closed = new Set(hours.closedDays ?? []);
  const raw: Array<[number, number]> = [];
  for (let d = fromDay; d <= toDay; d++) {
    if (closed.size > 0 && closed.has(dateOfDay(d))) continue;
    const base = d * MINUTES_PER_DAY;
    if (hours.is24h) {
      raw.push([base, base + MINUTES_PER_DAY]);
      continue;
    }
    for (const r of hours.weekly[weekdayOfDay(d)] ?? []) {
      const open = toMinutes(r.open);
      const close = toMinutes(r.close);
      raw.push([base + open, close > open ? base + close : base + MINUTES_PER_DAY + close]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const iv of raw) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return merged;
}

export function isOpenAt(hours: WeeklyHours, at: Date): boolean {
  const now = shanghaiMinutes(at);
  const day = Math.floor(now / MINUTES_PER_DAY);
  return concreteIntervals(hours, day - 1, day).some(([s, e]) => s <= now && now < e);
}

export interface OpenStatus {
  openNow: boolean;
  /** 「营业中 · 至 22:00」「已打烊 · 明天 08:00 开门」「24 小时营业」「今日休息 · 周三 09:00 开门」 */
  statusText: string;
}

const HORIZON_DAYS = 8;

function when(target: number, now: number): string {
  const day = Math.floor(target / MINUTES_PER_DAY);
  const today = Math.floor(now / MINUTES_PER_DAY);
  const clock = hhmm(target % MINUTES_PER_DAY);
  if (day === today) return clock;
  if (day === today + 1) return `明天 ${clock}`;
  return `${WEEKDAYS[weekdayOfDay(day)]} ${clock}`;
}

/** Whether it is open at `at`, and the line shown under its name. */
export function openStatus(hours: WeeklyHours, at: Date): OpenStatus {
  const now = shanghaiMinutes(at);
  const today = Math.floor(now / MINUTES_PER_DAY);
  const intervals = concreteIntervals(hours, today - 1, today + HORIZON_DAYS);
  const current = intervals.find(([s, e]) => s <= now && now < e);
  if (current) {
    const horizonEnd = (today + HORIZON_DAYS) * MINUTES_PER_DAY;
    if (current[1] >= horizonEnd) return { openNow: true, statusText: hours.is24h ? '24 小时营业' : '营业中' };
    const end = current[1];
    // A range ending at midnight reads better as 24:00 than as "明天 00:00".
    const until = end % MINUTES_PER_DAY === 0 && end / MINUTES_PER_DAY === today + 1 ? '24:00' : when(end, now).replace('明天 ', '次日 ');
    return { openNow: true, statusText: `营业中 · 至 ${until}` };
  }
  const next = intervals.find(([s]) => s > now);
  const restingToday = concreteIntervals(hours, today, today).length === 0;
  const prefix = restingToday ? '今日休息' : '已打烊';
  if (!next) return { openNow: false, statusText: hours.is24h || hours.weekly.some((d) => d.length > 0) ? '暂停营业' : '未设置营业时间' };
  return { openNow: false, statusText: `${prefix} · ${when(next[0], now)} 开门` };
}

/**
 * One stored interval of the week (minutes from Monday 00:00, Shanghai). `spill` marks the part of
 * an evening range that runs past midnight: it is open unless the *previous* day is a closed date,
 * while the other parts need *today* not to be one.
 */
export interface WeekInterval {
  s: number;
  e: number;
  spill: boolean;
}

/** The week intervals stored on a place (field `openWeek`), derived from its hours on every write. */
export function weekIntervals(hours: WeeklyHours): WeekInterval[] {
  if (hours.is24h) return [{ s: 0, e: MINUTES_PER_WEEK, spill: false }];
  const out: WeekInterval[] = [];
  hours.weekly.forEach((ranges, wd) => {
    for (const r of ranges) {
      const open = toMinutes(r.open);
      const close = toMinutes(r.close);
      const base = wd * MINUTES_PER_DAY;
      if (close > open) {
        out.push({ s: base + open, e: base + close, spill: false });
      } else {
        out.push({ s: base + open, e: base + MINUTES_PER_DAY, spill: false });
        const nextBase = ((wd + 1) % 7) * MINUTES_PER_DAY;
        if (close > 0) out.push({ s: nextBase, e: nextBase + close, spill: true });
      }
    }
  });
  return out.sort((a, b) => a.s - b.s || a.e - b.e);
}

/** What an "open now" database filter needs at `at`: the minute of the week and the dates of today and yesterday. */
export function openNowKey(at: Date): { minute: number; today: string; yesterday: string } {
  const now = shanghaiMinutes(at);
  const day = Math.floor(now / MINUTES_PER_DAY);
  return { minute: weekdayOfDay(day) * MINUTES_PER_DAY + (now % MINUTES_PER_DAY), today: dateOfDay(day), yesterday: dateOfDay(day - 1) };
}

/** The database filter, evaluated in memory: the same answer as isOpenAt (unit-tested against it). */
export function openByWeekIntervals(intervals: WeekInterval[], closedDays: readonly string[] | undefined, at: Date): boolean {
  const key = openNowKey(at);
  const closed = new Set(closedDays ?? []);
  return intervals.some((iv) => iv.s <= key.minute && key.minute < iv.e && !closed.has(iv.spill ? key.yesterday : key.today));
}

/**
 * Past dates are of no use on a place and are dropped on every write so the list stays short —
 * except yesterday's, which still decides whether last night's range past midnight is open.
 */
export function upcomingClosedDays(days: readonly string[] | undefined, at: Date): string[] {
  const yesterday = dateOfDay(Math.floor(shanghaiMinutes(at) / MINUTES_PER_DAY) - 1);
  return [...new Set(days ?? [])].filter((d) => d >= yesterday).sort();
}
