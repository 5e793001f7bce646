// The forms and place screens on a 375×812 phone, in Chromium against the emulator with the demo seed:
// a refused field is marked, named with its message and brought into view; text over a limit is kept as
// typed and refused with its count (never cut); merchants and staff place a shop or station by tapping
// the schematic (no latitude/longitude fields), seeing its community and grid; staff reviewing an
// application see the address, the community and grid and the schematic, not coordinates; an overdue
// report says 已超时 once; the home's quick-entry icons fill their circles on every role's home.
// Screenshots: test-output/e2e/forms-*.png. Any page or console error fails the test.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, type BrowserSession } from '../helpers/browser';
import type { TestEmulator } from '../helpers/emulator';

jest.setTimeout(240_000);

// Inside 荷城社区 (荷城二网格), near 荷城路: the phone's position for the picker.
const HERE = { latitude: 23.112, longitude: 109.585 };
const VIEW_H = 812;

let session: BrowserSession;
let emu: TestEmulator;
let page: Page;

beforeAll(async () => {
  session = await openApp({ viewport: { width: 375, height: VIEW_H }, geolocation: HERE });
  ({ emu, page } = session);
}, 120_000);
afterAll(() => session?.close());

const shot = (name: string) => session.shot(`forms-${name}`);

function clean(where: string): void {
  const problems = session.problems.filter((p) => !p.includes('/favicon.ico'));
  expect({ where, problems }).toEqual({ where, problems: [] });
}

async function open(route: string, testId: string): Promise<void> {
  await page.goto(`${emu.url}/?r=${Date.now()}#${route}`);
  await page.getByTestId(testId).first().waitFor();
  await page.waitForTimeout(600); // the page slides in
}

const field = (testId: string) => page.locator(`[data-testid="${testId}"] input, [data-testid="${testId}"] textarea`).first();

async function fill(testId: string, value: string): Promise<void> {
  await field(testId).fill(value);
}

/** Whether the element's top is on screen (the page scrolled it into view). */
async function onScreen(selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const height = page.viewportSize()?.height ?? VIEW_H;
  return !!box && box.y >= 0 && box.y < height - 60;
}

async function eventuallyOnScreen(selector: string): Promise<boolean> {
  for (let i = 0; i < 30; i++) {
    if (await onScreen(selector)) return true;
    await page.waitForTimeout(100);
  }
  return false;
}

/**
 * Scrolls the submit button into view (the field above leaves the screen: `offScreen` checks that it
 * did), taps it, returns the message shown.
 */
async function submitAndRead(submit: string, errorTestId: string, offScreen?: string): Promise<string> {
  await page.getByTestId(submit).scrollIntoViewIfNeeded();
  if (offScreen) expect(await onScreen(offScreen)).toBe(false);
  await page.getByTestId(submit).click();
  const err = page.getByTestId(errorTestId);
  await err.waitFor();
  return ((await err.textContent()) ?? '').trim();
}

/** A stored location as lat/lng, whether the SDK hands back GeoJSON or a Geo.Point. */
function latLng(loc: { coordinates?: number[]; latitude?: number; longitude?: number }): { lat: number; lng: number } {
  return loc.coordinates ? { lat: loc.coordinates[1], lng: loc.coordinates[0] } : { lat: loc.latitude!, lng: loc.longitude! };
}

const M_PER_DEG_LAT = 110574;
const M_PER_DEG_LNG = 111320;

/** The point at x%, y% of the schematic drawn around `c` with `radius` metres to its edge. */
function pointAt(c: { lat: number; lng: number }, radius: number, x: number, y: number) {
  return {
    lat: c.lat + (((50 - y) / 50) * radius) / M_PER_DEG_LAT,
    lng: c.lng + (((x - 50) / 50) * radius) / (Math.cos((c.lat * Math.PI) / 180) * M_PER_DEG_LNG),
  };
}

