// The demo seed's 随手拍: reports in every state, consistent with the points ledger, photos that load,
// messages for each step, and a second seeding that adds nothing.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
});
afterAll(() => emu.close());

const db = () => emu.app.database();

test('seeds reports in every state, paid exactly as the ledger says', async () => {
  const reports = (await db().collection('reports').where({ _id: db().RegExp({ regexp: '^seed-' }) }).limit(1000).get()).data as Array<Record<string, any>>;
  const statuses = new Set(reports.map((r) => r.status));
  for (const s of ['submitted', 'accepted', 'dispatched', 'resolved', 'closed', 'rejected', 'duplicate', 'reopened', 'verified']) expect(statuses).toContain(s);
  expect(reports.some((r) => r.kind === 'volunteer' && r.status === 'submitted')).toBe(true);
  expect(reports.some((r) => r.communityId === null)).toBe(true);

  const ledger = (await db().collection('ledger').limit(1000).get()).data as Array<{ _id: string; delta: number; ref: { id: string } | null }>;
  const paid = new Map(ledger.filter((e) => e.ref).map((e) => [e.ref!.id, e]));
  for (const r of reports) {
    const entry = paid.get(r._id);
    if (r.points > 0) expect({ id: r._id, delta: entry?.delta }).toEqual({ id: r._id, delta: r.points });
    else expect({ id: r._id, entry }).toEqual({ id: r._id, entry: undefined });
    if (['accepted', 'dispatched', 'resolved', 'closed', 'reopened', 'verified'].includes(r.status)) expect(r.points).toBeGreaterThan(0);
  }
  // Every seeded award points at a seeded report.
  for (const e of ledger.filter((x) => x.ref && /^seed-(report|volunteer)-/.test(x.ref.id))) expect(reports.map((r) => r._id)).toContain(e.ref!.id);
});

test('the demo accounts see their side of it', async () => {
  const mine = await emu.call('demo-worker-1', 'snapshot', 'listMine', { pageSize: 50 });
  expect(mine.data.items.length).toBeGreaterThanOrEqual(10);
  const rate = mine.data.items.find((i: { status: string }) => i.status === 'resolved');
  expect(rate).toBeTruthy();
  expect(rate.thumb).toMatch(/^http/);
  const photo = await fetch(rate.thumb);
  expect(photo.status).toBe(200);
  expect((await photo.arrayBuffer()).byteLength).toBeGreaterThan(1000);

  const queue = await emu.call('demo-staff-1', 'snapshot', 'queue', {});
  expect(queue.data.items.length).toBeGreaterThan(3);
  expect(queue.data.items[0].overdue).toBe(true);
  const tasks = await emu.call('demo-gridworker-1', 'snapshot', 'tasks', {});
  expect(tasks.data.items.map((i: { status: string }) => i.status)).toEqual(expect.arrayContaining(['dispatched', 'reopened']));
  const feedback = await emu.call('demo-merchant-1', 'snapshot', 'placeFeedback', {});
  expect(feedback.data.items.map((i: { id: string }) => i.id)).toContain('seed-report-204');
  const msgs = await emu.call('demo-worker-1', 'snapshot', 'messages', {});
  expect(msgs.data.items.length).toBeGreaterThan(5);
  expect(msgs.data.unread).toBeGreaterThan(0);
});

test('seeding again adds nothing', async () => {
  const count = async (c: string) => (await db().collection(c).count()).total;
  const before = [await count('reports'), await count('messages')];
  await seedDemo(emu.app);
  expect([await count('reports'), await count('messages')]).toEqual(before);
});
