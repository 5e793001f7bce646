// Every role on a 375×812 phone, in Chromium against the emulator with the demo seed: each home shows
// that role's own work (figures checked against the functions), the journeys around it work (choose a
// community, 核销 a code, rate a fix, export and delete an account), and every page each role can
// reach is opened and photographed into test-output/e2e/roles/<role>/. Any page error or console
// error fails the test.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SHOTS_DIR, openApp, until, type BrowserSession } from '../helpers/browser';
import type { TestEmulator } from '../helpers/emulator';

jest.setTimeout(300_000);

// Inside 荷城社区, near 荷城路: where the riders of the demo district work.
const HERE = { latitude: 23.112, longitude: 109.585 };

let session: BrowserSession;
let emu: TestEmulator;
let page: Page;

beforeAll(async () => {
  session = await openApp({ viewport: { width: 375, height: 812 }, geolocation: HERE });
  ({ emu, page } = session);
}, 120_000);
afterAll(() => session?.close());

const LOADING = /正在登录|正在加载|正在查找|正在统计/;

/**
 * Photographs the whole page, not only its first screen: Taro's H5 pages scroll inside `.taro_page`,
 * so the window is made as tall as the page's content for the shot, then put back to the phone's size.
 */
async function shot(role: string, name: string): Promise<void> {
  const dir = path.join(SHOTS_DIR, 'roles', role);
  fs.mkdirSync(dir, { recursive: true });
  const content = (await page.evaluate(`(function () { var p = document.querySelectorAll('.taro_page'); var e = p[p.length - 1]; return e ? e.scrollHeight + 50 : 0; })()`)) as number;
  const tall = Math.min(Math.max(content, 812), 6000);
  if (tall > 812) {
    await page.setViewportSize({ width: 375, height: tall });
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
  if (tall > 812) await page.setViewportSize({ width: 375, height: 812 });
}

/** Waits until the page has had nothing loading for a while (not one lucky moment) and stopped sliding in. */
async function settle(): Promise<void> {
  const end = Date.now() + 45_000;
  let quiet = 0;
  while (Date.now() < end && quiet < 5) {
    const text = await page.locator('.taro_page').last().innerText().catch(() => '');
    quiet = text && !LOADING.test(text) ? quiet + 1 : 0;
    await page.waitForTimeout(150);
  }
  const text = await page.locator('.taro_page').last().innerText();
  expect(text).not.toMatch(LOADING);
  await page.waitForTimeout(400);
}

function clean(where: string): void {
  // The app's page declares no icon file; only the test's own stop at /healthz (a JSON reply) makes
  // the browser ask for /favicon.ico.
  const problems = session.problems.filter((p) => !p.includes('/favicon.ico'));
  expect({ where, problems }).toEqual({ where, problems: [] });
}

/** Opens a page by its route as the logged-in account (a full load, so each page starts alone). */
async function visit(role: string, name: string, route: string): Promise<void> {
  await page.goto(`${emu.url}/?r=${Date.now()}#${route}`);
  await page.locator('.taro_page').last().waitFor();
  await settle();
  await shot(role, name);
  clean(`${role} ${name}`);
}

async function text(testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

const firstNumber = (s: string) => Number((s.match(/\d+/) ?? ['NaN'])[0]);

/** Logs in (test/helpers/browser.ts) and waits for the home to settle. */
async function loginAs(openid: string): Promise<void> {
  await session.loginAs(openid);
  await settle();
}

describe('each role’s home shows that role’s work', () => {
  test('rider: 待评价, unread messages and the nearest open station, each one tap', async () => {
    await loginAs('demo-worker-1');
    const counts = (await emu.call('demo-worker-1', 'snapshot', 'homeCounts', {})).data;
    expect(counts.toRate).toBeGreaterThan(0);
    expect(firstNumber(await until(page, () => text('home-count-torate'), (t) => firstNumber(t) === counts.toRate))).toBe(counts.toRate);
    expect(firstNumber(await text('home-count-unread'))).toBe(counts.unread);
    const near = (await emu.call('demo-worker-1', 'place', 'nearby', { location: { lat: HERE.latitude, lng: HERE.longitude }, radius: 5000, type: 'station', openNow: true, pageSize: 1 })).data;
    const station = await until(page, () => text('home-station'), (t) => !LOADING.test(t));
    if (near.items[0]) expect(station).toContain(near.items[0].name);
    else expect(station).toContain('暂时没有营业中的驿站');
    await shot('worker', '01-home');

    // One tap to the fix waiting for a rating, where the rating is asked for.
    await page.getByTestId('home-torate').first().click();
    await page.getByTestId('detail-page').waitFor();
    await page.getByTestId('rate-panel').waitFor();
    await settle();
    await shot('worker', '02-rate-from-home');
    clean('rider home');
  });

  test('grid worker: open tasks, overdue first, with counts, one tap to each', async () => {
    await loginAs('demo-gridworker-1');
    const counts = (await emu.call('demo-gridworker-1', 'snapshot', 'homeCounts', {})).data.tasks;
    const todo = (await emu.call('demo-gridworker-1', 'snapshot', 'tasks', { status: 'todo', pageSize: 5 })).data.items as Array<{ id: string; overdue: boolean }>;
    expect(counts.overdue).toBeGreaterThan(0);
    expect(firstNumber(await until(page, () => text('home-count-open'), (t) => firstNumber(t) === counts.open))).toBe(counts.open);
    expect(firstNumber(await text('home-count-overdue'))).toBe(counts.overdue);
    const rows = page.getByTestId('home-task');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(todo.map((t) => t.id));
    // Overdue first.
    const flags = todo.map((t) => t.overdue);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    expect(await rows.first().textContent()).toContain('已超时');
    expect(await page.getByText('即将开放').count()).toBe(0);
    await shot('gridworker', '01-home');

    await rows.first().click();
    await page.getByTestId('detail-page').waitFor();
    // Where to go: the map preview with the place in words.
    await page.getByTestId('detail-map').scrollIntoViewIfNeeded();
    expect(await text('detail-map-where')).toMatch(/网格|社区|号/);
    await page.getByTestId('place-schematic').waitFor();
    await settle();
    await shot('gridworker', '02-task-map');
    clean('grid worker home');
  });

  test('merchant: the place (status, open now, offers), 核销 by typed code, feedback and rewards', async () => {
    // A rider redeems the merchant's drink; the merchant 核销 it from the home.
    const redeemed = await emu.call('demo-worker-1', 'points', 'redeem', { rewardId: 'rw-demo-drink', requestId: `e2e-roles-${Date.now()}` });
    expect(redeemed.ok).toBe(true);
    await loginAs('demo-merchant-1');
    const place = (await emu.call('demo-merchant-1', 'place', 'mine', {})).data.items[0];
    const card = page.getByTestId('home-place').first();
    await card.waitFor();
    expect(await card.textContent()).toContain(place.name);
    expect(await text('home-place-status')).toBe('已通过');
    expect(await text('home-place-open')).toBe(place.statusText);
    expect(await card.textContent()).toContain(place.offers[0].title);
    const feedback = (await emu.call('demo-merchant-1', 'snapshot', 'homeCounts', {})).data.feedback.open;
    expect(firstNumber(await until(page, () => text('home-count-feedback'), (t) => firstNumber(t) === feedback))).toBe(feedback);
    expect(await page.getByTestId('home-points').count()).toBe(0); // not the rider home
    await shot('merchant', '01-home');

    await page.locator('[data-testid="home-fulfil-input"] input').fill(redeemed.data.code);
    await page.getByTestId('home-fulfil-check').click();
    await page.getByTestId('fulfil-preview').waitFor();
    await settle();
    await shot('merchant', '02-fulfil-preview');
    await page.getByTestId('fulfil-confirm').click();
    await page.getByTestId('fulfil-done').waitFor();
    // The success mark is an icon (not a typed ✓), drawn at its size in its circle.
    const mark = await page.getByTestId('success-mark').evaluate((m) => ({ text: (m.textContent ?? '').trim(), icon: (m.querySelector('img')?.getBoundingClientRect().width ?? 0) / m.getBoundingClientRect().width }));
    expect(mark.text).toBe('');
    expect(mark.icon).toBeGreaterThan(0.5);
    await shot('merchant', '03-fulfil-done');
    const after = (await emu.call('demo-worker-1', 'points', 'redemption', { id: redeemed.data.id })).data;
    expect(after.status).toBe('fulfilled');

    await page.goBack();
    await page.getByTestId('home-count-feedback').click();
    await page.getByTestId('feedback-page').waitFor();
    await settle();
    await shot('merchant', '04-feedback-from-home');
    clean('merchant home');
  });

  test('staff and admin: the 工作台 with live counts', async () => {
    await loginAs('demo-staff-1');
    const counts = (await emu.call('demo-staff-1', 'snapshot', 'queueCounts', {})).data;
    expect(await until(page, () => text('wb-count-queue'), (t) => t === String(counts.submitted))).toBe(String(counts.submitted));
    await shot('staff', '01-home');
    await loginAs('demo-admin');
    await page.getByTestId('wb-audit').waitFor();
    await shot('admin', '01-home');
    clean('staff and admin homes');
  });
});

describe('journeys around the homes', () => {
  test('a new rider chooses the community suggested from where they are, and appears for their staff and on the board', async () => {
    const openid = `e2e-rider-${Date.now()}`;
    await loginAs(openid);
    // The prompt lands on 我的 with the form already open.
    await page.getByTestId('home-choose-community').or(page.getByText('完善资料')).first().click();
    await page.locator('[data-testid="input-name"] input').fill('新来的骑手');
    expect(await page.getByTestId('me-edit').count()).toBe(0);
    await page.getByRole('radio', { name: '外卖骑手' }).click();
    const suggested = page.getByRole('radio', { name: '荷城社区（推荐）' });
    await suggested.waitFor();
    expect(await suggested.getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('input-community').scrollIntoViewIfNeeded();
    await shot('newcomer', '01-choose-community');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('me-edit').waitFor();
    expect(await until(page, () => text('me-profile-community'), (t) => t === '荷城社区')).toBe('荷城社区');
    await shot('newcomer', '02-me-with-community');

    const people = (await emu.call('demo-staff-1', 'admin', 'listUsers', { q: '新来的骑手' })).data.items as Array<{ openid: string }>;
    expect(people.map((p) => p.openid)).toContain(openid);
    await visit('newcomer', '03-leaderboard', '/pkg-points/leaderboard/index');
    expect(await text('board-me')).toContain('荷城社区');
  });

  test('a rider’s balance is fresh on 我的 after spending points elsewhere', async () => {
    await loginAs('demo-worker-5');
    await page.locator('.weui-tabbar__label').filter({ hasText: '我的' }).click();
    await page.getByTestId('me-profile-points').waitFor();
    const before = Number(await text('me-profile-points'));
    const r = await emu.call('demo-worker-5', 'points', 'redeem', { rewardId: 'rw-demo-drink', requestId: `e2e-fresh-${Date.now()}` });
    expect(r.ok).toBe(true);
    await page.locator('.weui-tabbar__label').filter({ hasText: '首页' }).click();
    await page.locator('.weui-tabbar__label').filter({ hasText: '我的' }).click();
    expect(Number(await until(page, () => text('me-profile-points'), (t) => Number(t) !== before))).toBe(before - 15);
    clean('fresh balance');
  });

  test('a rider exports their data as a file, then deletes the account and starts afresh', async () => {
    const openid = `e2e-leaver-${Date.now()}`;
    await emu.call(openid, 'user', 'login', {});
    await emu.call(openid, 'user', 'updateProfile', { name: '要走的骑手', workType: 'delivery', communityId: 'community-hecheng' });
    await loginAs(openid);
    await page.locator('.weui-tabbar__label').filter({ hasText: '我的' }).click();
    await page.getByTestId('me-export-run').click();
    await page.getByTestId('me-export-ready').waitFor();
    await page.getByTestId('me-export').scrollIntoViewIfNeeded();
    await shot('newcomer', '04-export-ready');
    const [file] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('me-export-open').click()]);
    await file.waitForLoadState();
    const body = JSON.parse(await file.evaluate(() => document.body.innerText));
    expect(body.account).toMatchObject({ openid, profile: { name: '要走的骑手' } });
    await file.close();

    await page.getByTestId('me-delete-open').click();
    await page.getByTestId('me-delete').scrollIntoViewIfNeeded();
    // Nothing happens until 「注销」 is typed.
    await page.getByTestId('me-delete-confirm').click();
    await page.waitForTimeout(500);
    expect((await emu.app.database().collection('users').doc(openid).get()).data[0].status).toBe('active');
    await page.locator('[data-testid="me-delete-input"] input').fill('注销');
    await shot('newcomer', '05-delete-confirm');
    await page.getByTestId('me-delete-confirm').click();
    await page.getByTestId('dev-account-picker').waitFor();
    // Erased: the account document is gone (the same WeChat user starts afresh on the next login),
    // and the account no longer answers.
    expect((await emu.app.database().collection('users').doc(openid).get()).data).toEqual([]);
    const me = await emu.call(openid, 'user', 'me', {});
    expect(me).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    clean('export and delete');
  });
});

const COMMON: Array<[string, string]> = [
  ['home', '/pages/index/index'],
  ['map', '/pages/map/index'],
  ['snapshot', '/pages/snapshot/index'],
  ['points', '/pages/points/index'],
  ['me', '/pages/me/index'],
  ['my-reports', '/pkg-snapshot/mine/index'],
  ['messages', '/pkg-snapshot/messages/index'],
  ['leaderboard', '/pkg-points/leaderboard/index'],
  ['points-rules', '/pkg-points/rules/index'],
  ['place', '/pkg-place/detail/index?id=station-hecheng-2'],
];
const STAFF_PAGES: Array<[string, string]> = [
  ['queue', '/pkg-snapshot/queue/index'],
  ['report', '/pkg-snapshot/detail/index?id=seed-report-106'],
  ['place-review', '/pkg-place/review/index'],
  ['stations', '/pkg-place/manage/index'],
  ['station-edit', '/pkg-place/station/index?id=station-hecheng-1'],
  ['rewards', '/pkg-points/rewards/index'],
  ['fulfil', '/pkg-points/fulfil/index'],
  ['dashboard', '/pkg-admin/dashboard/index'],
  ['people', '/pkg-admin/people/index'],
  ['regions', '/pkg-admin/regions/index'],
  ['export', '/pkg-admin/export/index'],
];
const PAGES: Record<string, { openid: string; pages: Array<[string, string]> }> = {
  worker: {
    openid: 'demo-worker-1',
    pages: [...COMMON, ['report', '/pkg-snapshot/detail/index?id=seed-report-105'], ['redemption', '/pkg-points/redemption/index?id=rd-seed-1'], ['my-places', '/pkg-place/mine/index'], ['place-apply', '/pkg-place/apply/index']],
  },
  merchant: {
    openid: 'demo-merchant-1',
    pages: [...COMMON, ['feedback', '/pkg-snapshot/feedback/index'], ['my-places', '/pkg-place/mine/index'], ['my-place', '/pkg-place/detail/index?id=place-demo-merchant-1'], ['place-edit', '/pkg-place/apply/index?id=place-demo-merchant-1'], ['rewards', '/pkg-points/rewards/index'], ['fulfil', '/pkg-points/fulfil/index']],
  },
  gridworker: { openid: 'demo-gridworker-1', pages: [...COMMON, ['tasks', '/pkg-snapshot/tasks/index'], ['task', '/pkg-snapshot/detail/index?id=seed-report-106']] },
  staff: { openid: 'demo-staff-1', pages: [...COMMON, ...STAFF_PAGES] },
  admin: { openid: 'demo-admin', pages: [...COMMON, ...STAFF_PAGES, ['categories', '/pkg-snapshot/categories/index'], ['audit', '/pkg-admin/audit/index']] },
};

describe.each(Object.entries(PAGES))('every page as %s', (role, { openid, pages }) => {
  test(`opens each of the ${pages.length} pages without an error and photographs it`, async () => {
    await loginAs(openid);
    let n = 10;
    for (const [name, route] of pages) {
      await visit(role, `${++n}-${name}`, route);
    }
  });
});
