import type { TimeRange, WeeklyHours } from '../../../cloudfunctions/shared/contracts/place';
import { weeklyHours } from '../../../cloudfunctions/shared/contracts/place';
import {
  isOpenAt,
  openByWeekIntervals,
  openNowKey,
  openStatus,
  shanghaiWeekday,
  upcomingClosedDays,
  weekIntervals,
} from '../../../cloudfunctions/shared/domain/hours';

// Fixed clocks in Shanghai time. 2026-11-23 is a Monday.
const at = (local: string) => new Date(`${local}:00+08:00`);
const r = (open: string, close: string): TimeRange => ({ open, close });
const week = (...days: TimeRange[][]): WeeklyHours['weekly'] => Array.from({ length: 7 }, (_, i) => days[i] ?? []);
const everyDay = (...ranges: TimeRange[]) => week(...Array.from({ length: 7 }, () => ranges));

/** Both ways the code answers "open now" must agree: the concrete days and the stored week intervals. */
function open(hours: WeeklyHours, when: Date): boolean {
  const a = isOpenAt(hours, when);
  const b = openByWeekIntervals(weekIntervals(hours), hours.closedDays, when);
  const c = openStatus(hours, when).openNow;
  expect([a, b, c]).toEqual([a, a, a]);
  return a;
}

describe('the Shanghai clock', () => {
  it('counts weekdays from Monday in Shanghai, not UTC', () => {
    expect(shanghaiWeekday(at('2026-11-23T00:10'))).toBe(0); // Monday 00:10 in Shanghai is still Sunday in UTC
    expect(shanghaiWeekday(new Date('2026-11-22T15:59:00Z'))).toBe(6);
    expect(shanghaiWeekday(new Date('2026-11-22T16:00:00Z'))).toBe(0);
    expect(openNowKey(at('2026-11-24T09:30'))).toEqual({ minute: 1440 + 570, today: '2026-11-24', yesterday: '2026-11-23' });
  });
});

describe('open now', () => {
  const shop: WeeklyHours = { weekly: everyDay(r('08:00', '22:00')) };

  it('opens at the opening minute and closes at the closing minute', () => {
    expect(open(shop, at('2026-11-23T07:59'))).toBe(false);
    expect(open(shop, at('2026-11-23T08:00'))).toBe(true);
    expect(open(shop, at('2026-11-23T21:59'))).toBe(true);
    expect(open(shop, at('2026-11-23T22:00'))).toBe(false);
  });

  it('keeps an evening range open past midnight into the next day, and only that far', () => {
    const fridayNight: WeeklyHours = { weekly: week([], [], [], [], [r('18:00', '02:00')]) };
    expect(open(fridayNight, at('2026-11-27T23:30'))).toBe(true); // Friday
    expect(open(fridayNight, at('2026-11-28T01:59'))).toBe(true); // Saturday, small hours
    expect(open(fridayNight, at('2026-11-28T02:00'))).toBe(false);
    expect(open(fridayNight, at('2026-11-28T18:30'))).toBe(false); // Saturday has no range of its own
    expect(open(fridayNight, at('2026-11-27T01:00'))).toBe(false); // Thursday had none to spill
  });

  it('wraps Sunday night into Monday morning', () => {
    const sundayNight: WeeklyHours = { weekly: week([], [], [], [], [], [], [r('20:00', '03:00')]) };
    expect(open(sundayNight, at('2026-11-23T02:30'))).toBe(true); // Monday 02:30
    expect(open(sundayNight, at('2026-11-23T03:00'))).toBe(false);
    expect(open(sundayNight, at('2026-11-29T21:00'))).toBe(true); // Sunday
  });

  it('treats a closed date as closing that day’s ranges, not the previous night’s spill', () => {
    const nightly: WeeklyHours = { weekly: everyDay(r('18:00', '02:00')), closedDays: ['2026-11-27'] };
    expect(open(nightly, at('2026-11-27T01:00'))).toBe(true); // Thursday night's range, still running
    expect(open(nightly, at('2026-11-27T19:00'))).toBe(false); // Friday is closed
    expect(open(nightly, at('2026-11-28T01:00'))).toBe(false); // … and so is its spill into Saturday
    expect(open(nightly, at('2026-11-28T19:00'))).toBe(true);
  });

  it('is always open when 24h, except on its closed dates', () => {
    const allDay: WeeklyHours = { weekly: everyDay(), is24h: true, closedDays: ['2026-11-25'] };
    expect(open(allDay, at('2026-11-24T03:00'))).toBe(true);
    expect(open(allDay, at('2026-11-24T23:59'))).toBe(true);
    expect(open(allDay, at('2026-11-25T00:00'))).toBe(false);
    expect(open(allDay, at('2026-11-25T12:00'))).toBe(false);
    expect(open(allDay, at('2026-11-26T00:00'))).toBe(true);
  });

  it('is closed on a weekly day off and between split shifts', () => {
    const split: WeeklyHours = { weekly: week([], [r('10:00', '14:00'), r('17:00', '21:00')], [r('10:00', '14:00')]) };
    expect(open(split, at('2026-11-23T12:00'))).toBe(false); // Monday off
    expect(open(split, at('2026-11-24T12:00'))).toBe(true);
    expect(open(split, at('2026-11-24T15:00'))).toBe(false);
    expect(open(split, at('2026-11-24T17:00'))).toBe(true);
  });

  it('agrees with the stored week intervals for any hours at any minute', () => {
    // A seeded generator: the same cases every run.
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const t = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    for (let i = 0; i < 300; i++) {
      const weekly = Array.from({ length: 7 }, () =>
        Array.from({ length: rnd(3) }, () => {
          const open = rnd(48) * 30;
          let close = rnd(49) * 30;
          if (close === open) close = (open + 30) % 1440;
          return r(t(open), close === 1440 ? '24:00' : t(close));
        }),
      );
      const hours: WeeklyHours = { weekly, is24h: rnd(10) === 0, closedDays: rnd(2) ? ['2026-11-24', '2026-11-28'] : undefined };
      expect(weeklyHours.safeParse(hours).success).toBe(true);
      for (let k = 0; k < 20; k++) open(hours, new Date(at('2026-11-23T00:00').getTime() + rnd(7 * 1440) * 60000));
    }
  });
});

