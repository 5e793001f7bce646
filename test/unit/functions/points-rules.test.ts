import { planEntry } from '../../../cloudfunctions/shared/domain/points';
import { shanghaiDay } from '../../../cloudfunctions/shared/isomorphic/time';

const rules = { dailyCap: 100 };
// 23:30 in Shanghai on 2026-11-21 is 15:30 UTC; 00:30 the next Shanghai day is 16:30 UTC.
const lateEvening = new Date('2026-11-21T15:30:00Z');
const afterMidnight = new Date('2026-11-21T16:30:00Z');

describe('Shanghai days', () => {
  it('turns the day at midnight Shanghai time, not UTC', () => {
    expect(shanghaiDay(lateEvening)).toBe('2026-11-21');
    expect(shanghaiDay(afterMidnight)).toBe('2026-11-22');
  });
});

describe('planEntry', () => {
  const fresh = { balance: 50, earned: 50, spent: 0 };

  it('adds an award to balance and lifetime earned', () => {
    const p = planEntry(fresh, { delta: 30, kind: 'award' }, rules, lateEvening);
    expect(p).toEqual({ ok: true, delta: 30, capped: false, next: { balance: 80, earned: 80, spent: 0, today: { day: '2026-11-21', earned: 30 }, month: { month: '2026-11', earned: 30 } } });
  });

  it('cuts an award to what is left of today’s cap, and to zero once it is reached', () => {
    const state = { ...fresh, today: { day: '2026-11-21', earned: 90 } };
    const p = planEntry(state, { delta: 30, kind: 'award' }, rules, lateEvening);
    expect(p).toMatchObject({ ok: true, delta: 10, capped: true });
    const full = { ...fresh, today: { day: '2026-11-21', earned: 100 } };
    expect(planEntry(full, { delta: 5, kind: 'volunteer' }, rules, lateEvening)).toMatchObject({ ok: true, delta: 0, capped: true });
  });

  it('starts a new cap after Shanghai midnight', () => {
    const state = { ...fresh, today: { day: '2026-11-21', earned: 100 } };
    expect(planEntry(state, { delta: 30, kind: 'award' }, rules, afterMidnight)).toMatchObject({ ok: true, delta: 30, capped: false });
  });

  it('does not cap staff adjustments or refunds', () => {
    const state = { ...fresh, today: { day: '2026-11-21', earned: 100 } };
    expect(planEntry(state, { delta: 500, kind: 'adjust' }, rules, lateEvening)).toMatchObject({ ok: true, delta: 500 });
    expect(planEntry(state, { delta: 20, kind: 'refund' }, rules, lateEvening)).toMatchObject({ ok: true, delta: 20, next: { spent: -20 } });
  });

  it('spends into `spent` and never below zero', () => {
    expect(planEntry(fresh, { delta: -50, kind: 'redeem' }, rules, lateEvening)).toMatchObject({ ok: true, next: { balance: 0, spent: 50 } });
    expect(planEntry(fresh, { delta: -51, kind: 'redeem' }, rules, lateEvening)).toEqual({ ok: false, code: 'POINTS.INSUFFICIENT' });
  });
});
