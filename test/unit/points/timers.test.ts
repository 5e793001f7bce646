// The emulator's timer triggers: CloudBase's 7-field cron, read in Beijing time, and the triggers
// declared in cloudbaserc.json.
import { CLOUDBASERC, nextFire, parseCron, readTimerTriggers } from '../../../emulator/functions/timers';

describe('cron', () => {
  it('every 10 minutes on the minute', () => {
    const c = parseCron('0 */10 * * * * *');
    expect(nextFire(c, new Date('2026-11-22T03:04:05Z'))?.toISOString()).toBe('2026-11-22T03:10:00.000Z');
    expect(nextFire(c, new Date('2026-11-22T03:10:00Z'))?.toISOString()).toBe('2026-11-22T03:20:00.000Z');
  });

  it('reads hours in Beijing time: 02:30 every day is 18:30 UTC', () => {
    const c = parseCron('0 30 2 * * * *');
    expect(nextFire(c, new Date('2026-11-22T12:00:00Z'))?.toISOString()).toBe('2026-11-22T18:30:00.000Z');
  });

  it('lists, ranges, weekdays and months', () => {
    // 09:00 Beijing on Mondays and Fridays.
    const c = parseCron('0 0 9 * * MON,5 *');
    // 2026-11-22 is a Sunday; the next Monday is the 23rd.
    expect(nextFire(c, new Date('2026-11-22T00:00:00Z'))?.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    const feb = parseCron('0 0 0 1 2 * *');
    expect(nextFire(feb, new Date('2026-11-22T00:00:00Z'))?.toISOString()).toBe('2027-01-31T16:00:00.000Z');
    expect(parseCron('0 5-50/15 * * * * *')[1]).toEqual(new Set([5, 20, 35, 50]));
  });

  it('refuses what it cannot read', () => {
    expect(() => parseCron('*/5 * * * *')).toThrow(/7 fields/);
    expect(() => parseCron('0 61 * * * * *')).toThrow(/out of range/);
    expect(() => parseCron('0 */0 * * * * *')).toThrow(/step/);
  });
});

describe('cloudbaserc.json', () => {
  it('declares the points job on a timer that the emulator can read', () => {
    const triggers = readTimerTriggers(CLOUDBASERC);
    expect(triggers).toContainEqual({ functionName: 'pointsjobs', name: 'pointsjobs-every-10-min', config: '0 */10 * * * * *' });
    for (const t of triggers) expect(() => parseCron(t.config)).not.toThrow();
  });
});
