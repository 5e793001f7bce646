// Package budget and function bundles: the weapp main package and subpackages as WeChat counts
// them, the biggest pages, and each function bundle's size and cold require time (a fresh Node
// process loading it, as a cold instance does).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MAIN_PACKAGE_LIMIT, weappSizes } from '../scripts/package-size';
import { percentile } from './lib';

const ROOT = path.resolve(__dirname, '..');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;


export async function run(): Promise<void> {
  const weapp = path.join(ROOT, 'dist', 'weapp');
  if (fs.existsSync(path.join(weapp, 'app.json'))) {
    const sizes = weappSizes(weapp);
    console.log(`weapp main package: ${kb(sizes.main)} of ${kb(MAIN_PACKAGE_LIMIT)} (${((sizes.main / MAIN_PACKAGE_LIMIT) * 100).toFixed(1)}%)`);
    for (const [root, size] of Object.entries(sizes.subpackages)) console.log(`  subpackage ${root}: ${kb(size)}`);
    console.log(`  all packages: ${kb(sizes.total)}`);
    const pages = Object.entries(sizes.pageJs).sort((a, b) => b[1] - a[1]);
    console.log('page JS (own chunk):');
    for (const [p, size] of pages) console.log(`  ${p.padEnd(44)} ${kb(size)}`);
  } else {
    console.log('dist/weapp missing: run `npm run build:weapp` for package sizes');
  }

  const fnDir = path.join(ROOT, 'dist', 'functions');
  if (!fs.existsSync(fnDir)) return console.log('dist/functions missing: run `npm run build:functions`');
  console.log('function bundles (index.js, cold require median of 5):');
  for (const name of fs.readdirSync(fnDir).sort()) {
    const file = path.join(fnDir, name, 'index.js');
    if (!fs.existsSync(file)) continue;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const out = execFileSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`], {
        cwd: ROOT,
        env: { ...process.env, TENCENTCLOUD: 'true' },
      });
      times.push(Number(String(out).trim()));
    }
    console.log(`  ${name.padEnd(12)} ${kb(fs.statSync(file).size).padStart(9)}   cold require ${percentile(times, 50).toFixed(0)} ms`);
  }
}
