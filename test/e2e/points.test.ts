// The points loop in Chromium against the emulator: a demo rider redeems a reward and sees the QR; the
// demo merchant types the code at the counter and fulfils it (once); the rider sees it used. Also: the
// rider's open QR page turns to 已使用 by itself when staff fulfil it. Screenshots: test-output/e2e/5-NN-*.png.
import jsQR from 'jsqr';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { SHOTS_DIR, openApp, type BrowserSession } from '../helpers/browser';
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

const shot = (name: string) => session.shot(`5-${name}`);

/** H5 pages slide in; wait until the element stops moving before a screenshot. */
async function settled(testId: string): Promise<void> {
  const el = page.getByTestId(testId);
  await el.waitFor();
  let last = '';
  for (let i = 0; i < 40; i++) {
    const box = JSON.stringify(await el.boundingBox());
    if (box === last) return;
    last = box;
    await page.waitForTimeout(100);
  }
}

async function openPointsTab(): Promise<void> {
  await page.locator('.weui-tabbar__label').filter({ hasText: '积分' }).click();
  await page.getByTestId('points-balance').waitFor();
  await page.getByTestId('points-level').waitFor();
}

/** Reads the screenshot's QR code as a phone camera would (jsQR over the decoded PNG pixels). */
function scanned(file: string): string {
  const png = PNG.sync.read(fs.readFileSync(file));
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!found) throw new Error(`no QR code found in ${file}`);
  return found.data;
}

