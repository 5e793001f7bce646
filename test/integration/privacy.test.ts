// A worker takes their data away and erases their account: personal fields go, reports stay
// anonymised, the ledger stays for audit and still sums to the balance.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(60_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
});
afterAll(() => emu.close());

const db = () => emu.app.database();
const ledgerSum = async (openid: string) => ((await db().collection('ledger').where({ openid }).limit(1000).get()).data as Array<{ delta: number }>).reduce((s, e) => s + e.delta, 0);

async function fileReport(openid: string, requestId: string) {
  const r = await emu.call(openid, 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '路口垃圾堆了三天', photos: [], location: { lat: 23.11, lng: 109.57 }, requestId });
  expect(r).toMatchObject({ ok: true });
  return r.data.id as string;
}

describe('user.exportMine', () => {
  it('bundles the caller’s own data and no one else’s identity', async () => {
    const reportId = await fileReport('demo-worker-5', 'privacy-export-1');
    const r = await emu.call('demo-worker-5', 'user', 'exportMine', {});
    expect(r.ok).toBe(true);
    expect(r.data.counts.reports).toBeGreaterThanOrEqual(1);
    const bundle = await (await fetch(r.data.url)).json();
    expect(bundle.account.profile).toMatchObject({ name: '陈静', phone: '13807751005' });
    expect(bundle.reports.map((x: any) => x._id)).toContain(reportId);
    const text = JSON.stringify(bundle);
    for (const other of ['demo-staff-1', 'demo-gridworker-1', 'demo-worker-1', 'demo-admin']) expect(text).not.toContain(other);
  });
});

describe('user.deleteMe', () => {
  it('erases personal fields, zeroes points through the ledger, keeps reports anonymised', async () => {
    const openid = 'demo-worker-4';
    const reportId = await fileReport(openid, 'privacy-delete-1');
    await emu.call('demo-admin', 'points', 'adjust', { openid, delta: 25, reason: '测试积分', requestId: 'privacy-adjust-1' });
    const before = (await db().collection('users').doc(openid).get()).data[0];
    expect(before.points.balance).toBeGreaterThan(0);

    const refused = await emu.call(openid, 'user', 'deleteMe', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.confirm' } });

    const r = await emu.call(openid, 'user', 'deleteMe', { confirm: '注销' });
    expect(r).toEqual({ ok: true, data: { deleted: true } });

    const after = (await db().collection('users').doc(openid).get()).data[0];
    expect(after.status).toBe('deleted');
    expect(after.profile).toMatchObject({ name: '', phone: '', communityId: '' });
    expect(after.points.balance).toBe(0);
    expect(await ledgerSum(openid)).toBe(0);

    const report = (await db().collection('reports').doc(reportId).get()).data[0];
    expect(report.reporter).toMatch(/^erased-/);
    expect(report.description).toBe('路口垃圾堆了三天');
    expect((await db().collection('messages').where({ openid }).count()).total).toBe(0);

    // Any call now needs a fresh login, which starts a new, empty account.
    expect(await emu.call(openid, 'user', 'me', {})).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    const again = await emu.call(openid, 'user', 'login', {});
    expect(again).toMatchObject({ ok: true, data: { openid, roles: ['worker'], points: { balance: 0 }, profile: { name: '' } } });
    expect(await ledgerSum(openid)).toBe(0);
  });

  it('refuses staff and merchants until their duties are handed over', async () => {
    expect(await emu.call('demo-staff-1', 'user', 'deleteMe', { confirm: '注销' })).toMatchObject({ ok: false, error: { code: 'USER.HAS_DUTIES' } });
    expect(await emu.call('demo-merchant-1', 'user', 'deleteMe', { confirm: '注销' })).toMatchObject({ ok: false, error: { code: 'USER.HAS_PLACES' } });
    expect((await db().collection('users').doc('demo-staff-1').get()).data[0].status).toBe('active');
  });
});
