// Rules of points and rewards as plain functions: levels, expiry arithmetic, the monthly figure,
// codes, refusals in the order a person wants to hear them, and who may fulfil or manage.
import { expiringAmount, levelFor, maskedName, planEntry } from '../../../cloudfunctions/shared/domain/points';
import {
  quotaAfter,
  quotaCount,
  codeFromBytes,
  effectiveStatus,
  formatCode,
  isActiveAt,
  mayFulfil,
  mayManage,
  normalizeCode,
  redeemRefusal,
  redemptionId,
} from '../../../cloudfunctions/shared/domain/rewards';
import { shanghaiDayEnd, shanghaiDayStart } from '../../../cloudfunctions/shared/isomorphic/time';

describe('levels (星级) by lifetime points', () => {
  it('starts at one star and reaches five at 2000', () => {
    expect(levelFor(0)).toEqual({ stars: 1, title: '新手哨兵', earned: 0, nextAt: 100 });
    expect(levelFor(99).stars).toBe(1);
    expect(levelFor(100)).toMatchObject({ stars: 2, nextAt: 300 });
    expect(levelFor(799)).toMatchObject({ stars: 3, nextAt: 800 });
    expect(levelFor(800)).toMatchObject({ stars: 4, nextAt: 2000 });
    expect(levelFor(5000)).toEqual({ stars: 5, title: '金牌哨兵', earned: 5000, nextAt: null });
  });
});

describe('the monthly figure for the leaderboard', () => {
  const oct31late = new Date('2026-10-31T15:30:00Z'); // 23:30 Shanghai, 31 Oct
  const nov1early = new Date('2026-10-31T16:30:00Z'); // 00:30 Shanghai, 1 Nov
  it('counts earning in the Shanghai month and restarts at Shanghai midnight on the 1st', () => {
    const a = planEntry({ balance: 0, earned: 0, spent: 0 }, { delta: 10, kind: 'award' }, { dailyCap: 100 }, oct31late);
    expect(a.ok && a.next.month).toEqual({ month: '2026-10', earned: 10 });
    const b = planEntry(a.ok ? a.next : ({} as never), { delta: 5, kind: 'volunteer' }, { dailyCap: 100 }, nov1early);
    expect(b.ok && b.next.month).toEqual({ month: '2026-11', earned: 5 });
  });
  it('does not count spending or adjustments', () => {
    const s = { balance: 50, earned: 50, spent: 0, month: { month: '2026-11', earned: 50 } };
    const r = planEntry(s, { delta: -20, kind: 'redeem' }, { dailyCap: 100 }, nov1early);
    expect(r.ok && r.next.month).toEqual({ month: '2026-11', earned: 50 });
    const adj = planEntry(s, { delta: 20, kind: 'adjust' }, { dailyCap: 100 }, nov1early);
    expect(adj.ok && adj.next.month).toEqual({ month: '2026-11', earned: 50 });
  });
});

describe('expiry arithmetic', () => {
  it('takes expired lots less what was consumed and what already expired, never more than the balance', () => {
    expect(expiringAmount({ expiredLots: 80, consumed: 50, expired: 0 }, 60)).toBe(30);
    expect(expiringAmount({ expiredLots: 80, consumed: 50, expired: 30 }, 30)).toBe(0);
    expect(expiringAmount({ expiredLots: 80, consumed: 100, expired: 0 }, 10)).toBe(0);
    expect(expiringAmount({ expiredLots: 80, consumed: 0, expired: 0 }, 40)).toBe(40);
    // Refunds beyond what was spent never make consumption negative.
    expect(expiringAmount({ expiredLots: 30, consumed: -10, expired: 0 }, 100)).toBe(30);
  });
});

describe('masked names', () => {
  it('keeps the family name and hides the rest and its length', () => {
    expect(maskedName('李明')).toBe('李**');
    expect(maskedName('欧阳娜娜')).toBe('欧**');
    expect(maskedName('  ')).toBe('匿名**');
  });
});

describe('redemption codes', () => {
  it('are 12 Crockford base32 characters from 60 random bits', () => {
    expect(codeFromBytes(new Uint8Array(8))).toBe('000000000000');
    expect(codeFromBytes(new Uint8Array(8).fill(255))).toBe('ZZZZZZZZZZZZ');
    // 0x0123456789ABCDEF → the top 60 bits in 5-bit groups.
    expect(codeFromBytes(Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]))).toBe('04HMASW9NF6Y');
    expect(() => codeFromBytes(new Uint8Array(4))).toThrow();
  });
  it('read the way people type them', () => {
    expect(normalizeCode(' h8k2-m4q7 r9t3 ')).toBe('H8K2M4Q7R9T3');
    expect(normalizeCode('oIl0')).toBe('0110');
    expect(formatCode('H8K2M4Q7R9T3')).toBe('H8K2-M4Q7-R9T3');
  });
  it('are named by requestId per worker', () => {
    expect(redemptionId('a', 'req-1')).toBe(redemptionId('a', 'req-1'));
    expect(redemptionId('a', 'req-1')).not.toBe(redemptionId('b', 'req-1'));
  });
});