/** Taps the schematic at x%, y% of its drawing. */
async function tapSchematic(x: number, y: number): Promise<void> {
  const box = page.getByTestId('schematic-box');
  const b = (await box.boundingBox())!;
  await box.click({ position: { x: (b.width * x) / 100, y: (b.height * y) / 100 } });
}

describe('place forms: every text refused over its limit with the count, the field marked and in view', () => {
  const PLACE = 'place-demo-merchant-1';
  const cases: Array<{ input: string; error: string; max: number; message: (n: number) => string }> = [
    { input: 'input-place-name', error: 'place-error-name', max: 30, message: (n) => `名称最多 30 个字，现在 ${n} 个字` },
    { input: 'input-place-address', error: 'place-error-address', max: 80, message: (n) => `地址最多 80 个字，现在 ${n} 个字` },
    { input: 'offer-title-0', error: 'place-error-offers', max: 30, message: (n) => `第 1 条优惠的标题最多 30 个字，现在 ${n} 个字` },
    { input: 'offer-detail-0', error: 'place-error-offers', max: 200, message: (n) => `第 1 条优惠的说明最多 200 个字，现在 ${n} 个字` },
    { input: 'offer-discount-0', error: 'place-error-offers', max: 20, message: (n) => `第 1 条优惠的骑手优惠最多 20 个字，现在 ${n} 个字` },
  ];

  test('a merchant editing the shop: name, address and every offer text', async () => {
    await session.loginAs('demo-merchant-1');
    await open(`/pkg-place/apply/index?id=${PLACE}`, 'place-form');
    const before = (await emu.app.database().collection('places').doc(PLACE).get()).data[0];
    for (const c of cases) {
      const original = await field(c.input).inputValue();
      const long = '好'.repeat(c.max + 1);
      await fill(c.input, long);
      // Kept as typed: nothing cut at the limit.
      expect(await field(c.input).inputValue()).toBe(long);
      const message = await submitAndRead('place-submit', c.error, c.input === 'input-place-name' ? '#place-field-name' : undefined);
      expect(message).toBe(c.message(c.max + 1));
      const where = c.error === 'place-error-offers' ? '#place-offer-0' : `#place-field-${c.error.replace('place-error-', '')}`;
      expect(await eventuallyOnScreen(where)).toBe(true);
      expect(await page.locator(`#place-field-${c.error.replace('place-error-', '')}`).getAttribute('class')).toMatch(/--invalid/);
      if (c.input === 'input-place-name') await shot('01-merchant-name-too-long');
      if (c.input === 'offer-detail-0') await shot('02-merchant-offer-too-long');
      await fill(c.input, original);
    }
    // A 12th digit is not cut off either: the number is refused as it stands.
    await fill('input-place-phone', '138077520011');
    expect(await field('input-place-phone').inputValue()).toBe('138077520011');
    expect(await submitAndRead('place-submit', 'place-error-phone')).toContain('请填写手机号或座机号');
    expect(await eventuallyOnScreen('#place-field-phone')).toBe(true);
    // Nothing was saved by any of it.
    const after = (await emu.app.database().collection('places').doc(PLACE).get()).data[0];
    expect({ name: after.name, address: after.address, offers: after.offers, phone: after.phone, pendingChange: after.pendingChange }).toEqual({
      name: before.name,
      address: before.address,
      offers: before.offers,
      phone: before.phone,
      pendingChange: before.pendingChange,
    });
    clean('merchant place edit');
  });

  test('staff editing a station: the name refused with its count, and the station moved by a tap on the schematic', async () => {
    await session.loginAs('demo-staff-1');
    await open('/pkg-place/station/index?id=station-hecheng-1', 'place-form');
    const before = (await emu.app.database().collection('places').doc('station-hecheng-1').get()).data[0];
    // No coordinates to type: the picker, with the station's own pin and its community in words.
    expect(await page.locator('[data-testid="input-lat"], [data-testid="input-lng"]').count()).toBe(0);
    await page.getByTestId('schematic-pin').waitFor();
    await page.getByTestId('place-form-location').getByText(/属于荷城社区 · 荷城.网格/).waitFor();
    expect(await page.getByTestId('place-form').innerText()).not.toMatch(/纬度|经度|\d{2,3}\.\d{4,}/);

    const name = await field('input-place-name').inputValue();
    await fill('input-place-name', '站'.repeat(31));
    expect(await submitAndRead('place-submit', 'place-error-name')).toBe('名称最多 30 个字，现在 31 个字');
    expect(await eventuallyOnScreen('#place-field-name')).toBe(true);
    await fill('input-place-name', name);

    // The drawing is centred on the station (500 m to its edge): a tap up and to the right moves it there.
    const centre = latLng(before.location);
    await page.getByTestId('map-picker').scrollIntoViewIfNeeded();
    await tapSchematic(60, 40);
    await page.getByTestId('place-form-location').getByText(/属于/).waitFor();
    await shot('03-station-moved-on-schematic');
    await page.getByTestId('place-submit').scrollIntoViewIfNeeded();
    await page.getByTestId('place-submit').click();
    await page.getByTestId('place-name').waitFor({ timeout: 20_000 });
    const moved = (await emu.app.database().collection('places').doc('station-hecheng-1').get()).data[0];
    const want = pointAt(centre, 500, 60, 40);
    const got = latLng(moved.location);
    expect(Math.abs(got.lat - want.lat)).toBeLessThan(0.0003);
    expect(Math.abs(got.lng - want.lng)).toBeLessThan(0.0003);
    expect(moved.name).toBe(before.name);
    clean('station edit');
  });
});

