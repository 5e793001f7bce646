// The rush: many workers redeem one reward at the same moment, and one worker fires the same redeem
// many times at once. Exactly the stock is issued, each winner is charged once, nobody goes negative,
// and every balance is still the sum of its ledger.
import { PARALLEL_INSTANCES, startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { seedDemo } from '../../emulator/seed';
import { all, earn, expectLedgersBalance } from './points-helpers';

jest.setTimeout(120_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(PARALLEL_INSTANCES);
  await seedDemo(emu.app);
});
afterAll(() => emu.close());

const doc = async (collection: string, id: string) => (await emu.app.database().collection(collection).doc(id).get()).data[0];

async function reward(stock: number, cost: number): Promise<string> {
  const r = await emu.call('demo-staff-1', 'points', 'upsertReward', {
    requestId: `rush-${stock}-${cost}-${Date.now()}`,
    title: '限量保温箱',
    cost,
    stock,
    perUserLimit: 0,
    placeId: 'station-hecheng-1',
    validDays: 7,
  });
  expect(r.ok).toBe(true);
  return r.data.id;
}

test('40 workers, stock 10: exactly 10 redemptions and 10 charges, stock 0, no negative balance', async () => {
  const workers = Array.from({ length: 40 }, (_, i) => `rush-${i}`);
  await Promise.all(workers.map((w) => emu.call(w, 'user', 'login', {})));
  for (const w of workers) await earn(emu, w, 100, `award:rush-${w}`);
  const id = await reward(10, 60);

  const replies = await Promise.all(workers.map((w, i) => emu.call(w, 'points', 'redeem', { rewardId: id, requestId: `rush-req-${i}` })));
  const won = replies.filter((r) => r.ok);
  const lost = replies.filter((r) => !r.ok);
  expect(won).toHaveLength(10);
  // Losers hear that it is sold out (or, under heavy contention, to try again), never a raw error.
  expect(lost.every((r) => r.error.code === 'REWARD.OUT_OF_STOCK' || r.error.code === 'POINTS.BUSY')).toBe(true);
  expect(lost.every((r) => /[\u4e00-\u9fff]/.test(r.error.message))).toBe(true);
  expect(new Set(won.map((r) => r.data.code)).size).toBe(10);

  expect(await doc('rewards', id)).toMatchObject({ stock: 0, issued: 10 });
  const redemptions = await all<{ openid: string }>(emu, 'redemptions', { rewardId: id });
  expect(redemptions).toHaveLength(10);
  const charges = await all<{ openid: string; delta: number }>(emu, 'ledger', { kind: 'redeem', 'ref.type': 'redemption' });
  const ours = charges.filter((c) => c.openid.startsWith('rush-'));
  expect(ours).toHaveLength(10);
  const winners = new Set(redemptions.map((r) => r.openid));
  for (const w of workers) {
    const user = await doc('users', w);
    expect(user.points.balance).toBe(winners.has(w) ? 40 : 100);
  }
  await expectLedgersBalance(emu);
});

test('one worker firing the same redeem 10 times at once is charged once', async () => {
  await emu.call('rush-same', 'user', 'login', {});
  await earn(emu, 'rush-same', 100, 'award:rush-same');
  const id = await reward(5, 30);
  const replies = await Promise.all(Array.from({ length: 10 }, () => emu.call('rush-same', 'points', 'redeem', { rewardId: id, requestId: 'same-request-1' })));
  expect(replies.every((r) => r.ok)).toBe(true);
  expect(new Set(replies.map((r) => r.data.id)).size).toBe(1);
  expect(new Set(replies.map((r) => r.data.code)).size).toBe(1);
  expect((await doc('users', 'rush-same')).points.balance).toBe(70);
  expect(await doc('rewards', id)).toMatchObject({ stock: 4, issued: 1 });
  expect(await all(emu, 'ledger', { openid: 'rush-same', kind: 'redeem' })).toHaveLength(1);
  await expectLedgersBalance(emu);
});
