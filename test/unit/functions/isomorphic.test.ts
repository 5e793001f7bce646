// The plain helpers both the functions and the mini-program run (cloudfunctions/shared/isomorphic/):
// Shanghai dates at the edges where a hand-made offset goes wrong (midnight, month and year ends,
// a phone or server in another zone), distances and how they read.
import { distanceMetres, distanceText, EARTH_RADIUS_M } from '../../../cloudfunctions/shared/isomorphic/geo';
import {
  addMonths,
  nextDay,
  shanghaiClock,
  shanghaiDateTime,
  shanghaiDay,
  shanghaiDayEnd,
  shanghaiDayStart,
  shanghaiDayStartIso,
  shanghaiMonth,
  shanghaiMonthDayTime,
  shanghaiStamp,
} from '../../../cloudfunctions/shared/isomorphic/time';
import { formatTime } from '../../../src/constants/snapshot';

describe('Shanghai time', () => {
  // 16:00 UTC is midnight in Shanghai: the UTC date and the Shanghai date differ for the next 8 hours.
  const lastMsOfDay = new Date('2026-11-21T15:59:59.999Z');
  const midnight = new Date('2026-11-21T16:00:00.000Z');

  it('turns the day at Shanghai midnight, not UTC midnight', () => {
    expect(shanghaiDay(lastMsOfDay)).toBe('2026-11-21');
    expect(shanghaiDay(midnight)).toBe('2026-11-22');
    expect(midnight.toISOString().slice(0, 10)).toBe('2026-11-21'); // what a UTC day would have said
    expect(shanghaiDay(new Date('2026-11-22T15:59:59.999Z'))).toBe('2026-11-22');
  });

  it('turns the month and the year at Shanghai midnight', () => {
    expect(shanghaiMonth(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12');
    expect(shanghaiMonth(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01');
  });

  it('reads the wall clock in Shanghai', () => {
    expect(shanghaiDateTime(midnight)).toBe('2026-11-22 00:00');
    expect(shanghaiClock('2026-11-22T01:39:00Z')).toBe('09:39');
    expect(shanghaiMonthDayTime('2026-11-22T19:39:00Z')).toBe('11月23日 03:39');
    expect(shanghaiStamp(new Date('2026-11-22T01:30:00Z'))).toBe('20261122T093000');
  });

  it('starts and ends a Shanghai day at the right instants', () => {
    expect(shanghaiDayStartIso('2026-11-22')).toBe('2026-11-22T00:00:00+08:00');
    expect(shanghaiDayStart('2026-11-22').toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(shanghaiDayEnd('2026-11-22').toISOString()).toBe('2026-11-22T15:59:59.999Z');
    expect(shanghaiDay(shanghaiDayStart('2026-11-22'))).toBe('2026-11-22');
    expect(shanghaiDay(shanghaiDayEnd('2026-11-22'))).toBe('2026-11-22');
  });

  it('counts calendar days and months across their ends', () => {
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(addMonths(new Date('2026-11-22T00:00:00Z'), 3).toISOString()).toBe('2027-02-22T00:00:00.000Z');
  });

  it('gives the same answers whatever zone the phone or the server is set to', () => {
    const before = process.env.TZ;
    const read = () => [shanghaiDay(midnight), shanghaiDateTime(lastMsOfDay), formatTime(midnight.toISOString(), midnight)];
    try {
      process.env.TZ = 'UTC';
      const utc = read();
      process.env.TZ = 'America/Los_Angeles';
      expect(read()).toEqual(utc);
      process.env.TZ = 'Asia/Shanghai';
      expect(read()).toEqual(utc);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('the pages’ times use it: a report filed just after Shanghai midnight on New Year’s Day is of the new year', () => {
    const now = new Date('2026-12-31T16:30:00Z'); // 2027-01-01 00:30 in Shanghai
    expect(formatTime('2026-12-31T16:05:00Z', now)).toBe('1月1日 00:05');
    expect(formatTime('2026-12-31T15:55:00Z', now)).toBe('2026年12月31日');
  });
});

describe('distances', () => {
  const a = { lat: 23.1, lng: 109.6 };

  it('measure a degree of latitude as about 111 km, and nothing as nothing', () => {
    expect(Math.round(distanceMetres({ lat: 23, lng: 109.6 }, { lat: 24, lng: 109.6 }))).toBe(Math.round((EARTH_RADIUS_M * Math.PI) / 180));
    expect(distanceMetres(a, a)).toBe(0);
  });

  it('are the same both ways', () => {
    const b = { lat: 23.115, lng: 109.62 };
    expect(distanceMetres(a, b)).toBeCloseTo(distanceMetres(b, a), 6);
  });

  it('shrink with the cosine of the latitude along a parallel', () => {
    const east = distanceMetres(a, { lat: 23.1, lng: 109.61 });
    expect(east).toBeCloseTo(((EARTH_RADIUS_M * Math.PI) / 180) * 0.01 * Math.cos((23.1 * Math.PI) / 180), 0);
  });
});

describe('distanceText', () => {
  it.each([
    [0, '10 米'],
    [4, '10 米'],
    [87, '90 米'],
    [320, '320 米'],
    [994, '990 米'],
    [995, '1.0 公里'],
    [999, '1.0 公里'],
    [1000, '1.0 公里'],
    [1234, '1.2 公里'],
    [9949, '9.9 公里'],
    [9950, '10 公里'],
    [12345, '12 公里'],
  ])('%d m reads %s', (m, text) => {
    expect(distanceText(m)).toBe(text);
  });
});
