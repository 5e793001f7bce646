// Every page the built mini-program declares (app.json, so a new page is covered by itself), rendered
// by WeChat's official compiler and miniprogram-simulate as each demo role, against the emulator: no
// exception, no console error, no page stuck loading, and no reply other than a refusal the role
// should get (a worker opening a staff page sees 没有权限, which is the page working).
import { allPages, bootApp, startEmulatorProcess, type EmulatorProcess, type WeappClient } from './harness';

jest.setTimeout(120_000);

const ROLES = [
  { role: 'worker', openid: 'demo-worker-1', home: '你好，李明' },
  { role: 'merchant', openid: 'demo-merchant-1', home: '你好，黄建国' },
  { role: 'gridworker', openid: 'demo-gridworker-1', home: '你好，周丽' },
  { role: 'staff', openid: 'demo-staff-1', home: '你好，韦强' },
  { role: 'admin', openid: 'demo-admin', home: '你好，覃敏' },
];

/** Pages that show one thing need its id, as the page that links to them passes it. */
const QUERY: Record<string, Record<string, string>> = {
  'pkg-snapshot/detail/index': { id: 'seed-report-105' },
  'pkg-place/detail/index': { id: 'station-hecheng-1' },
  'pkg-points/redemption/index': { id: 'rd-seed-1' },
};

/** Replies a page may get and still be working: the role has no right to it, or the item is not theirs. */
const ACCEPTABLE_REFUSAL = /^AUTH\.FORBIDDEN$|NOT_FOUND$/;

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await startEmulatorProcess();
}, 120_000);
afterAll(() => emu?.stop());

const pages = allPages();

test('the app declares the pages this test walks (main package and every subpackage)', () => {
  expect(pages).toContain('pages/index/index');
  expect(pages.filter((p) => p.startsWith('pkg-')).length).toBeGreaterThan(10);
});

describe.each(ROLES)('as $role ($openid)', ({ openid, home }) => {
  let app: WeappClient;
  beforeAll(() => {
    app = bootApp(emu.url, openid);
  });
  afterAll(() => app?.close());

  test.each(pages)('%s renders', async (page) => {
    app.errors.length = 0;
    app.calls.length = 0;
    const before = app.cloudCalls.length;
    const p = await app.open(page, QUERY[page] ?? {});
    try {
      let quiet = 0;
      await p.until(() => {
        quiet = app.pending() === 0 && !/正在加载|正在登录|正在查找/.test(p.text()) ? quiet + 1 : 0;
        return quiet >= 5;
      }, 'the page to finish loading');

      expect(app.errors).toEqual([]);
      expect(p.text().length).toBeGreaterThan(10);
      expect(p.text()).not.toMatch(/服务繁忙|undefined|NaN|\[object Object\]/);
      const failed = app.cloudCalls
        .slice(before)
        .map((c) => ({ call: `${c.name}.${c.action}`, reply: c.reply as { ok?: boolean; error?: { code: string; message: string } } }))
        .filter((c) => c.reply?.ok === false && !ACCEPTABLE_REFUSAL.test(c.reply.error?.code ?? ''));
      expect(failed).toEqual([]);
      if (page === 'pages/index/index') expect(p.text()).toContain(home);
    } finally {
      p.close();
    }
  });
});
