// Injected faults: a failing or vanishing database call in the middle of a change leaves nothing
// half-done, the user gets a plain Chinese message, and a retry completes the change exactly once.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { TINY_JPEG } from '../helpers/images';
import { uploadDirFor } from '../../cloudfunctions/shared/domain/uploads';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
}, 120_000);
afterEach(() => emu.emulator.faults.clear());
afterAll(() => emu.close());

const rolesOf = async (openid: string) => ((await emu.app.database().collection('users').doc(openid).get()).data[0] as { roles: string[] }).roles;
const auditFor = async (openid: string) => (await emu.app.database().collection('audit').where({ 'target.id': openid }).count()).total;

describe('a role change is all-or-nothing', () => {
  it('rolls back the role when the audit write fails inside the transaction, then a retry lands once', async () => {
    emu.emulator.faults.add({ action: 'database.insertDocument', collection: 'audit', transactional: true, kind: 'error', times: 10 });
    const failed = await emu.call('demo-admin', 'admin', 'grantRole', { openid: 'demo-worker-2', role: 'staff', scope: ['community-shiyangtang'] });
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: '服务繁忙，请稍后重试' } });
    expect(emu.emulator.faults.hits).toBeGreaterThan(0);
    expect(await rolesOf('demo-worker-2')).toEqual(['worker']);
    expect(await auditFor('demo-worker-2')).toBe(0);

    emu.emulator.faults.clear();
    const retried = await emu.call('demo-admin', 'admin', 'grantRole', { openid: 'demo-worker-2', role: 'staff', scope: ['community-shiyangtang'] });
    expect(retried).toMatchObject({ ok: true, data: { roles: ['worker', 'staff'] } });
    expect(await auditFor('demo-worker-2')).toBe(1);
  });

  it('applies nothing when the commit never reaches the database', async () => {
    emu.emulator.faults.add({ action: 'database.commitTransaction', kind: 'drop' });
    const r = await emu.call('demo-admin', 'admin', 'setBanned', { openid: 'demo-worker-5', banned: true, reason: '测试断网' });
    expect(r.ok).toBe(false);
    expect(r.error.message).not.toMatch(/database|transaction|Error/i);
    const u = (await emu.app.database().collection('users').doc('demo-worker-5').get()).data[0] as { status: string };
    expect(u.status).toBe('active');
    expect(await auditFor('demo-worker-5')).toBe(0);
  });

  it('answers slowly but correctly when the database is slow', async () => {
    emu.emulator.faults.add({ action: 'database.getDocument', collection: 'users', kind: 'delay', delayMs: 300 });
    const started = Date.now();
    const r = await emu.call('demo-worker-1', 'user', 'me', {});
    expect(r).toMatchObject({ ok: true, data: { openid: 'demo-worker-1' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});

describe('storage failures', () => {
  it('tells the uploader in Chinese and stores nothing', async () => {
    emu.emulator.faults.add({ action: 'gateway.upload', kind: 'error' });
    const path = `${uploadDirFor('demo-worker-1')}/a.jpg`;
    const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(path)}`, { method: 'POST', headers: { 'x-wx-openid': 'demo-worker-1' }, body: TINY_JPEG });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, error: { code: 'STORAGE.UNAVAILABLE', message: '上传失败，请稍后重试' } });
    const urls = await emu.app.getTempFileURL({ fileList: [`cloud://local-env.local-bucket-1300000000/${path}`] });
    expect(urls.fileList[0].code).not.toBe('SUCCESS');
  });
});

describe('points, stock and report state are all-or-nothing', () => {
  const db = () => emu.app.database();
  const balanceOf = async (openid: string) => ((await db().collection('users').doc(openid).get()).data[0] as { points: { balance: number } }).points.balance;
  const ledgerSum = async (openid: string) => ((await db().collection('ledger').where({ openid }).limit(1000).get()).data as Array<{ delta: number }>).reduce((s, e) => s + e.delta, 0);
  const stockOf = async (rewardId: string) => ((await db().collection('rewards').doc(rewardId).get()).data[0] as { stock: number }).stock;

  it('a redeem whose redemption write fails takes neither points nor stock, and its retry charges once', async () => {
    await emu.call('demo-admin', 'points', 'adjust', { openid: 'demo-worker-1', delta: 100, reason: '故障测试', requestId: 'faults-topup-1' });
    const [balance, stock] = [await balanceOf('demo-worker-1'), await stockOf('rw-station-charge')];
    emu.emulator.faults.add({ action: 'database.insertDocument', collection: 'redemptions', transactional: true, kind: 'error', times: 50 });
    const failed = await emu.call('demo-worker-1', 'points', 'redeem', { rewardId: 'rw-station-charge', requestId: 'faults-redeem-1' });
    expect(failed.ok).toBe(false);
    expect(failed.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(emu.emulator.faults.hits).toBeGreaterThan(0);
    expect([await balanceOf('demo-worker-1'), await stockOf('rw-station-charge')]).toEqual([balance, stock]);
    expect((await db().collection('redemptions').where({ openid: 'demo-worker-1', rewardId: 'rw-station-charge', status: 'issued' }).count()).total).toBe(0);

    emu.emulator.faults.clear();
    const ok = await emu.call('demo-worker-1', 'points', 'redeem', { rewardId: 'rw-station-charge', requestId: 'faults-redeem-1' });
    expect(ok).toMatchObject({ ok: true, data: { status: 'issued' } });
    const again = await emu.call('demo-worker-1', 'points', 'redeem', { rewardId: 'rw-station-charge', requestId: 'faults-redeem-1' });
    expect(again.data.id).toBe(ok.data.id);
    expect([await balanceOf('demo-worker-1'), await stockOf('rw-station-charge')]).toEqual([balance - 20, stock - 1]);
    expect(await ledgerSum('demo-worker-1')).toBe(await balanceOf('demo-worker-1'));
  });

  it('an accept whose points entry fails leaves the report submitted and unpaid; the retry pays once', async () => {
    const filed = await emu.call('demo-worker-5', 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '荷城路口井盖松动', photos: [], location: { lat: 23.115, lng: 109.565 }, requestId: 'faults-report-1' });
    const id = filed.data.id;
    const balance = await balanceOf('demo-worker-5');
    emu.emulator.faults.add({ action: 'database.insertDocument', collection: 'ledger', transactional: true, kind: 'error', times: 50 });
    const failed = await emu.call('demo-staff-1', 'snapshot', 'review', { id, decision: 'accept' });
    expect(failed.ok).toBe(false);
    const report = (await db().collection('reports').doc(id).get()).data[0] as { status: string; timeline: unknown[] };
    expect(report.status).toBe('submitted');
    expect(report.timeline).toHaveLength(1);
    expect(await balanceOf('demo-worker-5')).toBe(balance);

    emu.emulator.faults.clear();
    expect(await emu.call('demo-staff-1', 'snapshot', 'review', { id, decision: 'accept' })).toMatchObject({ ok: true, data: { status: 'accepted' } });
    expect(await emu.call('demo-staff-1', 'snapshot', 'review', { id, decision: 'accept' })).toMatchObject({ ok: false, error: { code: 'SNAPSHOT.BAD_STATE' } });
    expect(await balanceOf('demo-worker-5')).toBe(balance + 3);
    expect(await ledgerSum('demo-worker-5')).toBe(await balanceOf('demo-worker-5'));
  });
});
