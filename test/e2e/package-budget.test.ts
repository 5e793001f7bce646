// The mini-program's main package must stay under WeChat's 2 MB limit (npm test builds weapp first).
import fs from 'node:fs';
import path from 'node:path';
import { MAIN_PACKAGE_LIMIT, weappSizes } from '../../scripts/package-size';

const dir = path.resolve(__dirname, '..', '..', 'dist', 'weapp');

test('the weapp main package is under 2 MB, and every subpackage too', () => {
  if (!fs.existsSync(path.join(dir, 'app.json'))) throw new Error('dist/weapp is missing: run `npm run build:weapp` first (npm test does).');
  const sizes = weappSizes(dir);
  expect(sizes.main).toBeGreaterThan(50 * 1024); // a real build, not an empty folder
  expect(sizes.main).toBeLessThan(MAIN_PACKAGE_LIMIT);
  for (const [root, size] of Object.entries(sizes.subpackages)) expect([root, size < MAIN_PACKAGE_LIMIT]).toEqual([root, true]);
});
