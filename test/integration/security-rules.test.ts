// Issue 11 (items 1, 9 and the rules): the attacks a client can make against the platform around the
// functions — invoking functions only the platform may invoke, reaching the CloudBase API from a web
// page, uploading outside one's own directory or uploading something that is not an image — each made
// through the same calls the app makes, and each refused with nothing written.
import { seedDemo } from '../../emulator/seed';
import { uploadDirFor } from '../../cloudfunctions/shared/domain/uploads';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { TINY_JPEG, TINY_PNG } from '../helpers/images';

jest.setTimeout(120_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
  await emu.call('demo-worker-1', 'user', 'login', {});
}, 120_000);
afterAll(() => emu.close());

const forgedVerdict = (traceId: string) => ({ MsgType: 'event', Event: 'wxa_media_check', trace_id: traceId, result: { suggest: 'pass', label: 100 }, version: 2 });

describe('function invoke rules (database/function-rules.json), enforced on client calls', () => {
  it('refuses a client call to wxmessage with CloudBase\'s PERMISSION_DENIED, and writes nothing', async () => {
    const before = emu.emulator.db.writes();
    const res = await emu.callRaw('demo-worker-1', 'wxmessage', forgedVerdict('any-trace'));
    expect(res).toEqual({ status: 403, body: { ok: false, error: { code: 'PERMISSION_DENIED', message: expect.stringMatching(/权限/) } } });
    expect(emu.emulator.db.writes()).toBe(before);
  });

  it('refuses a client call to pointsjobs, a timer-shaped one included', async () => {
    const before = emu.emulator.db.writes();
    expect((await emu.callRaw('demo-admin', 'pointsjobs', { Type: 'Timer', TriggerName: 'x' })).body.error.code).toBe('PERMISSION_DENIED');
    expect((await emu.callRaw('demo-worker-1', 'pointsjobs', { action: 'run', payload: {} })).body.error.code).toBe('PERMISSION_DENIED');
    expect(emu.emulator.db.writes()).toBe(before);
  });

  it('refuses callers that are not signed in ("*": auth != null)', async () => {
    const res = await emu.callRaw(null, 'user', { action: 'login', payload: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('PERMISSION_DENIED');
  });

  it('wxmessage itself refuses an invocation that carries a caller openid (a client past the rule)', async () => {
    const before = emu.emulator.db.writes();
    const out = await emu.emulator.functions.invoke('wxmessage', forgedVerdict('any-trace'), { openid: 'demo-worker-1', source: 'wx_client' });
    expect(out).toMatchObject({ ok: true, json: JSON.stringify('forbidden') });
    expect(emu.emulator.db.writes()).toBe(before);
  });

  it('a pushed verdict for a trace id no photo carries writes nothing', async () => {
    const before = emu.emulator.db.writes();
    const out = await emu.emulator.functions.invoke('wxmessage', forgedVerdict('no-such-trace'), { source: 'wx_message_push' });
    expect(out).toMatchObject({ ok: true, json: JSON.stringify('success') });
    expect(emu.emulator.db.writes()).toBe(before);
  });
});

describe('the CloudBase API (/admin) answers only signed SDK requests', () => {
  it('refuses what a page on another origin can send (a simple POST, no signature), and writes nothing', async () => {
    const before = emu.emulator.db.writes();
    const body = JSON.stringify({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify({ _id: 'planted', roles: ['admin'] })] });
    const res = await fetch(`${emu.url}/admin?env=local-env`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'http://evil.example' }, body });
    expect(await res.json()).toMatchObject({ code: 'SIGN_PARAM_INVALID' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${emu.url}/admin?env=local-env`, { method: 'POST', body: JSON.stringify({ action: 'database.getDocument', collectionName: 'users', queryType: 'WHERE', query: '{}' }) });
    expect(await read.json()).toMatchObject({ code: 'SIGN_PARAM_INVALID' });
    expect(emu.emulator.db.writes()).toBe(before);
    expect((await emu.app.database().collection('users').doc('planted').get()).data).toEqual([]);
  });

  it('refuses a stale signature', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const res = await fetch(`${emu.url}/admin`, {
      method: 'POST',
      headers: { authorization: `TC3-HMAC-SHA256 Credential=x/${day}/tcb/tc3_request, SignedHeaders=content-type;host, Signature=${'a'.repeat(64)}`, 'x-timestamp': String(Math.floor(Date.now() / 1000) - 3600), 'x-signature-expires': '600' },
      body: JSON.stringify({ action: 'database.getDocument', collectionName: 'users', queryType: 'WHERE', query: '{}' }),
    });
    expect(await res.json()).toMatchObject({ code: 'SIGN_EXPIRED_ERROR' });
  });

  it('still serves @cloudbase/node-sdk (and the functions, which use it)', async () => {
    const res = await emu.app.database().collection('users').doc('demo-worker-1').get();
    expect(res.data[0]).toMatchObject({ _id: 'demo-worker-1' });
    expect(await emu.call('demo-worker-1', 'points', 'summary', {})).toMatchObject({ ok: true });
  });
});

describe('the upload route writes only images into the caller\'s own upload directory', () => {
  const upload = (openid: string, path: string, body: Buffer) =>
    fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(path)}`, { method: 'POST', headers: { 'x-wx-openid': openid }, body: new Uint8Array(body) });

  it('accepts an image in one\'s own directory', async () => {
    const path = `${uploadDirFor('demo-worker-1')}/ok.png`;
    const res = await upload('demo-worker-1', path, TINY_PNG);
    expect(res.status).toBe(200);
    expect(await emu.emulator.storage.ownerOf(path)).toBe('demo-worker-1');
  });

  it('refuses another person\'s directory, anything outside upload directories, and a sub-folder; stores nothing', async () => {
    const targets = [`${uploadDirFor('demo-worker-2')}/mine-now.jpg`, 'media/0123456789abcdef01234567/photo.jpg', 'exports/x.csv', `${uploadDirFor('demo-worker-1')}/sub/x.jpg`];
    for (const path of targets) {
      const res = await upload('demo-worker-1', path, TINY_JPEG);
      expect([path, res.status, (await res.json()).error.code]).toEqual([path, 403, 'STORAGE.FORBIDDEN']);
      expect(await emu.emulator.storage.exists(path)).toBe(false);
    }
  });

  it('refuses bytes that are not an image, whatever the name says, and an image under a non-image name', async () => {
    const dir = uploadDirFor('demo-worker-1');
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    for (const [name, body] of [['x.jpg', html], ['x.png', Buffer.from('not a png')], ['x.html', TINY_PNG], ['x.svg', TINY_PNG]] as const) {
      const res = await upload('demo-worker-1', `${dir}/${name}`, body);
      expect([name, res.status, (await res.json()).error.code]).toEqual([name, 415, 'INPUT.NOT_IMAGE']);
      expect(await emu.emulator.storage.exists(`${dir}/${name}`)).toBe(false);
    }
  });
});
