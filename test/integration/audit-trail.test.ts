// Every staff and admin action leaves exactly one audit entry, written with the change it records.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(60_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
});
afterAll(() => emu.close());

/** Runs `act` and returns the audit entries it added. */
async function auditedBy(act: () => Promise<any>) {
  const db = emu.app.database();
  const before = new Set(((await db.collection('audit').limit(1000).get()).data as Array<{ _id: string }>).map((a) => a._id));
  const reply = await act();
  expect(reply).toMatchObject({ ok: true });
  const after = (await db.collection('audit').limit(1000).get()).data as Array<{ _id: string; action: string; actor: string; target: { id: string } }>;
  return after.filter((a) => !before.has(a._id));
}

test('accepting and dispatching a report, one entry each', async () => {
  const filed = await emu.call('demo-worker-1', 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '荷城路口护栏倒了', photos: [], location: { lat: 23.115, lng: 109.565 }, requestId: 'audit-trail-report-1' });
  expect(filed).toMatchObject({ ok: true });
  const id = filed.data.id;
  const accepted = await auditedBy(() => emu.call('demo-staff-1', 'snapshot', 'review', { id, decision: 'accept' }));
  expect(accepted.map((a) => [a.action, a.actor, a.target.id])).toEqual([['snapshot.accept', 'demo-staff-1', id]]);
  const dispatched = await auditedBy(() => emu.call('demo-staff-1', 'snapshot', 'dispatch', { id, assignee: 'demo-gridworker-1' }));
  expect(dispatched.map((a) => a.action)).toEqual(['snapshot.dispatch']);
});

test('approving a merchant, suspending a place, adjusting points, changing rules and roles', async () => {
  expect((await auditedBy(() => emu.call('demo-staff-1', 'place', 'review', { id: 'place-pending-1', decision: 'approve' }))).length).toBe(1);
  expect((await auditedBy(() => emu.call('demo-staff-1', 'place', 'suspend', { id: 'place-pending-1', suspended: true, reason: '食品证照过期' }))).length).toBe(1);
  expect((await auditedBy(() => emu.call('demo-staff-1', 'points', 'adjust', { openid: 'demo-worker-1', delta: 5, reason: '线下活动补记', requestId: 'audit-trail-adjust-1' }))).length).toBe(1);
  expect((await auditedBy(() => emu.call('demo-admin', 'points', 'updateRules', { dailyCap: 150 }))).length).toBe(1);
  expect((await auditedBy(() => emu.call('demo-admin', 'admin', 'grantRole', { openid: 'demo-worker-2', role: 'gridworker', scope: ['grid-shiyangtang-1'] }))).length).toBe(1);
});

test('a retried adjustment is not audited twice', async () => {
  const payload = { openid: 'demo-worker-5', delta: 8, reason: '补记', requestId: 'audit-trail-adjust-2' };
  expect((await auditedBy(() => emu.call('demo-staff-1', 'points', 'adjust', payload))).length).toBe(1);
  expect(await auditedBy(() => emu.call('demo-staff-1', 'points', 'adjust', payload))).toEqual([]);
});
