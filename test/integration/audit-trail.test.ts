// Every staff and admin action that changes something leaves exactly one audit entry, written in the
// same transaction as the change: the list comes from the policy table, so a new staff or admin
// action fails here until it is classified (a read, or a write with its audit entry), and for every
// write an audit insert that fails leaves the database exactly as it was.
import { POLICY } from '../../cloudfunctions/shared/policy';
import { authFor, loadFunctionRules } from '../../emulator/rules';
import { seedDemo } from '../../emulator/seed';
import { settleWrites, startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { PAYLOADS, prepareFixtures, ROLE_ACCOUNTS, type Fixtures } from '../helpers/valid-payloads';

jest.setTimeout(120_000);

/** Staff and admin actions that only read: they write nothing, so they audit nothing. */
const READS = [
  'admin.listRegions',
  'admin.listUsers',
  'admin.auditLog',
  'stats.overview',
  'place.queue',
  'place.manage',
  'points.manageRewards',
  'points.checkCode',
  'snapshot.queue',
  'snapshot.queueCounts',
  'snapshot.assignees',
  'snapshot.imageQueue',
  'admin.listApiKeys',
  'admin.open311Settings',
];

/** Staff and admin writes, who calls them here, and the audit action each must record. */
const WRITES: Record<string, { as: 'staff' | 'admin'; audit: string }> = {
  'admin.grantRole': { as: 'admin', audit: 'admin.grantRole' },
  'admin.revokeRole': { as: 'admin', audit: 'admin.revokeRole' },
  'admin.importRegions': { as: 'admin', audit: 'admin.importRegions' },
  'admin.setBanned': { as: 'admin', audit: 'admin.ban' },
  'admin.reviewName': { as: 'staff', audit: 'admin.reviewName' },
  'admin.issueApiKey': { as: 'admin', audit: 'admin.issueApiKey' },
  'admin.revokeApiKey': { as: 'admin', audit: 'admin.revokeApiKey' },
  'admin.setOpen311Public': { as: 'admin', audit: 'admin.setOpen311Public' },
  'stats.export': { as: 'staff', audit: 'stats.export' },
  'stats.rebuild': { as: 'admin', audit: 'stats.rebuild' },
  'place.review': { as: 'staff', audit: 'place.review' },
  'place.upsertStation': { as: 'staff', audit: 'place.createStation' },
  'place.suspend': { as: 'staff', audit: 'place.suspend' },
  'points.adjust': { as: 'staff', audit: 'points.adjust' },
  'points.updateRules': { as: 'admin', audit: 'points.updateRules' },
  'points.upsertReward': { as: 'staff', audit: 'points.createReward' },
  'points.reviewReward': { as: 'staff', audit: 'points.reviewReward.approve' },
  'points.fulfill': { as: 'staff', audit: 'points.fulfill' },
  'snapshot.upsertCategory': { as: 'admin', audit: 'snapshot.upsertCategory' },
  'snapshot.review': { as: 'staff', audit: 'snapshot.accept' },
  'snapshot.dispatch': { as: 'staff', audit: 'snapshot.dispatch' },
  'snapshot.reviewImage': { as: 'staff', audit: 'snapshot.reviewImage.approve' },
};

// Functions the deployed invoke rules close to every client (pointsjobs, wxmessage) are not staff actions.
const INVOKE_RULES = loadFunctionRules();
const STAFF_OR_ADMIN = Object.entries(POLICY)
  .filter(([, access]) => Array.isArray(access) && access.some((r) => r === 'staff' || r === 'admin'))
  .map(([key]) => key)
  .filter((key) => INVOKE_RULES.mayInvoke(key.split('.')[0], authFor('demo-admin')));

let emu: TestEmulator;
let fx: Fixtures;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
  fx = await prepareFixtures(emu);
}, 300_000);
afterAll(() => emu?.close());

interface Entry {
  _id: string;
  action: string;
  actor: string;
}

async function auditIds(): Promise<Set<string>> {
  const res = await emu.app.database().collection('audit').field({ _id: true }).limit(1000).get();
  return new Set((res.data as Entry[]).map((a) => a._id));
}

test('every staff and admin action is classified: a read, or a write with its audit entry', () => {
  expect([...STAFF_OR_ADMIN].sort()).toEqual([...READS, ...Object.keys(WRITES)].sort());
});

describe.each(Object.entries(WRITES))('%s', (key, { as, audit }) => {
  const [fn, action] = key.split('.');
  it(`records one "${audit}" entry with the change, and with a failed audit write changes nothing`, async () => {
    const caller = ROLE_ACCOUNTS[as];
    const payload = await PAYLOADS[key].build(as, fx, emu);
    await settleWrites(emu);

    // The audit insert fails (every retry too): the change it records is rolled back with it.
    const before = emu.emulator.db.writes();
    emu.emulator.faults.add({ action: 'database.insertDocument', collection: 'audit', kind: 'error', times: 100 });
    try {
      const failed = await emu.call(caller, fn, action, payload);
      expect([key, failed.ok]).toEqual([key, false]);
      expect(emu.emulator.faults.hits).toBeGreaterThan(0);
    } finally {
      emu.emulator.faults.clear();
    }
    await settleWrites(emu);
    expect([key, emu.emulator.db.writes()]).toEqual([key, before]);

    // The same call again, with the database healthy: it succeeds and leaves exactly one entry.
    const known = await auditIds();
    const done = await emu.call(caller, fn, action, payload);
    expect([key, done.ok ? 'ok' : done.error]).toEqual([key, 'ok']);
    const res = await emu.app.database().collection('audit').limit(1000).get();
    const added = (res.data as Entry[]).filter((a) => !known.has(a._id));
    expect(added.map((a) => [a.action, a.actor])).toEqual([[audit, caller]]);
  });
});

test('a retried adjustment is not audited twice', async () => {
  const payload = { openid: 'demo-worker-5', delta: 8, reason: '补记', requestId: 'audit-trail-adjust-2' };
  expect(await emu.call('demo-staff-1', 'points', 'adjust', payload)).toMatchObject({ ok: true });
  const known = await auditIds();
  expect(await emu.call('demo-staff-1', 'points', 'adjust', payload)).toMatchObject({ ok: true });
  expect((await auditIds()).size).toBe(known.size);
});