describe('a merchant places the shop on the schematic; staff review it in words and on the schematic', () => {
  const applicant = `e2e-forms-applicant-${Date.now()}`;

  test('apply: a tap on the drawing sets the spot, named by community and grid; the address stays editable', async () => {
    await session.loginAs(applicant);
    await open('/pkg-place/apply/index', 'place-form');
    expect(await page.locator('[data-testid="input-lat"], [data-testid="input-lng"]').count()).toBe(0);
    await page.getByTestId('map-picker').waitFor();
    expect(await page.getByTestId('place-form-location').textContent()).toBe('尚未选择店铺位置');
    await fill('input-place-name', '表单测试便利店');
    await fill('input-place-phone', '13807759999');

    // Centred on the phone (HERE), 1 km to the edge: tap left of and below the centre.
    await page.getByTestId('map-picker').scrollIntoViewIfNeeded();
    await tapSchematic(45, 55);
    await page.getByTestId('schematic-pin').waitFor();
    await page.getByTestId('place-form-location').getByText(/^属于荷城社区 · 荷城.网格，由该社区审核$/).waitFor();
    await fill('input-place-address', '港北区荷城路 230 号');
    await shot('04-apply-picked-on-schematic');

    await page.getByTestId('form-services-water').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('upload-licence').click();
    await (await chooser).setFiles(path.join(__dirname, '..', '..', 'src', 'assets', 'tabbar', 'map-active.png'));
    await page.getByTestId('licence-preview').waitFor({ timeout: 20_000 });
    await page.getByTestId('place-submit').scrollIntoViewIfNeeded();
    await page.getByTestId('place-submit').click();
    await page.getByTestId('my-place').waitFor({ timeout: 20_000 });

    const doc = (await emu.app.database().collection('places').where({ ownerOpenid: applicant }).get()).data[0];
    const want = pointAt({ lat: HERE.latitude, lng: HERE.longitude }, 1000, 45, 55);
    const got = latLng(doc.location);
    expect(Math.abs(got.lat - want.lat)).toBeLessThan(0.0003);
    expect(Math.abs(got.lng - want.lng)).toBeLessThan(0.0003);
    expect(doc).toMatchObject({ status: 'pending', address: '港北区荷城路 230 号', communityId: 'community-hecheng' });
    clean('apply on the schematic');
  });

  test('review: the address, 荷城社区 · the grid and the schematic — no coordinates', async () => {
    const doc = (await emu.app.database().collection('places').where({ ownerOpenid: applicant }).get()).data[0];
    const grid = (await emu.app.database().collection('regions').doc(doc.gridId).get()).data[0];
    await session.loginAs('demo-staff-1');
    await open('/pkg-place/review/index', 'review-item');
    const item = page.locator(`[data-testid="review-item"][data-place-id="${doc._id}"]`);
    await item.scrollIntoViewIfNeeded();
    const text = await item.innerText();
    expect(text).toContain('港北区荷城路 230 号');
    expect(text).toContain(`荷城社区 · ${grid.name}`);
    expect(text).not.toMatch(/\d{2,3}\.\d{4,}/);
    const map = item.getByTestId('review-map');
    await map.getByTestId('place-schematic').waitFor();
    expect(await map.getByTestId('schematic-center').textContent()).toBe('申请位置');
    await map.scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    await shot('05-review-in-words');
    clean('place review');
  });
});

