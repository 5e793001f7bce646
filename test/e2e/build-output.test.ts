// Production outputs carry no dev login: the weapp build (`npm test` runs build:weapp before jest) and a
// production H5 build made here. The emulator H5 build (dist/h5) must have the picker, so the marker is real.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const DEV_MARKERS = ['演示账号', 'pages/dev-login', 'demo-worker-1', 'x-wx-openid', '切换账号'];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

function markersIn(dir: string, markers: string[]): string[] {
  const found: string[] = [];
  for (const f of files(dir)) {
    if (!/\.(js|json|wxml|wxss|css|html|wxs)$/.test(f)) continue;
    const text = fs.readFileSync(f, 'utf8');
    for (const m of markers) if (text.includes(m)) found.push(`${path.relative(ROOT, f)}: ${m}`);
  }
  return found;
}

function requireBuild(dir: string, file: string, how: string): void {
  if (!fs.existsSync(path.join(dir, file))) {
    throw new Error(`${path.relative(ROOT, dir)}/${file} is missing: run \`${how}\` before this test (npm test does).`);
  }
}

describe('weapp build (dist/weapp)', () => {
  const dir = path.join(ROOT, 'dist', 'weapp');

  it('exists', () => requireBuild(dir, 'app.json', 'npm run build:weapp'));

  it('has no dev account picker or gateway identity header', () => {
    requireBuild(dir, 'app.json', 'npm run build:weapp');
    expect(markersIn(dir, DEV_MARKERS)).toEqual([]);
  });

  it('declares the 5 tabs, privacy and location settings', () => {
    requireBuild(dir, 'app.json', 'npm run build:weapp');
    const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8'));
    expect(app.pages).toEqual(['pages/index/index', 'pages/map/index', 'pages/snapshot/index', 'pages/points/index', 'pages/me/index']);
    expect(app.tabBar.list.map((t: { text: string }) => t.text)).toEqual(['首页', '地图', '随手拍', '积分', '我的']);
    expect(app.requiredPrivateInfos).toEqual(['getLocation', 'chooseLocation']);
    expect(app.permission['scope.userLocation'].desc).toMatch(/驿站/);
    expect(app.__usePrivacyCheck__).toBe(true);
    expect(app.lazyCodeLoading).toBe('requiredComponents');
    expect(app.window.navigationBarTitleText).toBe('友好街区');
  });

  it('keeps the main package far under 2 MB and ships no zod', () => {
    requireBuild(dir, 'app.json', 'npm run build:weapp');
    const bytes = files(dir).reduce((n, f) => n + fs.statSync(f).size, 0);
    expect(bytes).toBeLessThan(1024 * 1024);
    expect(markersIn(dir, ['ZodError', 'zod'])).toEqual([]);
  });
});

describe('H5 builds', () => {
  it('the emulator build (dist/h5) has the picker, so the marker is meaningful', () => {
    const dir = path.join(ROOT, 'dist', 'h5');
    requireBuild(dir, 'index.html', 'npm run build:h5');
    expect(markersIn(dir, ['演示账号']).length).toBeGreaterThan(0);
  });

  it('the production build (build:h5:prod) has no dev account picker', () => {
    const out = 'dist/h5-prod-check';
    fs.rmSync(path.join(ROOT, out), { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, YH_OUTPUT_ROOT: out };
    // Jest sets NODE_ENV=test; Taro must pick its own. No TARO_APP_* flag may leak in from this shell.
    delete env.NODE_ENV;
    for (const k of Object.keys(env)) if (k.startsWith('TARO_APP_')) delete env[k];
    const res = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'h5'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 170_000,
    });
    if (res.status !== 0) throw new Error(`taro build --type h5 failed:\n${res.stdout}\n${res.stderr}`);
    const dir = path.join(ROOT, out);
    requireBuild(dir, 'index.html', 'taro build --type h5');
    expect(markersIn(dir, DEV_MARKERS)).toEqual([]);
  }, 180_000);
});
