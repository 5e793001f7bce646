// The user function through the emulator: the gateway, the function runner, the real SDK and the
// emulated database, as a mini-program user would reach it.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
}, 120_000);
afterAll(() => emu.close());

async function countUsers(openid: string) {
  const res = await emu.app.database().collection('users').where({ openid }).count();
  return res.total;
}

describe('user.login', () => {
  it('creates a worker on the first call and returns the same user on the second', async () => {
    const first = await emu.call('rider-login-1', 'user', 'login', {});
    expect(first).toMatchObject({ ok: true, data: { openid: 'rider-login-1', roles: ['worker'], points: { balance: 0 } } });
    const second = await emu.call('rider-login-1', 'user', 'login', {});
    expect(second.data).toEqual(first.data);
    expect(await countUsers('rider-login-1')).toBe(1);
  });

  it('creates exactly one user when a first login is sent five times at once', async () => {
    const replies = await Promise.all(Array.from({ length: 5 }, () => emu.call('rider-race', 'user', 'login', {})));
    for (const r of replies) expect(r).toMatchObject({ ok: true, data: { openid: 'rider-race' } });
    expect(await countUsers('rider-race')).toBe(1);
  });

  it('makes a configured admin an admin on login', async () => {
    const r = await emu.call('test-admin', 'user', 'login', {});
    expect(r.data.roles).toEqual(expect.arrayContaining(['worker', 'admin']));
  });

  it('refuses a caller without an identity (the invoke rule first, the function on its own too)', async () => {
    expect(await emu.call(null, 'user', 'login', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    const out = await emu.emulator.functions.invoke('user', { action: 'login', payload: {} }, { source: 'wx_client' });
    const r = out.ok ? JSON.parse(out.json) : null;
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('ignores an openid smuggled into the payload', async () => {
    await emu.call('victim-1', 'user', 'login', {});
    const r = await emu.call('attacker-1', 'user', 'login', { openid: 'victim-1' });
    expect(r).toMatchObject({ ok: true, data: { openid: 'attacker-1' } });
    const p = await emu.call('attacker-1', 'user', 'updateProfile', { openid: 'victim-1', name: '冒名' });
    expect(p).toMatchObject({ ok: true, data: { openid: 'attacker-1', profile: { name: '冒名' } } });
    const victim = await emu.call('victim-1', 'user', 'me', {});
    expect(victim.data.profile.name).toBe('');
  });
});

describe('user.updateProfile and user.me', () => {
  it('saves the profile and shows it back, phone unmasked to its owner', async () => {
    await emu.call('rider-profile', 'user', 'login', {});
    const r = await emu.call('rider-profile', 'user', 'updateProfile', {
      name: '李明',
      phone: '13807751001',
      platform: 'meituan',
      workType: 'delivery',
      communityId: 'community-hecheng',
    });
    expect(r.ok).toBe(true);
    const me = await emu.call('rider-profile', 'user', 'me', {});
    expect(me.data.profile).toMatchObject({ name: '李明', phone: '13807751001', platform: 'meituan', workType: 'delivery', communityId: 'community-hecheng' });
  });

  it('refuses a malformed payload with the field named, and writes nothing', async () => {
    await emu.call('rider-bad', 'user', 'login', {});
    const before = (await emu.app.database().collection('users').doc('rider-bad').get()).data[0];
    const r = await emu.call('rider-bad', 'user', 'updateProfile', { name: '王芳', phone: '12345' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.phone' } });
    expect(r.error.message).toContain('手机号');
    const after = (await emu.app.database().collection('users').doc('rider-bad').get()).data[0];
    expect(after).toEqual(before);
  });

  it('refuses a community that does not exist', async () => {
    await emu.call('rider-community', 'user', 'login', {});
    const r = await emu.call('rider-community', 'user', 'updateProfile', { communityId: 'community-nowhere' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.communityId' } });
  });

  it('asks someone who never logged in to log in first', async () => {
    const r = await emu.call('never-logged-in', 'user', 'me', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    expect(await countUsers('never-logged-in')).toBe(0);
  });

  it('refuses a banned user', async () => {
    await emu.call('rider-banned', 'user', 'login', {});
    await emu.app.database().collection('users').doc('rider-banned').update({ status: 'banned' });
    const r = await emu.call('rider-banned', 'user', 'me', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.BANNED' } });
  });

  it('answers an unknown action and a malformed event clearly', async () => {
    await emu.call('rider-x', 'user', 'login', {});
    expect(await emu.call('rider-x', 'user', 'dropEverything', {})).toMatchObject({ ok: false, error: { code: 'INPUT.UNKNOWN_ACTION' } });
    const res = await fetch(`${emu.url}/api/functions/user`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': 'rider-x' },
      body: JSON.stringify({ payload: {} }),
    });
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'event.action' } });
  });
});