test('随手拍 on H5: the spot is tapped on the schematic and named by its community', async () => {
  await session.loginAs('demo-worker-3');
  await page.locator('.weui-tabbar__label').filter({ hasText: '随手拍' }).click();
  await page.getByTestId('snapshot-pick').click();
  const picker = page.getByTestId('map-picker');
  await picker.waitFor();
  await picker.scrollIntoViewIfNeeded();
  // Centred on the phone (HERE, in 荷城社区): a tap a little north-east of it.
  await tapSchematic(55, 45);
  await page.getByTestId('schematic-pin').waitFor();
  await page.getByTestId('snapshot-area').getByText(/^属于荷城社区/).waitFor();
  await shot('09-snapshot-picked-on-schematic');
  clean('snapshot picker');
});

test('编辑资料: an over-long name is kept, counted and refused, and brought into view; a 12-digit phone is refused, not cut', async () => {
  await session.loginAs('demo-worker-2');
  await page.locator('.weui-tabbar__label').filter({ hasText: '我的' }).click();
  await page.getByTestId('me-edit').click();
  await page.getByTestId('profile-form').waitFor();
  // A phone with the keyboard up: 保存 and 姓名 no longer fit on one screen.
  await page.setViewportSize({ width: 375, height: 520 });
  const long = '阿'.repeat(21);
  await fill('input-name', long);
  expect(await field('input-name').inputValue()).toBe(long);
  expect(await page.getByTestId('name-count').textContent()).toBe('21/20');
  expect(await submitAndRead('profile-save', 'profile-error-name', '#profile-field-name')).toBe('姓名最多 20 个字，现在 21 个字');
  expect(await eventuallyOnScreen('#profile-field-name')).toBe(true);
  expect(await page.locator('#profile-field-name').getAttribute('class')).toMatch(/--invalid/);
  await shot('06-profile-name-too-long');

  await fill('input-name', '刘洋');
  await fill('input-phone', '138077510021');
  expect(await field('input-phone').inputValue()).toBe('138077510021');
  expect(await submitAndRead('profile-save', 'profile-error-phone', '#profile-field-phone')).toBe('请输入 11 位手机号（现在 12 位）');
  expect(await eventuallyOnScreen('#profile-field-phone')).toBe(true);
  await page.setViewportSize({ width: 375, height: VIEW_H });
  const stored = (await emu.app.database().collection('users').doc('demo-worker-2').get()).data[0];
  expect(stored.profile.name).not.toBe(long);
  expect(stored.profile.phone).not.toBe('138077510021');
  clean('profile form');
});

test('a rating comment over 300 characters is kept, counted and refused; nothing is saved', async () => {
  await session.loginAs('demo-worker-1');
  const mine = (await emu.call('demo-worker-1', 'snapshot', 'listMine', { status: 'open', pageSize: 20 })).data.items as Array<{ id: string; status: string }>;
  const resolved = mine.find((r) => r.status === 'resolved')!;
  await open(`/pkg-snapshot/detail/index?id=${resolved.id}`, 'rate-panel');
  await page.getByTestId('rate-fixed').click();
  await page.getByTestId('rate-star-4').click();
  const long = '好'.repeat(301);
  await fill('rate-comment', long);
  expect(await field('rate-comment').inputValue()).toBe(long);
  expect(await page.getByTestId('rate-comment-count').textContent()).toBe('超出 1 字 · 301/300');
  await page.getByTestId('rate-submit').click();
  await page.getByText('评价最多 300 个字，现在 301 个字').waitFor();
  expect((await emu.app.database().collection('reports').doc(resolved.id).get()).data[0].status).toBe('resolved');
  clean('rating comment');
});