describe('reward window and refusals', () => {
  const now = new Date('2026-11-22T04:00:00Z');
  const reward = { status: 'active' as const, activeFrom: shanghaiDayStart('2026-11-01'), activeTo: shanghaiDayEnd('2026-11-22'), stock: 3, perUserLimit: 2, cost: 50 };

  it('uses Shanghai days for the window, inclusive of the last day', () => {
    expect(shanghaiDayStart('2026-11-22').toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(shanghaiDayEnd('2026-11-22').toISOString()).toBe('2026-11-22T15:59:59.999Z');
    expect(isActiveAt(reward, now)).toBe(true);
    expect(isActiveAt(reward, new Date('2026-11-22T16:00:00Z'))).toBe(false);
    expect(isActiveAt({ ...reward, status: 'pending' }, now)).toBe(false);
    expect(isActiveAt({ ...reward, activeTo: null }, new Date('2030-01-01'))).toBe(true);
  });

  it('says inactive, then sold out, then the limit, then the balance', () => {
    const ok = { monthCount: 0, balance: 100 };
    expect(redeemRefusal(reward, ok, now)).toBeNull();
    expect(redeemRefusal({ ...reward, status: 'archived', stock: 0 }, { monthCount: 9, balance: 0 }, now)?.code).toBe('REWARD.INACTIVE');
    expect(redeemRefusal({ ...reward, stock: 0 }, { monthCount: 9, balance: 0 }, now)?.code).toBe('REWARD.OUT_OF_STOCK');
    expect(redeemRefusal(reward, { monthCount: 2, balance: 0 }, now)).toEqual({ code: 'REWARD.LIMIT_REACHED', message: '每人每月限兑 2 次，本月已兑完' });
    expect(redeemRefusal({ ...reward, perUserLimit: 0 }, { monthCount: 99, balance: 100 }, now)).toBeNull();
    expect(redeemRefusal(reward, { monthCount: 0, balance: 49 }, now)).toEqual({ code: 'POINTS.INSUFFICIENT', message: '积分不足：需要 50 分，当前 49 分' });
  });

  it('shows an issued code past its expiry as expired', () => {
    expect(effectiveStatus({ status: 'issued', expiresAt: new Date(now.getTime() - 1) }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'issued', expiresAt: new Date(now.getTime() + 1) }, now)).toBe('issued');
    expect(effectiveStatus({ status: 'fulfilled', expiresAt: new Date(0) }, now)).toBe('fulfilled');
  });
});

describe('the month\'s count against a per-person limit', () => {
  it('counts this month only, starts afresh in a new one, and gives back only what this month holds', () => {
    const one = quotaAfter(null, 'rw-a', '2026-12', 1)!;
    expect(quotaCount(one, 'rw-a', '2026-12')).toBe(1);
    expect(quotaCount(one, 'rw-b', '2026-12')).toBe(0);
    expect(quotaCount(one, 'rw-a', '2027-01')).toBe(0);
    const two = quotaAfter(one, 'rw-a', '2026-12', 1)!;
    expect(two).toEqual({ month: '2026-12', byReward: { 'rw-a': 2 } });
    // A new month drops the old counts.
    expect(quotaAfter(two, 'rw-b', '2027-01', 1)).toEqual({ month: '2027-01', byReward: { 'rw-b': 1 } });
    expect(quotaAfter(two, 'rw-a', '2026-12', -1)).toEqual({ month: '2026-12', byReward: { 'rw-a': 1 } });
    expect(quotaAfter(one, 'rw-a', '2026-12', -1)).toEqual({ month: '2026-12', byReward: {} });
    // A refund of last month's redemption, or of one never counted, changes nothing.
    expect(quotaAfter(two, 'rw-a', '2026-11', -1)).toBeNull();
    expect(quotaAfter(two, 'rw-b', '2026-12', -1)).toBeNull();
  });
});

describe('who fulfils and who manages', () => {
  const scopes = (s: Partial<{ staff: string[]; merchant: string[]; gridworker: string[] }>) => ({ staff: [], merchant: [], gridworker: [], ...s });
  const atPlace = { placeId: 'place-1', communityId: 'community-a' };
  const anyStation = { placeId: null, communityId: 'community-a' };
  const district = { placeId: null, communityId: null };

  it('the place’s merchant, staff of its community, admins', () => {
    expect(mayFulfil({ roles: ['worker', 'merchant'], scopes: scopes({ merchant: ['place-1'] }) }, atPlace)).toBe(true);
    expect(mayFulfil({ roles: ['worker', 'merchant'], scopes: scopes({ merchant: ['place-2'] }) }, atPlace)).toBe(false);
    expect(mayFulfil({ roles: ['worker', 'merchant'], scopes: scopes({ merchant: ['place-1'] }) }, anyStation)).toBe(false);
    expect(mayFulfil({ roles: ['worker', 'staff'], scopes: scopes({ staff: ['community-a'] }) }, atPlace)).toBe(true);
    expect(mayFulfil({ roles: ['worker', 'staff'], scopes: scopes({ staff: ['community-b'] }) }, anyStation)).toBe(false);
    expect(mayFulfil({ roles: ['worker', 'staff'], scopes: scopes({ staff: ['community-b'] }) }, district)).toBe(true);
    expect(mayFulfil({ roles: ['worker'], scopes: scopes({ merchant: ['place-1'] }) }, atPlace)).toBe(false);
    expect(mayFulfil({ roles: ['worker', 'admin'], scopes: scopes({}) }, atPlace)).toBe(true);
  });

  it('staff of the reward’s community and admins manage; district-wide ones only admins', () => {
    expect(mayManage({ roles: ['staff'], scopes: scopes({ staff: ['community-a'] }) }, atPlace)).toBe(true);
    expect(mayManage({ roles: ['staff'], scopes: scopes({ staff: ['community-b'] }) }, atPlace)).toBe(false);
    expect(mayManage({ roles: ['staff'], scopes: scopes({ staff: ['community-a'] }) }, district)).toBe(false);
    expect(mayManage({ roles: ['admin'], scopes: scopes({}) }, district)).toBe(true);
    expect(mayManage({ roles: ['merchant'], scopes: scopes({ merchant: ['place-1'] }) }, atPlace)).toBe(false);
  });
});
