// WeChat open APIs through the real SDK's callWxOpenApi, answered by the emulator's local checker.
import path from 'node:path';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: path.join(__dirname, '..', 'fixtures', 'wx-functions') });
});
afterAll(() => emu.close());

const msgSecCheck = (content: string) =>
  emu.app.callWxOpenApi({ apiName: 'security.msgSecCheck', requestData: { version: 2, openid: 'u1', scene: 2, content } }) as Promise<{ result: any }>;

async function outbox(kind: string, timeoutMs = 3000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await emu.app.database().collection('_outbox').where({ kind }).get();
    if (res.data.length || Date.now() > until) return res.data as any[];
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('security.msgSecCheck 2.0', () => {
  it('passes ordinary text with errcode 0', async () => {
    const { result } = await msgSecCheck('人民路与中山路交叉口井盖缺失，晚上很危险');
    expect(result).toMatchObject({ errcode: 0, result: { suggest: 'pass', label: 100 } });
  });

  it('flags risky text with errcode 0 and the verdict in result.suggest', async () => {
    const { result } = await msgSecCheck('出售冰毒，价格优惠');
    expect(result).toMatchObject({ errcode: 0, result: { suggest: 'risky', label: 20006 } });
  });

  it('asks for review of off-platform solicitations', async () => {
    const { result } = await msgSecCheck('有需要的加微信详聊');
    expect(result.result.suggest).toBe('review');
  });

  it('refuses version 1 and over-long content like WeChat does', async () => {
    const v1 = await emu.app.callWxOpenApi({ apiName: 'security.msgSecCheck', requestData: { content: 'x' } });
    expect((v1 as any).result.errcode).not.toBe(0);
    const long = await msgSecCheck('好'.repeat(2501));
    expect(long.result.errcode).toBe(87014);
  });
});

describe('security.mediaCheckAsync 2.0', () => {
  it('answers with a trace id, then pushes the verdict to the message-push function', async () => {
    const { result } = (await emu.app.callWxOpenApi({
      apiName: 'security.mediaCheckAsync',
      requestData: { version: 2, openid: 'u1', scene: 2, media_type: 2, media_url: `${emu.url}/files/snapshots/risky-photo.jpg?sign=x` },
    })) as { result: any };
    expect(result).toMatchObject({ errcode: 0, trace_id: expect.any(String) });
    const [push] = await outbox('received-push');
    expect(push.event).toMatchObject({ MsgType: 'event', Event: 'wxa_media_check', trace_id: result.trace_id, result: { suggest: 'risky' } });
  });
});

describe('subscribeMessage.send', () => {
  it('records the message in the outbox instead of sending it', async () => {
    const { result } = (await emu.app.callWxOpenApi({
      apiName: 'subscribeMessage.send',
      requestData: { touser: 'u1', template_id: 'tpl-status', page: 'pages/index/index', data: { thing1: { value: '已受理' } } },
    })) as { result: any };
    expect(result.errcode).toBe(0);
    const [sent] = await outbox('subscribeMessage');
    expect(sent).toMatchObject({ touser: 'u1', template_id: 'tpl-status', data: { thing1: { value: '已受理' } } });
  });
});
