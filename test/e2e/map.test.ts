// The friendly map in the H5 build (Chromium, no location permission → the district centre): a worker
// filters to 充电 + 营业中 and opens a station; a worker applies as a merchant and 荷城社区 staff approve.
// Screenshots: test-output/e2e/4-NN-*.png.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, type BrowserSession } from '../helpers/browser';
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

const shot = (name: string) => session.shot(`4-${name}`);
/** Lets the H5 router's page transition and any toast finish before a screenshot. */
const settle = (ms = 700) => page.waitForTimeout(ms);
const tab = (label: string) => page.locator('.weui-tabbar__label').filter({ hasText: label }).click();

async function openMap(): Promise<void> {
  await tab('地图');
  await page.getByTestId('place-list').waitFor({ timeout: 20_000 });
}

/** Clicks a filter and waits for the list that answers it. */
async function filter(testId: string): Promise<void> {
  const reply = page.waitForResponse((r) => r.url().includes('/api/functions/place') && r.request().postData()?.includes('"nearby"') === true);
  await page.getByTestId(testId).click();
  await reply;
  await page.getByTestId('place-list').waitFor();
}

test('a worker finds an open station with charging and reads its hours and offers', async () => {
  await session.loginAs('demo-worker-1');
  await openMap();
  // Headless Chromium has no location: the page says it uses the district centre.
  await page.getByTestId('location-fallback').waitFor();
  expect(await page.getByTestId('location-fallback').textContent()).toContain('无法获取定位，已使用街区中心');
  await page.getByTestId('place-schematic').waitFor();
  expect(await page.getByTestId('schematic-dot').count()).toBe(await page.getByTestId('place-card').count());
  await shot('01-map');

  await filter('filter-service-charging');
  await filter('filter-open-now');
  const cards = page.getByTestId('place-card');
  const n = await cards.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const text = (await cards.nth(i).textContent()) ?? '';
    expect(text).toContain('充电');
    expect(await cards.nth(i).getByTestId('place-card-status').textContent()).toMatch(/^(营业中|24 小时营业)/);
  }
  // Nearest first.
  const metres = (await page.locator('.place-card__distance').allTextContents()).map((t) => (t.includes('公里') ? parseFloat(t) * 1000 : parseFloat(t)));
  expect([...metres].sort((a, b) => a - b)).toEqual(metres);
  // A dot on the schematic selects its card.
  const station = page.locator('.place-card--station').first();
  const stationId = (await station.getAttribute('data-place-id'))!;
  await page.locator(`[data-testid="schematic-dot"][data-place-id="${stationId}"]`).click();
  await page.locator(`.place-card--selected[data-place-id="${stationId}"]`).waitFor();
  await shot('02-filtered-charging-open');

  await station.click();
  await page.getByTestId('place-name').waitFor();
  const detail = (await emu.call('demo-worker-1', 'place', 'get', { id: stationId })).data;
  expect(await page.getByTestId('place-name').textContent()).toBe(detail.name);
  expect(await page.getByTestId('place-open-status').textContent()).toBe('营业中');
  const hours = page.getByTestId('place-hours');
  for (const day of ['周一', '周二', '周三', '周四', '周五', '周六', '周日']) expect(await hours.textContent()).toContain(day);
  expect(await page.getByTestId('place-hours-today').textContent()).toContain('（今天）');
  const offers = (await page.getByTestId('place-offers').textContent()) ?? '';
  expect(detail.offers.length).toBeGreaterThan(0);
  for (const o of detail.offers) expect(offers).toContain(o.title);
  await page.getByTestId('place-feedback').waitFor();
  await settle();
  await shot('03-station-detail');
  await page.getByTestId('place-hours').scrollIntoViewIfNeeded();
  await shot('04-station-hours');

  // The sub-page has a title bar and a way back (the browser has no WeChat navigation bar).
  expect(await page.locator('.taro-navigation-bar-show .taro-navigation-bar-title').textContent()).toBe('地点详情');
  // 导航过去 on the web: no WeChat map, so the address to copy.
  await page.getByTestId('place-navigate').click();
  const modal = page.locator('.taro__modal');
  await modal.getByText(detail.address, { exact: false }).waitFor();
  expect(await modal.textContent()).toContain(detail.name);
  await shot('05-navigate-on-the-web');
  await modal.getByText('关闭').click();
  await modal.waitFor({ state: 'hidden' });
  await page.locator('.taro-navigation-bar-show .taro-navigation-bar-back').click();
  await page.getByTestId('place-list').waitFor();
  expect(await page.locator('.taro-navigation-bar-show .taro-navigation-bar-title').textContent()).toBe('友好地图');
});

