// The H5 app in Chromium against the local emulator: pick a demo account, see home and the tab bar,
// edit the profile on 我的, reload, and see it persisted. Needs the emulator H5 build (npm run build:h5).
import type { Page } from 'playwright-core';
import { openApp, type BrowserSession } from '../helpers/browser';
import type { TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let session: BrowserSession;
let emu: TestEmulator;
let page: Page;

beforeAll(async () => {
  session = await openApp();
  ({ emu, page } = session);
});

afterAll(() => session?.close());

const shot = (name: string) => session.shot(name);

test('a rider picks a demo account, sees home, edits the profile and it persists', async () => {
  // With no account picked, the emulator build opens the picker first.
  await page.goto(`${emu.url}/`);
  await page.getByTestId('dev-account-picker').waitFor();
  for (const openid of ['demo-worker-1', 'demo-worker-5', 'demo-merchant-1', 'demo-gridworker-1', 'demo-staff-1', 'demo-admin']) {
    await page.getByTestId(`dev-account-${openid}`).waitFor();
  }
  await shot('01-dev-account-picker');

  await page.getByTestId('dev-account-demo-worker-1').click();
  const greeting = page.getByTestId('home-greeting');
  await greeting.waitFor();
  expect(await greeting.textContent()).toContain('你好，李明');
  await page.getByText('找驿站/商户').waitFor();
  const tabs = page.locator('.weui-tabbar__label');
  expect((await tabs.allTextContents()).map((t) => t.trim())).toEqual(['首页', '地图', '随手拍', '积分', '我的']);
  // The nearest station's address and the note that the distance is estimated are two lines, not one run-on.
  const station = page.getByTestId('home-station');
  const note = station.getByText('没有获取到你的位置，按街区中心估算距离');
  await note.waitFor();
  const address = (await station.locator('.home-task__where').boundingBox())!;
  expect((await note.boundingBox())!.y).toBeGreaterThanOrEqual(address.y + address.height - 1);
  await shot('02-home-worker');

  // 我的: edit and save.
  await tabs.filter({ hasText: '我的' }).click();
  await page.getByTestId('me-name').waitFor();
  expect(await page.getByTestId('me-profile-worktype').textContent()).toBe('外卖骑手');
  await page.getByTestId('me-edit').click();
  await page.locator('[data-testid="input-name"] input').fill('李明明');
  await page.getByRole('radio', { name: '快递员' }).click();
  await page.getByRole('radio', { name: '顺丰' }).click();
  await shot('03-me-editing');
  await page.getByTestId('profile-save').click();
  await page.getByText('已保存').waitFor();
  await page.getByTestId('me-edit').waitFor();
  expect(await page.getByTestId('me-name').textContent()).toBe('李明明');
  await shot('04-me-saved');

  // The backend has it …
  const me = await emu.call('demo-worker-1', 'user', 'me');
  expect(me).toMatchObject({ ok: true, data: { profile: { name: '李明明', workType: 'courier', platform: 'sf' } } });

  // … and a reload shows it (the picked account is remembered).
  await page.reload();
  await page.getByTestId('me-name').waitFor();
  expect(await page.getByTestId('me-name').textContent()).toBe('李明明');
  expect(await page.getByTestId('me-profile-worktype').textContent()).toBe('快递员');
  expect(await page.getByTestId('me-profile-platform').textContent()).toBe('顺丰');
  await shot('05-me-after-reload');
});

test('a grid worker sees the 我的待办 card after switching account', async () => {
  await page.getByTestId('me-switch-account').click();
  await page.getByTestId('dev-account-picker').waitFor();
  await page.getByTestId('dev-account-demo-gridworker-1').click();
  await page.getByTestId('home-greeting').waitFor();
  expect(await page.getByTestId('home-greeting').textContent()).toContain('周丽');
  await page.getByTestId('card-gridworker').waitFor();
  await shot('06-home-gridworker');
});
