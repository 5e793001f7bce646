// Points through the real SDK and the built `points` / `pointsjobs` functions: earn → redeem → fulfil,
// every refusal, cancel and expiry refunds (once), adjustments with audit, rules, leaderboard, and
// the auditor's check that every balance is the sum of its ledger.
import { seedDemo } from '../../emulator/seed';
import { fireTimer } from '../../emulator/functions/timers';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { all, earn, expectLedgersBalance } from './points-helpers';

jest.setTimeout(120_000);

let emu: TestEmulator;
let n = 0;
const rid = () => `req-${Date.now().toString(36)}-${++n}`;

beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
  await emu.call('test-admin', 'user', 'login', {});
});
afterAll(() => emu.close());

const db = () => emu.app.database();
const doc = async <T = any>(collection: string, id: string): Promise<T> => (await db().collection(collection).doc(id).get()).data[0] as T;
const balance = async (openid: string) => (await doc<{ points: { balance: number } }>('users', openid)).points.balance;
const ledgerOf = (openid: string) => all<{ _id: string; delta: number; kind: string; reason: string; ref: unknown }>(emu, 'ledger', { openid });
const auditOf = (targetId: string) => all<{ action: string; actor: string; before: any; after: any; names?: Record<string, string> }>(emu, 'audit', { 'target.id': targetId });

async function newWorker(openid: string, points = 0, communityId = 'community-hecheng') {
  await emu.call(openid, 'user', 'login', {});
  await emu.call(openid, 'user', 'updateProfile', { name: '测试骑手', communityId });
  if (points > 0) await earn(emu, openid, points, `award:seed-${openid}`);
}

async function newReward(over: Record<string, unknown> = {}, by = 'demo-staff-1') {
  const r = await emu.call(by, 'points', 'upsertReward', {
    requestId: rid(),
    title: '测试奖励',
    description: '',
    cost: 30,
    stock: 5,
    perUserLimit: 0,
    placeId: 'place-demo-merchant-1',
    validDays: 7,
    ...over,
  });
  expect(r).toMatchObject({ ok: true });
  return r.data as { id: string; stock: number; status: string };
}