test('a worker applies as a friendly merchant and 荷城社区 staff approve it', async () => {
  await session.loginAs('demo-worker-5');
  await openMap();
  await page.getByTestId('entry-my-places').click();
  await page.getByTestId('apply-first').click();
  await page.getByTestId('place-form').waitFor();
  await page.getByTestId('place-form-location').waitFor();

  const fill = (testId: string, value: string) => page.locator(`[data-testid="${testId}"] input, [data-testid="${testId}"] textarea`).first().fill(value);
  await fill('input-place-name', '陈静快递驿站便利店');
  await fill('input-place-address', '港北区荷城路 260 号');
  await fill('input-place-phone', '13807751005');
  // No coordinates to type: the phone's position (granted now) or a tap on the schematic sets the spot.
  expect(await page.locator('[data-testid="input-lat"], [data-testid="input-lng"]').count()).toBe(0);
  await session.context.setGeolocation({ latitude: 23.112, longitude: 109.583 });
  await session.context.grantPermissions(['geolocation']);
  await page.getByTestId('use-my-location').click();
  await page.getByTestId('place-form-location').getByText(/^属于荷城社区 · 荷城.网格/).waitFor({ timeout: 15_000 });
  await page.getByTestId('form-services-water').click();
  await page.getByTestId('form-services-charging').click();
  await page.getByTestId('add-offer').click();
  await fill('offer-title-0', '快递员免费充电');
  await fill('offer-discount-0', '饮料 9 折');
  await page.getByTestId('place-form').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await settle();
  await shot('05-application-form');

  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('upload-licence').click();
  await (await chooser).setFiles(path.join(__dirname, '..', '..', 'src', 'assets', 'tabbar', 'map-active.png'));
  await page.getByTestId('licence-preview').waitFor({ timeout: 20_000 });
  await page.getByTestId('upload-licence').scrollIntoViewIfNeeded();
  await shot('06-application-licence');

  await page.getByTestId('place-submit').click();
  await page.getByTestId('my-place').waitFor({ timeout: 20_000 });
  expect(await page.getByTestId('my-place-status').textContent()).toBe('审核中');
  await settle(2000);
  await shot('07-application-pending');
  const applied = (await emu.app.database().collection('places').where({ ownerOpenid: 'demo-worker-5' }).get()).data[0] as { _id: string; status: string; licencePhoto: string };
  expect(applied).toMatchObject({ status: 'pending' });
  expect(applied.licencePhoto).toMatch(/^cloud:\/\//);

  await session.loginAs('demo-staff-1');
  await openMap();
  await page.getByTestId('entry-review').click();
  const item = page.locator(`[data-testid="review-item"][data-place-id="${applied._id}"]`);
  await item.waitFor();
  expect(await item.textContent()).toContain('陈静');
  await item.getByTestId('review-licence').waitFor();
  await item.scrollIntoViewIfNeeded();
  await shot('08-staff-review-queue');
  await item.getByTestId('review-approve').click();
  await item.waitFor({ state: 'detached' });
  await page.getByTestId('review-item').first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await settle(2500);
  await shot('09-staff-approved');

  const me = (await emu.call('demo-worker-5', 'user', 'me', {})).data;
  expect(me.roles).toContain('merchant');
  expect(me.scopes.merchant).toContain(applied._id);

  // The new merchant is on everyone's map (2 km from the district centre: a page or two down the list).
  await session.loginAs('demo-worker-1');
  await openMap();
  const card = page.locator(`[data-testid="place-card"][data-place-id="${applied._id}"]`);
  for (let i = 0; i < 5 && (await card.count()) === 0; i++) {
    const more = page.waitForResponse((r) => r.url().includes('/api/functions/place'));
    await page.getByTestId('load-more').click();
    await more;
  }
  await card.scrollIntoViewIfNeeded();
  expect(await card.textContent()).toContain('快递员免费充电');
  await shot('10-new-merchant-on-map');
});

test('a merchant changes an offer (live at once) and the shop name (held for review)', async () => {
  await session.loginAs('demo-merchant-1');
  await openMap();
  await page.getByTestId('entry-my-places').click();
  const mine = page.locator('[data-testid="my-place"][data-place-id="place-demo-merchant-1"]');
  await mine.waitFor();
  await mine.getByTestId('my-place-edit').click();
  await page.getByTestId('place-form').waitFor();
  const fill = (testId: string, value: string) => page.locator(`[data-testid="${testId}"] input, [data-testid="${testId}"] textarea`).first().fill(value);
  expect(await page.locator('[data-testid="input-place-name"] input').inputValue()).toBe('黄记牛腩粉');
  await fill('input-place-name', '黄记牛腩粉（荷城店）');
  await fill('offer-title-0', '骑手套餐升级版');
  await page.getByTestId('place-submit').scrollIntoViewIfNeeded();
  await settle();
  await shot('11-merchant-edit');
  await page.getByTestId('place-submit').click();
  await mine.waitFor();
  await settle(2000);
  expect(await mine.textContent()).toContain('有修改正在审核');
  await shot('12-merchant-change-pending');

  const seen = (await emu.call('demo-worker-1', 'place', 'get', { id: 'place-demo-merchant-1' })).data;
  expect(seen.name).toBe('黄记牛腩粉');
  expect(seen.offers[0].title).toBe('骑手套餐升级版');
  const queued = (await emu.call('demo-staff-1', 'place', 'queue', {})).data.items.find((i: { id: string }) => i.id === 'place-demo-merchant-1');
  expect(queued).toMatchObject({ kind: 'change', pendingChange: { name: '黄记牛腩粉（荷城店）' } });
});
