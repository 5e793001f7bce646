import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
  await emu.call('test-admin', 'user', 'login', {});
});
afterAll(() => emu.close());

const auditOf = async (target: string) =>
  (await emu.app.database().collection('audit').where({ 'target.id': target }).get()).data as Array<Record<string, any>>;

describe('admin.grantRole / revokeRole', () => {
  it('refuses a worker, and changes nothing', async () => {
    await emu.call('worker-a', 'user', 'login', {});
    await emu.call('worker-b', 'user', 'login', {});
    const r = await emu.call('worker-a', 'admin', 'grantRole', { openid: 'worker-b', role: 'staff', scope: ['community-hecheng'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const b = await emu.call('worker-b', 'user', 'me', {});
    expect(b.data.roles).toEqual(['worker']);
    expect(await auditOf('worker-b')).toHaveLength(0);
  });

  it('lets a worker not make themself admin', async () => {
    await emu.call('worker-c', 'user', 'login', {});
    const r = await emu.call('worker-c', 'admin', 'grantRole', { openid: 'worker-c', role: 'admin' });
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('grants a scoped staff role, visible to the user, with one audit entry', async () => {
    await emu.call('staff-to-be', 'user', 'login', {});
    const r = await emu.call('test-admin', 'admin', 'grantRole', { openid: 'staff-to-be', role: 'staff', scope: ['community-hecheng'] });
    expect(r).toMatchObject({ ok: true, data: { openid: 'staff-to-be', roles: ['worker', 'staff'], scopes: { staff: ['community-hecheng'] } } });
    const me = await emu.call('staff-to-be', 'user', 'login', {});
    expect(me.data.roles).toContain('staff');
    const audit = await auditOf('staff-to-be');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'test-admin', action: 'admin.grantRole', before: { roles: ['worker'] }, after: { roles: ['worker', 'staff'] } });
  });

  it('requires a scope for staff, and refuses one that does not exist', async () => {
    await emu.call('grid-to-be', 'user', 'login', {});
    const noScope = await emu.call('test-admin', 'admin', 'grantRole', { openid: 'grid-to-be', role: 'gridworker' });
    expect(noScope).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.scope' } });
    const bad = await emu.call('test-admin', 'admin', 'grantRole', { openid: 'grid-to-be', role: 'gridworker', scope: ['community-hecheng'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.scope' } });
    expect(await auditOf('grid-to-be')).toHaveLength(0);
    const ok = await emu.call('test-admin', 'admin', 'grantRole', { openid: 'grid-to-be', role: 'gridworker', scope: ['grid-hecheng-1'] });
    expect(ok).toMatchObject({ ok: true, data: { scopes: { gridworker: ['grid-hecheng-1'] } } });
  });

  it('says who is missing when the user never logged in', async () => {
    const r = await emu.call('test-admin', 'admin', 'grantRole', { openid: 'nobody-here', role: 'admin' });
    expect(r).toMatchObject({ ok: false, error: { code: 'USER.NOT_FOUND' } });
  });

  it('revokes a role and its scope', async () => {
    await emu.call('staff-leaving', 'user', 'login', {});
    await emu.call('test-admin', 'admin', 'grantRole', { openid: 'staff-leaving', role: 'staff', scope: ['community-gangning'] });
    const r = await emu.call('test-admin', 'admin', 'revokeRole', { openid: 'staff-leaving', role: 'staff' });
    expect(r).toMatchObject({ ok: true, data: { roles: ['worker'], scopes: { staff: [] } } });
    expect((await auditOf('staff-leaving')).map((a) => a.action).sort()).toEqual(['admin.grantRole', 'admin.revokeRole']);
  });

  it('does not let an admin revoke their own admin role', async () => {
    const r = await emu.call('test-admin', 'admin', 'revokeRole', { openid: 'test-admin', role: 'admin' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });
});

describe('admin.listRegions', () => {
  it('lists the district for an admin and refuses workers', async () => {
    const staff = await emu.call('test-admin', 'admin', 'listRegions', {});
    expect(staff.ok).toBe(true);
    const names = staff.data.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['荷城社区', '石羊塘社区', '港宁社区']));
    expect(staff.data.filter((r: { level: string }) => r.level === 'grid')).toHaveLength(12);
    const worker = await emu.call('worker-a', 'admin', 'listRegions', {});
    expect(worker).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});