test('an overdue report says 已超时 once, with how long', async () => {
  await session.loginAs('demo-gridworker-1');
  const tasks = (await emu.call('demo-gridworker-1', 'snapshot', 'tasks', { status: 'todo', pageSize: 10 })).data.items as Array<{ id: string; overdue: boolean }>;
  const late = tasks.find((t) => t.overdue)!;
  expect(late).toBeDefined();
  await open(`/pkg-snapshot/detail/index?id=${late.id}`, 'detail-page');
  await page.getByTestId('late-chip').waitFor();
  const head = await page.getByTestId('detail-page').innerText();
  expect(head.match(/已超时/g)).toHaveLength(1);
  expect(await page.getByTestId('late-chip').textContent()).toMatch(/^已超时 \d+ (天|小时|分钟)$/);
  // The report's own point reads 问题位置 on top of the places drawn around it (the nearest one is
  // highlighted and may sit on the same spot).
  const centre = page.getByTestId('detail-map').getByTestId('schematic-center');
  await centre.scrollIntoViewIfNeeded();
  const box = (await centre.boundingBox())!;
  const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="schematic-center"]') !== null, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  expect(onTop).toBe(true);
  await shot('07-overdue-once');
  clean('overdue detail');
});

describe('icons are drawn at their size', () => {
  test.each(['demo-worker-1', 'demo-merchant-1', 'demo-gridworker-1', 'demo-staff-1', 'demo-admin'])('the home quick entries of %s fill about two thirds of their circles, centred', async (openid) => {
    await session.loginAs(openid);
    const entries = page.locator('.home__entry-glyph');
    await entries.first().scrollIntoViewIfNeeded();
    const sizes = await entries.evaluateAll((els) =>
      els.map((g) => {
        const c = g.getBoundingClientRect();
        const i = (g.querySelector('img') ?? g.querySelector('.yh-icon'))!.getBoundingClientRect();
        return { ratio: i.width / c.width, square: i.width / i.height, dx: i.left + i.width / 2 - (c.left + c.width / 2), dy: i.top + i.height / 2 - (c.top + c.height / 2) };
      }),
    );
    expect(sizes).toHaveLength(3);
    for (const s of sizes) {
      expect(s.ratio).toBeGreaterThan(0.55);
      expect(s.ratio).toBeLessThan(0.8);
      expect(Math.abs(s.square - 1)).toBeLessThan(0.05);
      expect(Math.abs(s.dx)).toBeLessThan(2);
      expect(Math.abs(s.dy)).toBeLessThan(2);
    }
    if (openid === 'demo-worker-1') await shot('08-home-entries');
    clean(`home icons ${openid}`);
  });

  test('the map’s service filters show icons, not single characters', async () => {
    await session.loginAs('demo-worker-1');
    await page.locator('.weui-tabbar__label').filter({ hasText: '地图' }).click();
    const glyphs = page.locator('.map-page__chip-glyph');
    await glyphs.first().waitFor();
    const seen = await glyphs.evaluateAll((els) => els.map((g) => ({ text: (g.textContent ?? '').trim(), icon: !!g.querySelector('img'), w: (g.querySelector('img') ?? g).getBoundingClientRect().width })));
    expect(seen.length).toBeGreaterThan(5);
    for (const g of seen) expect(g).toEqual({ text: '', icon: true, w: expect.any(Number) });
    for (const g of seen) expect(g.w).toBeGreaterThan(12);
    clean('map filters');
  });
});