describe('earn → redeem → fulfil', () => {
  it('moves points, stock and the ledger exactly once, and the merchant fulfils once', async () => {
    await newWorker('pw-flow');
    await earn(emu, 'pw-flow', 100, 'award:report-flow-1');
    expect((await emu.call('pw-flow', 'points', 'summary', {})).data).toMatchObject({ balance: 100, earned: 100, spent: 0, level: { stars: 2 } });

    const reward = await newReward({ title: '招牌牛腩粉一碗', cost: 30, stock: 5, perUserLimit: 2 });
    expect(reward).toMatchObject({ status: 'active', stock: 5 });

    const requestId = rid();
    const first = await emu.call('pw-flow', 'points', 'redeem', { rewardId: reward.id, requestId });
    expect(first).toMatchObject({ ok: true, data: { status: 'issued', title: '招牌牛腩粉一碗', cost: 30, fulfilAt: '黄记牛腩粉' } });
    expect(first.data.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);

    // A retry (network, double tap) returns the same redemption and charges nothing more.
    const again = await emu.call('pw-flow', 'points', 'redeem', { rewardId: reward.id, requestId });
    expect(again.data).toMatchObject({ id: first.data.id, code: first.data.code });
    expect((await emu.call('pw-flow', 'points', 'summary', {})).data).toMatchObject({ balance: 70, earned: 100, spent: 30 });
    expect(await doc('rewards', reward.id)).toMatchObject({ stock: 4, issued: 1 });
    const ledger = await emu.call('pw-flow', 'points', 'ledger', {});
    expect(ledger.data.items.map((e: any) => [e.kind, e.delta, e.balanceAfter])).toEqual([['redeem', -30, 70], ['award', 100, 100]]);
    expect(ledger.data.items[0]).toMatchObject({ kindLabel: '兑换', reason: '兑换「招牌牛腩粉一碗」', ref: { type: 'redemption', id: first.data.id } });
    // Two entries on pages of two: one page and no cursor, so the app never asks for an empty page.
    expect((await emu.call('pw-flow', 'points', 'ledger', { pageSize: 2 })).data.nextCursor).toBeNull();
    const byOne = await emu.call('pw-flow', 'points', 'ledger', { pageSize: 1 });
    expect(typeof byOne.data.nextCursor).toBe('string');
    const last = await emu.call('pw-flow', 'points', 'ledger', { pageSize: 1, cursor: byOne.data.nextCursor });
    expect(last.data.items.map((e: any) => e.kind)).toEqual(['award']);
    expect(last.data.nextCursor).toBeNull();

    // The merchant types the code (spaces, dashes and case don't matter) and sees whose it is, masked.
    const typed = `${first.data.code.slice(0, 4).toLowerCase()}-${first.data.code.slice(4, 8)} ${first.data.code.slice(8)}`;
    const check = await emu.call('demo-merchant-1', 'points', 'checkCode', { code: typed });
    expect(check).toMatchObject({ ok: true, data: { id: first.data.id, status: 'issued', holder: '测**' } });
    const done = await emu.call('demo-merchant-1', 'points', 'fulfill', { code: typed });
    expect(done).toMatchObject({ ok: true, data: { status: 'fulfilled', statusLabel: '已使用' } });
    const twice = await emu.call('demo-merchant-1', 'points', 'fulfill', { code: first.data.code });
    expect(twice).toMatchObject({ ok: false, error: { code: 'REDEMPTION.ALREADY_USED' } });
    expect(twice.error.message).toMatch(/已于 \d+月\d+日 \d\d:\d\d 核销/);

    const mine = await emu.call('pw-flow', 'points', 'myRedemptions', {});
    expect(mine.data.items).toHaveLength(1);
    expect(mine.data.items[0]).toMatchObject({ id: first.data.id, status: 'fulfilled', statusLabel: '已使用' });
    expect(await doc('redemptions', first.data.id)).toMatchObject({ status: 'fulfilled', fulfilledBy: 'demo-merchant-1' });
    expect((await auditOf(first.data.id)).map((a) => a.action)).toEqual(['points.fulfill']);
    // The trail names the reward and the place as they were called at the counter.
    expect((await auditOf(first.data.id)).map((a) => a.names)).toEqual([{ [reward.id]: '招牌牛腩粉一碗', 'place-demo-merchant-1': '黄记牛腩粉' }]);
    // Cancelling a used code is refused and refunds nothing.
    expect(await emu.call('pw-flow', 'points', 'cancelRedemption', { id: first.data.id })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.ALREADY_USED' } });
    expect(await balance('pw-flow')).toBe(70);
  });

  it('refuses an unknown code and a caller who is not a merchant or staff', async () => {
    expect(await emu.call('demo-merchant-1', 'points', 'fulfill', { code: 'ZZZZ-ZZZZ-ZZZZ' })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.NOT_FOUND' } });
    expect(await emu.call('demo-worker-1', 'points', 'fulfill', { code: 'ZZZZ-ZZZZ-ZZZZ' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call('demo-merchant-1', 'points', 'fulfill', { code: '<script>' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.code' } });
  });

  it('sends a code to the right place: another place’s merchant and out-of-scope staff get AUTH.FORBIDDEN', async () => {
    await newWorker('pw-place', 200);
    const station = await newReward({ title: '免费充电一次', cost: 20, placeId: 'station-hecheng-1' });
    const atStation = await emu.call('pw-place', 'points', 'redeem', { rewardId: station.id, requestId: rid() });
    expect(atStation.ok).toBe(true);
    const wrongPlace = await emu.call('demo-merchant-1', 'points', 'fulfill', { code: atStation.data.code });
    expect(wrongPlace).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(wrongPlace.error.message).toContain('荷城社区党群服务站');

    await emu.call('staff-syt', 'user', 'login', {});
    await emu.call('test-admin', 'admin', 'grantRole', { openid: 'staff-syt', role: 'staff', scope: ['community-shiyangtang'] });
    expect(await emu.call('staff-syt', 'points', 'fulfill', { code: atStation.data.code })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect((await doc('redemptions', atStation.data.id)).status).toBe('issued');

    expect(await emu.call('demo-staff-1', 'points', 'fulfill', { code: atStation.data.code })).toMatchObject({ ok: true, data: { status: 'fulfilled' } });
  });
});

describe('refusals change nothing', () => {
  it('a mistyped code reads as the fulfil screen says it, with no field label of another form', async () => {
    for (const code of ['ABC', 'x'.repeat(41)]) {
      for (const action of ['checkCode', 'fulfill']) {
        const r = await emu.call('demo-merchant-1', 'points', action, { code });
        expect([action, r]).toMatchObject([action, { ok: false, error: { code: 'INPUT.INVALID', field: 'payload.code', message: '兑换码格式不正确，应为 12 位字母和数字' } }]);
      }
    }
  });

  it('POINTS.INSUFFICIENT', async () => {
    await newWorker('pw-poor', 25);
    const reward = await newReward({ cost: 30 });
    const r = await emu.call('pw-poor', 'points', 'redeem', { rewardId: reward.id, requestId: rid() });
    expect(r).toMatchObject({ ok: false, error: { code: 'POINTS.INSUFFICIENT' } });
    expect(r.error.message).toContain('需要 30 分，当前 25 分');
    expect(await balance('pw-poor')).toBe(25);
    expect(await doc('rewards', reward.id)).toMatchObject({ stock: 5, issued: 0 });
    expect((await ledgerOf('pw-poor')).map((e) => e.kind)).toEqual(['award']);
    expect(await all(emu, 'redemptions', { openid: 'pw-poor' })).toEqual([]);
  });

  it('REWARD.OUT_OF_STOCK', async () => {
    await newWorker('pw-late', 100);
    await newWorker('pw-early', 100);
    const reward = await newReward({ stock: 1 });
    expect((await emu.call('pw-early', 'points', 'redeem', { rewardId: reward.id, requestId: rid() })).ok).toBe(true);
    const r = await emu.call('pw-late', 'points', 'redeem', { rewardId: reward.id, requestId: rid() });
    expect(r).toMatchObject({ ok: false, error: { code: 'REWARD.OUT_OF_STOCK', message: '该奖励已兑完' } });
    expect(await balance('pw-late')).toBe(100);
    expect(await doc('rewards', reward.id)).toMatchObject({ stock: 0, issued: 1 });
  });

  it('REWARD.LIMIT_REACHED per worker per month, and the list says so', async () => {
    await newWorker('pw-limit', 200);
    const reward = await newReward({ cost: 10, perUserLimit: 1 });
    expect((await emu.call('pw-limit', 'points', 'redeem', { rewardId: reward.id, requestId: rid() })).ok).toBe(true);
    const r = await emu.call('pw-limit', 'points', 'redeem', { rewardId: reward.id, requestId: rid() });
    expect(r).toMatchObject({ ok: false, error: { code: 'REWARD.LIMIT_REACHED' } });
    expect(await balance('pw-limit')).toBe(190);
    const listed = (await emu.call('pw-limit', 'points', 'rewards', { pageSize: 50 })).data.items.find((i: any) => i.id === reward.id);
    expect(listed).toMatchObject({ myMonthCount: 1, blockedReason: '每人每月限兑 1 次，本月已兑完' });
  });

  it('REWARD.INACTIVE: archived, not started yet, and a merchant proposal until staff approve it', async () => {
    await newWorker('pw-inactive', 200);
    const archived = await newReward();
    expect(await emu.call('demo-staff-1', 'points', 'reviewReward', { id: archived.id, decision: 'archive' })).toMatchObject({ ok: true, data: { status: 'archived' } });
    expect(await emu.call('pw-inactive', 'points', 'redeem', { rewardId: archived.id, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'REWARD.INACTIVE' } });

    const later = await newReward({ activeFrom: '2099-01-01' });
    expect(await emu.call('pw-inactive', 'points', 'redeem', { rewardId: later.id, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'REWARD.INACTIVE' } });
    const listed = (await emu.call('pw-inactive', 'points', 'rewards', { pageSize: 50 })).data.items.map((i: any) => i.id);
    expect(listed).not.toContain(later.id);
    expect(listed).not.toContain(archived.id);

    const proposal = await newReward({ title: '商户提议的奖励' }, 'demo-merchant-1');
    expect(proposal.status).toBe('pending');
    expect(await emu.call('pw-inactive', 'points', 'redeem', { rewardId: proposal.id, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'REWARD.INACTIVE' } });
    expect(await emu.call('demo-merchant-1', 'points', 'reviewReward', { id: proposal.id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call('demo-staff-1', 'points', 'reviewReward', { id: proposal.id, decision: 'approve' })).toMatchObject({ ok: true, data: { status: 'active' } });
    expect((await emu.call('pw-inactive', 'points', 'redeem', { rewardId: proposal.id, requestId: rid() })).ok).toBe(true);
    expect(await balance('pw-inactive')).toBe(170);
  });

  it('REWARD.NOT_FOUND, and bad input names the field', async () => {
    expect(await emu.call('demo-worker-1', 'points', 'redeem', { rewardId: 'rw-nope', requestId: rid() })).toMatchObject({ ok: false, error: { code: 'REWARD.NOT_FOUND' } });
    expect(await emu.call('demo-worker-1', 'points', 'redeem', { rewardId: 'rw-demo-drink' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.requestId' } });
  });
});

describe('redeem and cancel look their caller up inside their own transaction', () => {
  it('refuses as every action does, in the same order, and a refused caller moves nothing', async () => {
    await newWorker('pw-banned', 100);
    const reward = await newReward({ cost: 10 });
    const issued = await emu.call('pw-banned', 'points', 'redeem', { rewardId: reward.id, requestId: rid() });
    expect(issued.ok).toBe(true);
    expect(await emu.call('test-admin', 'admin', 'setBanned', { openid: 'pw-banned', banned: true, reason: '恶意刷单' })).toMatchObject({ ok: true });

    // A banned holder can neither redeem nor give a code back: points, stock and code stay as they were.
    expect(await emu.call('pw-banned', 'points', 'redeem', { rewardId: reward.id, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'AUTH.BANNED' } });
    expect(await emu.call('pw-banned', 'points', 'cancelRedemption', { id: issued.data.id })).toMatchObject({ ok: false, error: { code: 'AUTH.BANNED' } });
    expect(await balance('pw-banned')).toBe(90);
    expect(await doc('rewards', reward.id)).toMatchObject({ stock: 4, issued: 1 });
    expect(await doc('redemptions', issued.data.id)).toMatchObject({ status: 'issued' });
    // Who is asking is settled before what is asked: a stranger's malformed call hears 请先登录.
    expect(await emu.call('pw-stranger', 'points', 'redeem', { rewardId: reward.id })).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED', message: '请先登录' } });
    expect(await emu.call('pw-stranger', 'points', 'redeem', { rewardId: reward.id, requestId: rid() })).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });

    // Restored, the same person redeems again from the balance their own lookup read.
    await emu.call('test-admin', 'admin', 'setBanned', { openid: 'pw-banned', banned: false, reason: '申诉成功' });
    expect(await emu.call('pw-banned', 'points', 'cancelRedemption', { id: issued.data.id })).toMatchObject({ ok: true, data: { status: 'cancelled' } });
    expect(await balance('pw-banned')).toBe(100);
  });
});

describe('rewards are managed in scope', () => {
  it('merchants propose only at their own place; staff only in their community; edits are audited', async () => {
    expect(await emu.call('demo-merchant-1', 'points', 'upsertReward', { requestId: rid(), title: '别家的奖励', cost: 10, stock: 1, perUserLimit: 0, placeId: 'place-hc-food-1', validDays: 3 })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call('demo-staff-1', 'points', 'upsertReward', { requestId: rid(), title: '石羊塘的奖励', cost: 10, stock: 1, perUserLimit: 0, placeId: 'station-shiyangtang-1', validDays: 3 })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call('demo-worker-1', 'points', 'upsertReward', { requestId: rid(), title: '骑手的奖励', cost: 10, stock: 1, perUserLimit: 0, validDays: 3 })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });

    const requestId = rid();
    const body = { requestId, title: '荷城任一服务站：毛巾', cost: 10, stock: 3, perUserLimit: 1, validDays: 3 };
    const made = await emu.call('demo-staff-1', 'points', 'upsertReward', body);
    expect(made).toMatchObject({ ok: true, data: { status: 'active', placeId: null, communityId: 'community-hecheng', fulfilAt: '任一服务站' } });
    // Creating twice with one requestId makes one reward.
    expect((await emu.call('demo-staff-1', 'points', 'upsertReward', body)).data.id).toBe(made.data.id);
    const edited = await emu.call('demo-staff-1', 'points', 'upsertReward', { ...body, id: made.data.id, stock: 8 });
    expect(edited).toMatchObject({ ok: true, data: { stock: 8 } });
    expect((await auditOf(made.data.id)).map((a) => a.action)).toEqual(['points.createReward', 'points.updateReward']);

    // A merchant's edit of a live reward (beyond stock) goes back to staff.
    const theirs = await newReward({ title: '商户奖励' }, 'demo-merchant-1');
    await emu.call('demo-staff-1', 'points', 'reviewReward', { id: theirs.id, decision: 'approve' });
    const restock = await emu.call('demo-merchant-1', 'points', 'upsertReward', { id: theirs.id, title: '商户奖励', cost: 30, stock: 9, perUserLimit: 0, placeId: 'place-demo-merchant-1', validDays: 7 });
    expect(restock.data).toMatchObject({ status: 'active', stock: 9 });
    const repriced = await emu.call('demo-merchant-1', 'points', 'upsertReward', { id: theirs.id, title: '商户奖励', cost: 5, stock: 9, perUserLimit: 0, placeId: 'place-demo-merchant-1', validDays: 7 });
    expect(repriced.data).toMatchObject({ status: 'pending', cost: 5 });

    // A merchant's text is screened before anyone sees it; risky text is refused and nothing is stored.
    const before = (await all(emu, 'rewards')).length;
    const risky = await emu.call('demo-merchant-1', 'points', 'upsertReward', { requestId: rid(), title: '刷单返利送积分', cost: 5, stock: 9, perUserLimit: 0, placeId: 'place-demo-merchant-1', validDays: 7 });
    expect(risky).toMatchObject({ ok: false, error: { code: 'CONTENT.RISKY', field: 'payload.title' } });
    expect(await all(emu, 'rewards')).toHaveLength(before);

    const managed = await emu.call('demo-merchant-1', 'points', 'manageRewards', { status: 'pending' });
    expect(managed.data.items.map((r: any) => r.id)).toContain(theirs.id);
    expect(managed.data.items.every((r: any) => r.placeId === 'place-demo-merchant-1')).toBe(true);
  });
});

describe('cancel and expiry refund exactly once', () => {
  it('cancel gives back points, stock and the month’s count; a second cancel changes nothing', async () => {
    await newWorker('pw-cancel', 100);
    const reward = await newReward({ cost: 40, stock: 2, perUserLimit: 1 });
    const r = await emu.call('pw-cancel', 'points', 'redeem', { rewardId: reward.id, requestId: rid() });
    expect(await balance('pw-cancel')).toBe(60);
    const c1 = await emu.call('pw-cancel', 'points', 'cancelRedemption', { id: r.data.id });
    expect(c1).toMatchObject({ ok: true, data: { status: 'cancelled', statusLabel: '已取消' } });
    const c2 = await emu.call('pw-cancel', 'points', 'cancelRedemption', { id: r.data.id });
    expect(c2).toMatchObject({ ok: true, data: { status: 'cancelled' } });
    expect(await balance('pw-cancel')).toBe(100);
    expect(await doc('rewards', reward.id)).toMatchObject({ stock: 2, issued: 0 });
    const entries = await ledgerOf('pw-cancel');
    expect(entries.filter((e) => e.kind === 'refund')).toHaveLength(1);
    expect(entries.find((e) => e.kind === 'refund')).toMatchObject({ delta: 40, reason: `取消兑换「测试奖励」，积分退回` });
    expect(await emu.call('demo-merchant-1', 'points', 'fulfill', { code: r.data.code })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.CANCELLED' } });
    // Someone else's redemption is not theirs to cancel.
    expect(await emu.call('demo-worker-1', 'points', 'cancelRedemption', { id: r.data.id })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.NOT_FOUND' } });
    // The limit counts live redemptions: after a cancel the worker may redeem again this month.
    expect((await emu.call('pw-cancel', 'points', 'redeem', { rewardId: reward.id, requestId: rid() })).ok).toBe(true);
  });

  it('an expired code is refused at the counter, then the timer job refunds it once', async () => {
    await newWorker('pw-expire', 100);
    const reward = await newReward({ cost: 25, stock: 3, validDays: 1 });
    const r = await emu.call('pw-expire', 'points', 'redeem', { rewardId: reward.id, requestId: rid() });
    // A day and a bit later (the stored expiry moved back instead of the clock forward).
    await db().collection('redemptions').doc(r.data.id).update({ expiresAt: new Date(Date.now() - 60_000) });
    expect((await emu.call('pw-expire', 'points', 'redemption', { id: r.data.id })).data).toMatchObject({ status: 'expired', statusLabel: '已过期' });
    expect(await emu.call('demo-merchant-1', 'points', 'fulfill', { code: r.data.code })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.EXPIRED' } });
    expect(await balance('pw-expire')).toBe(75);

    const trigger = { functionName: 'pointsjobs', name: 'pointsjobs-every-10-min' };
    const run1 = await fireTimer(emu.emulator.functions, trigger);
    expect(run1.ok).toBe(true);
    expect(JSON.parse((run1 as { json: string }).json)).toMatchObject({ ok: true, data: { redemptionsExpired: 1, done: true } });
    const run2 = await fireTimer(emu.emulator.functions, trigger);
    expect(JSON.parse((run2 as { json: string }).json)).toMatchObject({ ok: true, data: { redemptionsExpired: 0 } });

    expect(await balance('pw-expire')).toBe(100);
    expect(await doc('rewards', reward.id)).toMatchObject({ stock: 3, issued: 0 });
    expect(await doc('redemptions', r.data.id)).toMatchObject({ status: 'expired' });
    const refunds = (await ledgerOf('pw-expire')).filter((e) => e.kind === 'refund');
    expect(refunds).toEqual([expect.objectContaining({ delta: 25, reason: '兑换码过期未使用「测试奖励」，积分退回' })]);
    // Cancelling afterwards changes nothing.
    expect(await emu.call('pw-expire', 'points', 'cancelRedemption', { id: r.data.id })).toMatchObject({ ok: true, data: { status: 'expired' } });
    expect(await balance('pw-expire')).toBe(100);
  });

  it('the timer job only answers the platform: clients (admins too) are refused by its invoke rule, server code by the function', async () => {
    // A code past its validity: any run of the job would refund it.
    await newWorker('pw-spoof', 100);
    const reward = await newReward({ cost: 25, stock: 3, validDays: 1 });
    const r = await emu.call('pw-spoof', 'points', 'redeem', { rewardId: reward.id, requestId: rid() });
    await db().collection('redemptions').doc(r.data.id).update({ expiresAt: new Date(Date.now() - 60_000) });
    const jobState = async () => JSON.stringify((await db().collection('settings').doc('points-expiry-job').get()).data);
    const stateBefore = await jobState();
    const untouched = async () => {
      expect(await doc('redemptions', r.data.id)).toMatchObject({ status: 'issued' });
      expect(await balance('pw-spoof')).toBe(75);
      expect(await jobState()).toBe(stateBefore);
    };

    const timerEvent = { Type: 'Timer', TriggerName: 'pointsjobs-every-10-min', Time: new Date().toISOString(), Message: '' };
    const refused = { ok: false, error: { code: 'AUTH.FORBIDDEN', message: '积分定时任务只能由定时触发器运行' } };
    // From a client: signed in, and with no openid at all — the invoke rule refuses both.
    expect((await emu.callRaw('demo-worker-1', 'pointsjobs', timerEvent)).body).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect((await emu.callRaw(null, 'pointsjobs', timerEvent)).body).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    // From server code with the SDK: no openid, the exact event a timer gets, still not a timer.
    const server = await emu.app.callFunction({ name: 'pointsjobs', data: timerEvent });
    expect(server.result).toEqual(refused);
    await untouched();

    expect(await emu.call('demo-worker-1', 'pointsjobs', 'run', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect((await emu.app.callFunction({ name: 'pointsjobs', data: { action: 'run', payload: {} } })).result).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    await untouched();

    // The platform's timer does run it; an admin's client call does not (invoke rule: false).
    const run = await fireTimer(emu.emulator.functions, { functionName: 'pointsjobs', name: 'pointsjobs-every-10-min' });
    expect(JSON.parse((run as { json: string }).json)).toMatchObject({ ok: true, data: { done: true } });
    expect(await doc('redemptions', r.data.id)).toMatchObject({ status: 'expired' });
    expect(await emu.call('test-admin', 'pointsjobs', 'run', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });
});

describe('points expire after the configured months, as a visible 过期 entry', () => {
  it('takes what is left of an expired lot (spending uses it first), once', async () => {
    await newWorker('pw-old');
    const longAgo = new Date(Date.now() - 400 * 86_400_000); // ~13 months: the default 12-month expiry has passed
    await earn(emu, 'pw-old', 80, 'award:old-report', longAgo);
    await earn(emu, 'pw-old', 30, 'award:new-report');
    const reward = await newReward({ cost: 50 });
    expect((await emu.call('pw-old', 'points', 'redeem', { rewardId: reward.id, requestId: rid() })).ok).toBe(true);
    expect(await balance('pw-old')).toBe(60);

    // The sweep handles lots as their expiry passes; this lot was back-dated past the last sweep, so
    // start from a deployment whose sweep has not run yet.
    await db().collection('settings').doc('points-expiry-job').remove();
    await fireTimer(emu.emulator.functions, { functionName: 'pointsjobs', name: 'pointsjobs-every-10-min' });
    // 80 earned long ago, 50 of it spent: 30 expire; the recent 30 stay.
    expect(await balance('pw-old')).toBe(30);
    await fireTimer(emu.emulator.functions, { functionName: 'pointsjobs', name: 'pointsjobs-every-10-min' });
    expect(await balance('pw-old')).toBe(30);
    const history = (await emu.call('pw-old', 'points', 'ledger', {})).data.items;
    expect(history[0]).toMatchObject({ kind: 'expire', kindLabel: '过期', delta: -30, balanceAfter: 30 });
    expect(history[0].reason).toContain('12 个月');
    expect(history.filter((e: any) => e.kind === 'expire')).toHaveLength(1);
  });

  it('warns in the summary about points that expire within 30 days', async () => {
    await newWorker('pw-soon');
    await earn(emu, 'pw-soon', 40, 'award:soon-report', new Date(Date.now() - 350 * 86_400_000));
    expect((await emu.call('pw-soon', 'points', 'summary', {})).data.expiring).toMatchObject({ amount: 40 });
  });
});

describe('points.adjust', () => {
  it('staff adjust people of their community, audited, once per requestId', async () => {
    await newWorker('pw-adj');
    const requestId = rid();
    const a = await emu.call('demo-staff-1', 'points', 'adjust', { openid: 'pw-adj', delta: 20, reason: '补录线下志愿活动', requestId });
    expect(a).toMatchObject({ ok: true, data: { kind: 'adjust', kindLabel: '人工调整', delta: 20, balanceAfter: 20, reason: '补录线下志愿活动' } });
    const again = await emu.call('demo-staff-1', 'points', 'adjust', { openid: 'pw-adj', delta: 20, reason: '补录线下志愿活动', requestId });
    expect(again.data.id).toBe(a.data.id);
    expect(await balance('pw-adj')).toBe(20);
    const audit = await auditOf('pw-adj');
    expect(audit).toEqual([expect.objectContaining({ action: 'points.adjust', actor: 'demo-staff-1', before: { balance: 0 }, after: expect.objectContaining({ balance: 20, delta: 20 }) })]);

    expect(await emu.call('demo-staff-1', 'points', 'adjust', { openid: 'pw-adj', delta: -50, reason: '误发扣回', requestId: rid() })).toMatchObject({ ok: false, error: { code: 'POINTS.INSUFFICIENT' } });
    expect(await emu.call('demo-staff-1', 'points', 'adjust', { openid: 'demo-staff-1', delta: 5, reason: '给自己加分', requestId: rid() })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.openid' } });
    expect(await emu.call('demo-worker-1', 'points', 'adjust', { openid: 'pw-adj', delta: 5, reason: '骑手加分', requestId: rid() })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await balance('pw-adj')).toBe(20);
  });

  it('staff cannot adjust another community’s worker; admins can', async () => {
    await newWorker('pw-syt', 0, 'community-shiyangtang');
    expect(await emu.call('demo-staff-1', 'points', 'adjust', { openid: 'pw-syt', delta: 10, reason: '跨社区调整', requestId: rid() })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await auditOf('pw-syt')).toEqual([]);
    expect(await emu.call('test-admin', 'points', 'adjust', { openid: 'pw-syt', delta: 10, reason: '区级补发', requestId: rid() })).toMatchObject({ ok: true, data: { balanceAfter: 10 } });
  });
});

describe('rules and leaderboard', () => {
  it('admin sets the rules (audited); everyone reads them; staff cannot change them', async () => {
    expect((await emu.call('demo-worker-1', 'points', 'rules', {})).data).toEqual({ dailyCap: 200, perVolunteerHour: 10, expiryMonths: 12 });
    expect(await emu.call('demo-staff-1', 'points', 'updateRules', { dailyCap: 999 })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call('test-admin', 'points', 'updateRules', { dailyCap: 150 })).toMatchObject({ ok: true, data: { dailyCap: 150, expiryMonths: 12 } });
    expect((await emu.call('demo-worker-1', 'points', 'rules', {})).data.dailyCap).toBe(150);
    expect((await auditOf('points-rules')).map((a) => [a.action, a.before.dailyCap, a.after.dailyCap])).toEqual([['points.updateRules', 200, 150]]);
    await emu.call('test-admin', 'points', 'updateRules', { dailyCap: 200 });
  });

  it('shows this month’s top earners of the community with masked names and the caller’s rank', async () => {
    const board = await emu.call('demo-worker-5', 'points', 'leaderboard', {});
    expect(board).toMatchObject({ ok: true, data: { communityId: 'community-hecheng', communityName: '荷城社区' } });
    const { items, me } = board.data;
    expect(items.length).toBeGreaterThan(1);
    for (const it of items) expect(it.name).toMatch(/^.\*\*$/);
    expect(JSON.stringify(board)).not.toMatch(/demo-|pw-|openid/);
    for (let i = 1; i < items.length; i++) expect(items[i].earned).toBeLessThanOrEqual(items[i - 1].earned);
    const mine = items.find((it: any) => it.me);
    expect(mine).toBeTruthy();
    expect(me.rank).toBe(mine.rank);
    // Another community's board does not rank the caller.
    const other = await emu.call('demo-worker-5', 'points', 'leaderboard', { communityId: 'community-shiyangtang' });
    expect(other.data).toMatchObject({ communityName: '石羊塘社区', me: { rank: null } });
  });
});

test('after all of it, every user’s balance is the sum of their ledger', async () => {
  const users = await expectLedgersBalance(emu);
  expect(users).toBeGreaterThan(20);
  // And stock never went below zero.
  const rewards = await all<{ stock: number; issued: number }>(emu, 'rewards');
  expect(rewards.filter((r) => r.stock < 0 || r.issued < 0)).toEqual([]);
});
