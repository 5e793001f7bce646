// The staff workbench in Chromium against the emulator: demo staff sees 工作台 as the first tab,
// opens the dashboard and sees the charts with the figures the function computes; demo admin grants
// a demo rider a grid-worker role on the people page and finds it in the audit log.
// Screenshots: test-output/e2e/workbench-NN-*.png.
import type { Page } from 'playwright-core';
import { openApp, until, type BrowserSession } from '../helpers/browser';
import type { TestEmulator } from '../helpers/emulator';

jest.setTimeout(180_000);

let session: BrowserSession;
let emu: TestEmulator;
let page: Page;

beforeAll(async () => {
  session = await openApp();
  ({ emu, page } = session);
});
afterAll(() => session?.close());

const shot = (name: string) => session.shot(`workbench-${name}`);

/** H5 pages slide in; wait until the element stops moving before a screenshot. */
async function settled(testId: string): Promise<void> {
  const el = page.getByTestId(testId).first();
  await el.waitFor();
  let last = '';
  for (let i = 0; i < 40; i++) {
    const box = JSON.stringify(await el.boundingBox());
    if (box === last) return;
    last = box;
    await page.waitForTimeout(100);
  }
}

test('demo staff opens the dashboard from the 工作台 and sees the charts with the live figures', async () => {
  await session.loginAs('demo-staff-1');
  const firstTab = page.locator('.weui-tabbar__label').first();
  expect(await until(page, async () => (await firstTab.textContent())?.trim(), (t) => t === '工作台')).toBe('工作台');

  const counts = (await emu.call('demo-staff-1', 'snapshot', 'queueCounts', {})).data;
  expect(await until(page, () => page.getByTestId('wb-count-queue').textContent(), (t) => t === String(counts.submitted))).toBe(String(counts.submitted));
  expect(await page.getByTestId('wb-count-overdue').textContent()).toBe(String(counts.overdue));
  expect(await page.getByTestId('wb-audit').count()).toBe(0); // admins only
  await shot('01-home-staff');

  await page.getByTestId('wb-dashboard').click();
  await page.getByTestId('chart-trend').waitFor();
  const o = (await emu.call('demo-staff-1', 'stats', 'overview', {})).data;
  expect(o.scope.label).toBe('荷城社区');
  expect(await page.getByTestId('dashboard-scope').textContent()).toBe('荷城社区');
  expect(await page.getByTestId('kpi-submitted').textContent()).toBe(String(o.reports.submitted));
  expect(await page.getByTestId('kpi-resolved').textContent()).toBe(String(o.reports.resolved));
  expect(await page.getByTestId('kpi-registered').textContent()).toBe(String(o.workers.registered));
  expect(o.reports.submitted).toBeGreaterThan(0);
  // One dot per week and series; the busiest category has the full-length bar.
  expect(await page.getByTestId('chart-trend-series-0').locator('.yh-line__dot').count()).toBe(o.byWeek.length);
  const top = o.byCategory[0];
  const bar = page.getByTestId(`chart-category-${top.key}`).locator('[data-role="value"]');
  expect(await bar.evaluate((el) => (el as HTMLElement).style.width)).toBe('100%');
  // Staff see only their own community.
  expect(o.byCommunity.map((c: { key: string }) => c.key)).toEqual(['community-hecheng']);
  await settled('dashboard-page');
  await shot('02-dashboard');

  await page.getByTestId('chart-trend-card').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -80));
  await shot('03-dashboard-charts');
  await page.getByTestId('chart-community').scrollIntoViewIfNeeded();
  await shot('04-dashboard-bars');

  // An export of the same scope: a CSV with a row per report.
  await page.getByTestId('dashboard-export').scrollIntoViewIfNeeded();
  await page.getByTestId('dashboard-export').click();
  await settled('export-page');
  await page.getByTestId('export-run').click();
  await page.getByTestId('export-result').waitFor();
  expect(Number(await page.getByTestId('export-rows').textContent())).toBeGreaterThan(0);
  await shot('05-export');
});

