// Sizes of the weapp build as WeChat counts them: the main package is everything outside the
// subpackage roots declared in app.json; each subpackage is its root folder. Source maps and
// licence notes are not uploaded, so they are not counted.
import fs from 'node:fs';
import path from 'node:path';

export const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

export interface PackageSizes {
  main: number;
  subpackages: Record<string, number>;
  total: number;
  /** Per page of the main package and subpackages: its own .js bytes. */
  pageJs: Record<string, number>;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const counted = (f: string) => !f.endsWith('.map') && !f.endsWith('.LICENSE.txt');

export function weappSizes(dir: string): PackageSizes {
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as { pages: string[]; subPackages?: Array<{ root: string; pages: string[] }>; subpackages?: Array<{ root: string; pages: string[] }> };
  const subs = app.subPackages ?? app.subpackages ?? [];
  const roots = subs.map((s) => s.root.replace(/\/$/, ''));
  const subpackages: Record<string, number> = Object.fromEntries(roots.map((r) => [r, 0]));
  let main = 0;
  for (const file of walk(dir).filter(counted)) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    const size = fs.statSync(file).size;
    const root = roots.find((r) => rel === r || rel.startsWith(`${r}/`));
    if (root) subpackages[root] += size;
    else main += size;
  }
  const pageJs: Record<string, number> = {};
  const pages = [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];
  for (const p of pages) {
    const js = path.join(dir, `${p}.js`);
    if (fs.existsSync(js)) pageJs[p] = fs.statSync(js).size;
  }
  return { main, subpackages, total: main + Object.values(subpackages).reduce((a, b) => a + b, 0), pageJs };
}