test('a rider redeems a reward and sees the QR; the merchant fulfils it once; the rider sees it used', async () => {
  await session.loginAs('demo-worker-1');
  await openPointsTab();
  expect(await page.getByTestId('points-balance').textContent()).toBe('100');
  const drink = page.getByTestId('reward-rw-demo-drink');
  await drink.waitFor();
  await shot('01-points-tab');

  await drink.getByTestId('reward-redeem').click();
  await drink.getByText('使用 15 积分兑换「冰镇酸梅汤一杯」', { exact: false }).waitFor();
  await drink.getByTestId('reward-confirm').scrollIntoViewIfNeeded();
  await shot('02-confirm');
  await drink.getByTestId('reward-confirm').click();

  const qr = page.getByTestId('redemption-qr');
  await settled('redemption-qr');
  expect(await page.getByTestId('redemption-status').textContent()).toBe('待使用');
  const shown = (await page.getByTestId('redemption-code').textContent())!.trim();
  expect(shown).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const code = shown.replace(/-/g, '');
  expect(await qr.getAttribute('data-qr-text')).toBe(code);
  await shot('03-redemption-qr');
  expect(scanned(path.join(SHOTS_DIR, '5-03-redemption-qr.png'))).toBe(code);

  // The server agrees: 15 points taken, one redemption issued.
  expect((await emu.call('demo-worker-1', 'points', 'summary', {})).data.balance).toBe(85);

  // At the counter: the merchant types the code.
  await session.loginAs('demo-merchant-1');
  await openPointsTab();
  await page.getByTestId('points-go-fulfil').click();
  await page.locator('[data-testid="fulfil-input"] input').fill(shown.toLowerCase());
  await page.getByTestId('fulfil-check').click();
  const preview = page.getByTestId('fulfil-preview');
  await preview.waitFor();
  await preview.getByText('兑换人：李**').waitFor();
  await preview.getByText('冰镇酸梅汤一杯').waitFor();
  await settled('fulfil-preview');
  await shot('04-merchant-preview');
  await page.getByTestId('fulfil-confirm').click();
  await page.getByTestId('fulfil-done').getByText('核销成功').waitFor();
  await settled('fulfil-done');
  await shot('05-merchant-done');

  // The same code again is refused, saying when it was used.
  await page.getByTestId('fulfil-next').click();
  await page.locator('[data-testid="fulfil-input"] input').fill(shown);
  await page.getByTestId('fulfil-check').click();
  await page.getByTestId('fulfil-preview').getByText(/已于 .* 使用过/).waitFor();
  expect(await page.getByTestId('fulfil-confirm').count()).toBe(0);
  await shot('06-merchant-used-again');
  expect(await emu.call('demo-merchant-1', 'points', 'fulfill', { code })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.ALREADY_USED' } });

  // Back to the rider: 我的兑换 shows it used.
  await session.loginAs('demo-worker-1');
  await openPointsTab();
  await page.getByTestId('points-tab-redemptions').click();
  const mine = page.locator('[data-testid^="redemption-rd_"]').first();
  await mine.waitFor();
  expect(await mine.getByTestId('redemption-status').textContent()).toBe('已使用');
  await shot('07-rider-my-redemptions');
  await mine.click();
  await page.getByTestId('redemption-done').getByText('已使用').waitFor();
  await settled('redemption-done');
  await shot('08-rider-used');

  await page.goBack();
  await page.getByTestId('points-tab-ledger').click();
  await page.getByTestId('ledger-entry').first().getByText('兑换「冰镇酸梅汤一杯」').waitFor();
  await shot('09-rider-ledger');
});

test('the rider’s open QR turns to 已使用 by itself when staff fulfil it at the station', async () => {
  await openPointsTab();
  await page.getByTestId('points-tab-rewards').click();
  const charge = page.getByTestId('reward-rw-station-charge');
  await charge.getByTestId('reward-redeem').click();
  await charge.getByTestId('reward-confirm').click();
  await page.getByTestId('redemption-qr').waitFor();
  const code = (await page.getByTestId('redemption-code').textContent())!.replace(/-/g, '').trim();

  // Staff at 荷城社区党群服务站 scan it on their phone.
  expect(await emu.call('demo-staff-1', 'points', 'fulfill', { code })).toMatchObject({ ok: true, data: { status: 'fulfilled' } });
  await page.getByTestId('redemption-done').waitFor({ timeout: 15_000 });
  await settled('redemption-done');
  expect(await page.getByTestId('redemption-status').textContent()).toBe('已使用');
  await shot('10-rider-live-used');
});

test('the merchant’s 奖励管理 lists their rewards, and staff approve a proposal', async () => {
  await session.loginAs('demo-merchant-1');
  await openPointsTab();
  await page.getByTestId('points-go-manage').click();
  await page.getByTestId('manage-rw-demo-pending').waitFor();
  await settled('manage-rw-demo-noodles');
  expect(await page.getByTestId('manage-rw-station-charge').count()).toBe(0);
  await shot('11-merchant-rewards');

  await session.loginAs('demo-staff-1');
  await openPointsTab();
  await page.getByTestId('points-go-manage').click();
  const pending = page.getByTestId('manage-rw-demo-pending');
  await settled('manage-rw-demo-pending');
  await pending.scrollIntoViewIfNeeded();
  await shot('12-staff-rewards');
  await pending.getByTestId('manage-approve').click();
  await pending.getByText('已上架').waitFor();
  await shot('13-staff-approved');
  expect((await emu.app.database().collection('rewards').doc('rw-demo-pending').get()).data[0].status).toBe('active');
});

test('a rider sees the month’s community ranking (names masked) and the rules; the admin can edit them', async () => {
  await session.loginAs('demo-worker-5');
  // The profile shows the level (星级) by lifetime points: 65 earned is one star.
  await page.locator('.weui-tabbar__label').filter({ hasText: '我的' }).click();
  expect(await page.getByTestId('me-level').textContent()).toContain('★☆☆☆☆新手哨兵');
  await openPointsTab();
  await page.getByTestId('points-go-leaderboard').click();
  await settled('board-me');
  const board = page.getByTestId('board');
  await board.getByText('荷城社区', { exact: false }).first().waitFor();
  expect(await board.getByText(/^第 \d+ 名$/).count()).toBe(1);
  // Names are masked on the board: 陈静 shows as 陈** .
  const text = (await board.textContent()) ?? '';
  expect(text).toContain('陈**（我）');
  expect(text).not.toContain('陈静');
  await shot('14-leaderboard');

  await page.goBack();
  await page.getByTestId('points-go-rules').click();
  await page.getByText('怎么获得积分').waitFor();
  expect(await page.getByTestId('rules-save').count()).toBe(0);

  await session.loginAs('demo-admin');
  await openPointsTab();
  await page.getByTestId('points-go-rules').click();
  await settled('rules-save');
  await page.locator('[data-testid="rules-dailyCap"] input').fill('150');
  await page.getByTestId('rules-save').click();
  await page.getByText('每天最多获得 150 分', { exact: false }).waitFor();
  await shot('15-admin-rules');
  expect((await emu.call('demo-worker-1', 'points', 'rules', {})).data.dailyCap).toBe(150);
});