test('demo admin grants a rider the grid-worker role on the people page and sees it in the audit log', async () => {
  await session.loginAs('demo-admin');
  await page.getByTestId('wb-people').click();
  await settled('people-page');
  await page.getByTestId('people-search').locator('input').fill('王芳');
  await page.getByTestId('people-search-btn').click();
  const card = page.getByTestId('user-demo-worker-2');
  await card.waitFor();
  expect(await page.locator('[data-testid^="user-demo-"]').count()).toBe(1);
  expect(await card.textContent()).toContain('13807751002'); // admins see the whole number

  await card.getByTestId('user-manage').click();
  await card.getByTestId('grant-role-gridworker').click();
  await card.getByTestId('grant-scope-grid-shiyangtang-1').click();
  await card.getByTestId('grant-scope-grid-shiyangtang-1').scrollIntoViewIfNeeded();
  await shot('06-people-grant');
  await card.getByTestId('grant-submit').click();
  expect(await until(page, () => card.getByTestId('user-roles').textContent(), (t) => !!t?.includes('网格员'))).toContain('网格员');
  expect(await card.getByTestId('user-scopes').textContent()).toBe('负责网格：石羊塘一网格');
  // The card's head with the new role and scope, once the 已授予 toast has gone.
  await page.waitForTimeout(1800);
  await card.getByTestId('user-roles').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -160));
  await shot('07-people-granted');

  // Stored: the role, and exactly one audit entry for it.
  const users = (await emu.call('demo-admin', 'admin', 'listUsers', { q: 'demo-worker-2' })).data.items;
  expect(users[0].roles).toContain('gridworker');
  expect(users[0].scopes.gridworker).toEqual(['grid-shiyangtang-1']);
  const log = (await emu.call('demo-admin', 'admin', 'auditLog', { targetId: 'demo-worker-2' })).data.items;
  expect(log.map((e: { action: string }) => e.action)).toEqual(['admin.grantRole']);

  await card.getByTestId('user-audit').click();
  await page.getByTestId('audit-page').waitFor();
  const entry = page.getByTestId(`audit-${log[0].id}`);
  await entry.waitFor();
  expect(await entry.getByTestId('audit-action').textContent()).toBe('授予角色');
  expect(await entry.getByTestId('audit-sentence').textContent()).toBe('覃敏 给用户「王芳」授予了角色');
  expect(await entry.textContent()).toContain('角色新就业群体新就业群体、网格员');
  expect(await until(page, () => entry.textContent(), (t) => !!t?.includes('负责范围无网格：石羊塘一网格'))).toContain('负责范围无网格：石羊塘一网格');
  await settled('audit-page');
  await shot('08-audit');
});

test('demo admin sees the district tree and a bad GeoJSON refused whole, naming the feature', async () => {
  await page.goto(`${emu.url}/#/pkg-admin/regions/index`);
  await page.getByTestId('region-community-hecheng').waitFor();
  const before = (await emu.call('demo-admin', 'admin', 'listRegions', {})).data.length;
  const bad = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { id: 'grid-new-ok', level: 'grid', name: '荷城四网格', parentId: 'community-hecheng' }, geometry: { type: 'Polygon', coordinates: [[[109.57, 23.11], [109.575, 23.11], [109.575, 23.115], [109.57, 23.115], [109.57, 23.11]]] } },
      { type: 'Feature', properties: { id: 'grid-new-bad', level: 'grid', name: '越界网格', parentId: 'community-hecheng' }, geometry: { type: 'Polygon', coordinates: [[[109.7, 23.2], [109.71, 23.2], [109.71, 23.21], [109.7, 23.21], [109.7, 23.2]]] } },
    ],
  };
  await page.getByTestId('region-paste').locator('textarea').fill(JSON.stringify(bad));
  expect(await until(page, () => page.getByTestId('region-preview').textContent(), (t) => t === '共 2 个区域：网格 2 个')).toBe('共 2 个区域：网格 2 个');
  await page.getByTestId('region-import-submit').click();
  const err = page.getByTestId('region-import-error');
  await err.waitFor();
  expect(await err.textContent()).toContain('第 2 个要素（越界网格）');
  expect(await err.textContent()).toContain('整个文件都没有导入');
  expect((await emu.call('demo-admin', 'admin', 'listRegions', {})).data.length).toBe(before);
  await settled('regions-page');
  await shot('09-regions-refused');
});
