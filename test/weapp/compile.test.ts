// dist/weapp through WeChat's own WXML (wcc) and WXSS (wcsc) compilers, which refuse broken input; and
// the files WeChat requires of every page and tab the built app.json declares.
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { allPages, readAppJson, WEAPP } from './harness';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string): string; wxssToJs(root: string): string };

jest.setTimeout(120_000);

const app = readAppJson();
const pages = allPages(app);

test('every page has its .js, .json, .wxml and .wxss', () => {
  const missing = pages.flatMap((p) => ['js', 'json', 'wxml', 'wxss'].filter((ext) => !fs.existsSync(path.join(WEAPP, `${p}.${ext}`))).map((ext) => `${p}.${ext}`));
  expect(missing).toEqual([]);
});

test('the WXML compiler compiles the whole tree and gives a template for every page', () => {
  const gwx = new Function(compiler.wxmlToJs(WEAPP))() as (file: string) => unknown;
  for (const p of pages) expect(typeof gwx(`${p}.wxml`)).toBe('function');
});

test('the WXSS compiler compiles the whole tree, every page included', () => {
  const lookup = new Function(compiler.wxssToJs(WEAPP))() as (file: string) => unknown;
  expect(lookup('app.wxss')).toBeDefined();
  for (const p of pages) expect(lookup(`${p}.wxss`)).toBeDefined();
});

test('tab bar icons are PNGs of at most 40 KB, as WeChat requires, drawn on a transparent ground', () => {
  const icons = (app.tabBar?.list ?? []).flatMap((t) => [t.iconPath, t.selectedIconPath]).filter((x): x is string => !!x);
  expect(icons.length).toBe(2 * (app.tabBar?.list.length ?? 0));
  for (const icon of icons) {
    const file = path.join(WEAPP, icon);
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeLessThanOrEqual(40 * 1024);
    const png = PNG.sync.read(bytes);
    expect(png.width).toBeGreaterThanOrEqual(48);
    expect(png.width).toBe(png.height);
    // A corner pixel is transparent: an icon, not a filled square.
    expect(png.data[3]).toBe(0);
  }
});
