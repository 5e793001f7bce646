// Injected faults: a failing or vanishing database call in the middle of a change leaves nothing
// half-done, the user gets a plain Chinese message, and a retry completes the change exactly once.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
});
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
    const res = await fetch(`${emu.url}/api/storage/upload?path=snapshots/demo-worker-1/a.jpg`, { method: 'POST', headers: { 'x-wx-openid': 'demo-worker-1' }, body: Buffer.from('jpeg') });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, error: { code: 'STORAGE.UNAVAILABLE', message: '上传失败，请稍后重试' } });
    const urls = await emu.app.getTempFileURL({ fileList: [`cloud://local-env.local-bucket-1300000000/snapshots/demo-worker-1/a.jpg`] });
    expect(urls.fileList[0].code).not.toBe('SUCCESS');
  });
});
