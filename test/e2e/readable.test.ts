// Over the rendered H5 pages of every role, on a 375×812 phone screen: every text meets WCAG AA
// contrast against what is really behind it (opacity included: disabled buttons too), and every
// tappable element is at least 44×44 px. Screenshots: test-output/e2e/readable-<role>-<page>.png.
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { openApp, type BrowserSession } from '../helpers/browser';
import { contrastProblems, tapProblems, type ContrastProblem, type TapProblem } from '../helpers/page-audit';

jest.setTimeout(300_000);

let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  session = await openApp();
  page = session.page;
  await page.setViewportSize({ width: 375, height: 812 });
}, 120_000);
afterAll(() => session?.close());

const TABS = ['pages/index/index', 'pages/map/index', 'pages/snapshot/index', 'pages/points/index', 'pages/me/index'];
const ROLES: Array<{ openid: string; role: string; pages: string[] }> = [
  {
    openid: 'demo-worker-1',
    role: 'worker',
    pages: [...TABS, 'pkg-snapshot/mine/index', 'pkg-snapshot/detail/index?id=seed-report-105', 'pkg-snapshot/messages/index', 'pkg-points/redemption/index?id=rd-seed-1', 'pkg-points/leaderboard/index', 'pkg-points/rules/index', 'pkg-place/detail/index?id=station-hecheng-1', 'pkg-place/apply/index'],
  },
  { openid: 'demo-merchant-1', role: 'merchant', pages: [...TABS, 'pkg-place/mine/index', 'pkg-points/fulfil/index', 'pkg-points/rewards/index', 'pkg-snapshot/feedback/index'] },
  { openid: 'demo-gridworker-1', role: 'gridworker', pages: [...TABS, 'pkg-snapshot/tasks/index'] },
  {
    openid: 'demo-staff-1',
    role: 'staff',
    pages: [...TABS, 'pkg-snapshot/queue/index', 'pkg-place/review/index', 'pkg-place/manage/index', 'pkg-place/station/index', 'pkg-points/rewards/index', 'pkg-admin/dashboard/index', 'pkg-admin/people/index', 'pkg-admin/export/index'],
  },
  { openid: 'demo-admin', role: 'admin', pages: [...TABS, 'pkg-admin/regions/index', 'pkg-admin/audit/index', 'pkg-snapshot/categories/index', 'pkg-admin/people/index'] },
];

/** Waits until nothing says it is loading and the page's text has stopped changing. */
async function settle(): Promise<void> {
  let last = '';
  let same = 0;
  for (let i = 0; i < 100 && same < 4; i++) {
    await page.waitForTimeout(150);
    const text = await page.evaluate(() => document.body.innerText);
    same = text === last && !/正在加载|正在登录|正在查找/.test(text) ? same + 1 : 0;
    last = text;
  }
}

const found: Record<string, { contrast: ContrastProblem[]; taps: TapProblem[] }> = {};

describe.each(ROLES)('$role', ({ openid, role, pages }) => {
  beforeAll(async () => {
    await session.loginAs(openid);
  }, 120_000);

  test.each(pages)('%s: readable text, fingertip-sized targets', async (path) => {
    await page.goto(`${session.emu.url}/#/${path}`);
    await page.locator('.taro_page').last().waitFor();
    await settle();
    await session.shot(`readable-${role}-${path.replace(/\/index.*$/, '').replace(/\//g, '-')}`);
    const contrast = await page.evaluate(contrastProblems);
    const taps = await page.evaluate(tapProblems, 44);
    found[`${role} ${path}`] = { contrast, taps };
    expect(contrast).toEqual([]);
    expect(taps).toEqual([]);
  });
});

/** A small photo to upload: a 64×64 PNG. */
function photo(): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([40, 120, 200, 255], i);
  return PNG.sync.write(png);
}

test('the report form with photos and volunteer presets: the × and the chips are fingertip-sized, and a failed upload can be removed', async () => {
  await session.loginAs('demo-worker-5');
  await page.goto(`${session.emu.url}/#/pages/snapshot/index`);
  const add = page.getByTestId('snapshot-photos-add');
  await add.waitFor();
  const pick = async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), add.click()]);
    await chooser.setFiles({ name: 'scene.png', mimeType: 'image/png', buffer: photo() });
  };
  await pick();
  await page.getByTestId('snapshot-photos-done').waitFor();
  // The next upload is dropped by the network: its tile says so, and offers retry and removal.
  await page.route('**/api/storage/upload**', (route) => route.abort());
  await pick();
  await page.getByTestId('snapshot-photos-drop').waitFor();
  await page.getByTestId('snapshot-kind-volunteer').click();
  await settle();
  await session.shot('readable-worker-snapshot-photos');
  expect(await page.evaluate(tapProblems, 44)).toEqual([]);
  expect(await page.evaluate(contrastProblems)).toEqual([]);

  await page.getByTestId('snapshot-photos-drop').click();
  await expect(page.getByTestId('snapshot-photos-uploading').count()).resolves.toBe(0);
  expect(await page.getByTestId('snapshot-photos-done').count()).toBe(1);
  await page.unroute('**/api/storage/upload**');
});

test('a busy button (export, save, submit) changes its words without Taro throwing insertBefore errors', async () => {
  const errors: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  };
  page.on('console', onConsole);
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await session.loginAs('demo-staff-1');
    await page.goto(`${session.emu.url}/#/pkg-admin/export/index`);
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-result').waitFor();
    await page.goto(`${session.emu.url}/#/pages/me/index`);
    await page.getByTestId('me-edit').click();
    await page.getByTestId('profile-save').click();
    await page.getByTestId('me-edit').waitFor();
    await page.waitForTimeout(500);
    expect(errors).toEqual([]);
  } finally {
    page.off('console', onConsole);
  }
});

afterAll(() => {
  if (process.env.READABLE_REPORT === '1') console.log(JSON.stringify(found, null, 1));
});
