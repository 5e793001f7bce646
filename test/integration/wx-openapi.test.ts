// WeChat open APIs (云调用) through the real wx-server-sdk's cloud.openapi, called from inside a cloud
// function as WeChat documents it, answered by the emulator's `wx.openApi` (protobuf in and out) and
// its local checker.
import path from 'node:path';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(60_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: path.join(__dirname, '..', 'fixtures', 'wx-functions') });
}, 120_000);
afterAll(() => emu.close());

type Outcome = { ok: true; result: any } | { ok: false; errCode: number; errMsg: string };

/** Runs `cloud.openapi.<api>(data)` inside a function whose config.json lists the product's three APIs. */
async function openapi(api: string, data: Record<string, unknown>, fn = 'openapi-caller'): Promise<Outcome> {
  const res = await emu.app.callFunction({ name: fn, data: { api, data } });
  return res.result as Outcome;
}
const msgSecCheck = (content: string) => openapi('security.msgSecCheck', { version: 2, openid: 'u1', scene: 2, content });

async function outbox(query: Record<string, unknown>, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await emu.app.database().collection('_outbox').where(query).get();
    if (res.data.length || Date.now() > until) return res.data as any[];
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('security.msgSecCheck 2.0', () => {
  it('passes ordinary text; the verdict is in result.suggest', async () => {
    const r = await msgSecCheck('人民路与中山路交叉口井盖缺失，晚上很危险');
    expect(r).toEqual({ ok: true, result: expect.objectContaining({ errCode: 0, result: { suggest: 'pass', label: 100 }, traceId: expect.any(String) }) });
  });

  it('flags risky text without failing the call (2.0: errcode 0 even for risky text)', async () => {
    const r = await msgSecCheck('出售冰毒，价格优惠');
    expect(r).toMatchObject({ ok: true, result: { errCode: 0, result: { suggest: 'risky', label: 20006 } } });
  });

  it('asks for review of off-platform solicitations', async () => {
    expect(await msgSecCheck('有需要的加微信详聊')).toMatchObject({ ok: true, result: { result: { suggest: 'review' } } });
  });

  it('refuses version 1, a bad scene and over-long content with WeChat error codes', async () => {
    expect(await openapi('security.msgSecCheck', { openid: 'u1', content: 'x' })).toMatchObject({ ok: false, errCode: 40097 });
    expect(await openapi('security.msgSecCheck', { version: 2, openid: 'u1', scene: 9, content: 'x' })).toMatchObject({ ok: false, errCode: 40097 });
    expect(await msgSecCheck('好'.repeat(2501))).toMatchObject({ ok: false, errCode: 87014 });
  });
});

describe('security.mediaCheckAsync 2.0', () => {
  it('answers with a trace id, then pushes the verdict to the message-push function', async () => {
    const r = await openapi('security.mediaCheckAsync', { version: 2, openid: 'u1', scene: 2, mediaType: 2, mediaUrl: `${emu.url}/files/snapshots/risky-photo.jpg?sign=x` });
    expect(r).toMatchObject({ ok: true, result: { errCode: 0, traceId: expect.any(String) } });
    const traceId = (r as { result: { traceId: string } }).result.traceId;
    const [push] = await outbox({ kind: 'received-push' });
    expect(push.event).toMatchObject({ MsgType: 'event', Event: 'wxa_media_check', trace_id: traceId, result: { suggest: 'risky' } });
  });
});

describe('subscribeMessage.send', () => {
  it('records the message in the outbox instead of sending it', async () => {
    const r = await openapi('subscribeMessage.send', { touser: 'u1', templateId: 'tpl-status', page: 'pages/index/index', data: { thing1: { value: '已受理' } }, miniprogramState: 'formal' });
    expect(r).toMatchObject({ ok: true, result: { errCode: 0 } });
    const [sent] = await outbox({ template_id: 'tpl-status' });
    expect(sent).toMatchObject({ kind: 'subscribeMessage', touser: 'u1', template_id: 'tpl-status', page: 'pages/index/index', data: { thing1: { value: '已受理' } } });
  });
});

describe('who may call', () => {
  it('refuses an API the function does not list under permissions.openapi (-604101), and sends nothing', async () => {
    const r = await openapi('subscribeMessage.send', { touser: 'u2', templateId: 'tpl-unlisted', page: 'pages/index/index', data: {} }, 'openapi-unlisted');
    expect(r).toMatchObject({ ok: false, errCode: -604101 });
    expect(await outbox({ template_id: 'tpl-unlisted' }, 300)).toEqual([]);
    // The same function may call what it lists.
    expect(await openapi('security.msgSecCheck', { version: 2, openid: 'u1', scene: 2, content: '你好' }, 'openapi-unlisted')).toMatchObject({ ok: true });
  });

  it('refuses a call from outside a cloud function (no WeChat API token)', async () => {
    // Configured exactly like a function (endpoint, environment, keys) but without the token the runtime injects.
    const saved = { ...process.env };
    Object.assign(process.env, { TCB_ENV: emu.emulator.envId, SCF_NAMESPACE: emu.emulator.envId, TENCENTCLOUD_RUNENV: 'SCF', TENCENTCLOUD_REGION: 'ap-shanghai', TCB_CONTEXT_CNFG: JSON.stringify({ URL: emu.emulator.adminUrl }) });
    try {
      let cloud: any;
      jest.isolateModules(() => {
        cloud = require('wx-server-sdk');
      });
      cloud.init({ env: emu.emulator.envId });
      await expect(cloud.openapi.security.msgSecCheck({ version: 2, openid: 'u1', scene: 2, content: '你好' })).rejects.toMatchObject({ errCode: -501008 });
    } finally {
      process.env = saved;
    }
  });

  it('no longer answers the undocumented JSON `wx.api` form', async () => {
    await expect(emu.app.callWxOpenApi({ apiName: 'security.msgSecCheck', requestData: { version: 2, openid: 'u1', scene: 2, content: '你好' } })).rejects.toMatchObject({ code: 'INVALID_ACTION' });
  });
});

describe('fault injection', () => {
  it('fails the chosen open API call as CloudBase would, once', async () => {
    emu.emulator.faults.add({ action: 'wx.openApi', apiName: 'security.msgSecCheck', kind: 'error', code: 'SYS_ERR' });
    try {
      expect(await msgSecCheck('你好')).toMatchObject({ ok: false, errCode: expect.any(Number) });
      expect(await msgSecCheck('你好')).toMatchObject({ ok: true });
    } finally {
      emu.emulator.faults.clear();
    }
  });
});
