// The H5 app in headless Chromium against an in-memory emulator with the demo seed: what every
// browser test starts from. Debian's Chromium, driven by playwright-core (no browser download).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from './emulator';

const ROOT = path.resolve(__dirname, '..', '..');
export const SHOTS_DIR = path.join(ROOT, 'test-output', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling out of this offline machine.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserSession {
  emu: TestEmulator;
  context: BrowserContext;
  page: Page;
  /** Saves test-output/e2e/<name>.png. */
  shot(name: string): Promise<void>;
  /**
   * Opens the app as `openid`, landing on the home tab: demo accounts through the emulator build's
   * picker, others by storing the id the picker would store.
   */
  loginAs(openid: string): Promise<void>;
  /** Page errors and console errors seen since the last loginAs (tests that must be clean assert it stays empty). */
  problems: string[];
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /** Default 390×844; the role tests use the 375×812 phone the product is designed for. */
  viewport?: { width: number; height: number };
  /** A position the page's getLocation gets (permission granted). */
  geolocation?: { latitude: number; longitude: number };
}

export async function openApp(opts: OpenAppOptions = {}): Promise<BrowserSession> {
  // E2E_H5_DIR: a private build (YH_OUTPUT_ROOT=… npm run build:h5), so parallel work cannot swap dist/h5 mid-test.
  const h5Dir = process.env.E2E_H5_DIR ? path.resolve(process.env.E2E_H5_DIR) : path.join(ROOT, 'dist', 'h5');
  if (!fs.existsSync(path.join(h5Dir, 'index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` (the emulator build) first; npm test does.');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const emu = await startTestEmulator({ h5Dir });
  await seedDemo(emu.app);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yh-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: opts.viewport ?? { width: 390, height: 844 },
    ...(opts.geolocation ? { geolocation: opts.geolocation, permissions: ['geolocation'] } : {}),
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (err) => {
    problems.push(`page error: ${err.message}`);
    console.error('[page error]', err.message);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}${msg.location().url ? ` (${msg.location().url})` : ''}`);
  });
  return {
    emu,
    context,
    page,
    problems,
    shot: async (name) => {
      await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
    },
    loginAs: async (openid) => {
      // Storage is cleared from a page of the same origin that runs no app code (/healthz), so no
      // request of the previous account's pages goes out half-way through the switch. (That stop,
      // a JSON reply, is what makes the browser ask for /favicon.ico.)
      await page.goto(`${emu.url}/healthz`);
      await page.evaluate(() => localStorage.clear());
      problems.length = 0;
      // A new query string makes each a full load: a hash-only goto would keep the running app (its
      // session and page stack) from the previous account.
      if (openid.startsWith('demo-')) {
        await page.goto(`${emu.url}/?login=${encodeURIComponent(openid)}-${Date.now()}#/pages/dev-login/index`);
        await page.getByTestId(`dev-account-${openid}`).click();
      } else {
        await page.evaluate((id) => localStorage.setItem('dev.openid', JSON.stringify({ data: id })), openid);
        await page.goto(`${emu.url}/?as=${encodeURIComponent(openid)}-${Date.now()}#/pages/index/index`);
      }
      await page.getByTestId('home-greeting').waitFor();
    },
    close: async () => {
      await context.close();
      await emu.close();
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Retries `read` until it gives what `ok` wants (a page updates after the reply lands); the last value read. */
export async function until<T>(page: Page, read: () => Promise<T>, ok: (v: T) => boolean, timeout = 10_000): Promise<T> {
  const end = Date.now() + timeout;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await page.waitForTimeout(100);
    v = await read();
  }
  return v;
}