describe('the status line', () => {
  const shop: WeeklyHours = { weekly: everyDay(r('08:00', '22:00')) };

  it('says until when it is open, and when it opens next', () => {
    expect(openStatus(shop, at('2026-11-23T12:00')).statusText).toBe('营业中 · 至 22:00');
    expect(openStatus(shop, at('2026-11-23T06:00')).statusText).toBe('已打烊 · 08:00 开门');
    expect(openStatus(shop, at('2026-11-23T23:00')).statusText).toBe('已打烊 · 明天 08:00 开门');
  });

  it('says 次日 for a range that ends after midnight and 24:00 for one that ends at midnight', () => {
    expect(openStatus({ weekly: everyDay(r('17:00', '02:00')) }, at('2026-11-23T20:00')).statusText).toBe('营业中 · 至 次日 02:00');
    expect(openStatus({ weekly: everyDay(r('07:00', '24:00')) }, at('2026-11-23T20:00')).statusText).toBe('营业中 · 至 24:00');
  });

  it('runs touching ranges together', () => {
    const hours: WeeklyHours = { weekly: everyDay(r('08:00', '12:00'), r('12:00', '20:00')) };
    expect(openStatus(hours, at('2026-11-23T09:00')).statusText).toBe('营业中 · 至 20:00');
  });

  it('says 今日休息 on a closed date or weekly day off, naming the next opening day', () => {
    const closedToday: WeeklyHours = { ...shop, closedDays: ['2026-11-23'] };
    expect(openStatus(closedToday, at('2026-11-23T12:00'))).toEqual({ openNow: false, statusText: '今日休息 · 明天 08:00 开门' });
    const officeHours: WeeklyHours = { weekly: week([r('09:00', '17:00')], [r('09:00', '17:00')], [r('09:00', '17:00')], [r('09:00', '17:00')], [r('09:00', '17:00')]) };
    expect(openStatus(officeHours, at('2026-11-28T10:00')).statusText).toBe('今日休息 · 周一 09:00 开门'); // Saturday
  });

  it('says 24 小时营业 round the clock, and what to say when there are no hours at all', () => {
    expect(openStatus({ weekly: everyDay(), is24h: true }, at('2026-11-23T03:00'))).toEqual({ openNow: true, statusText: '24 小时营业' });
    expect(openStatus({ weekly: everyDay() }, at('2026-11-23T03:00'))).toEqual({ openNow: false, statusText: '未设置营业时间' });
  });
});

describe('closed dates kept on a place', () => {
  it('drops dates before yesterday and sorts the rest once each', () => {
    expect(upcomingClosedDays(['2026-12-01', '2026-11-20', '2026-11-22', '2026-12-01', '2026-11-23'], at('2026-11-23T10:00'))).toEqual(['2026-11-22', '2026-11-23', '2026-12-01']);
  });
});

describe('hours validation', () => {
  it('refuses a range that opens and closes at the same minute, a bad time and a missing day', () => {
    expect(weeklyHours.safeParse({ weekly: everyDay(r('08:00', '08:00')) }).success).toBe(false);
    expect(weeklyHours.safeParse({ weekly: everyDay(r('8:00', '20:00')) }).success).toBe(false);
    expect(weeklyHours.safeParse({ weekly: everyDay(r('24:00', '02:00')) }).success).toBe(false);
    expect(weeklyHours.safeParse({ weekly: everyDay(r('08:00', '24:00')).slice(0, 6) }).success).toBe(false);
    expect(weeklyHours.safeParse({ weekly: everyDay(), closedDays: ['2026-02-30'] }).success).toBe(false);
  });
});
