// `npm run bench`: every bench/<name>.bench.ts in turn (or only those named: npm run bench -- nearby).
// Each exports `run()` that prints its figures; nothing here asserts timings.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { buildFunctions } from '../scripts/build-functions';
import { machine, summary } from './lib';

process.env.TENCENTCLOUD = 'true';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  if (files.length === 0) console.log('no benchmarks matched');
  const started = new Date();
  console.log(`machine: ${machine()}`);
  console.log(`started ${started.toISOString()}`);
  // The emulator runs the built bundles: measure the current source.
  await buildFunctions();
  for (const file of files) {
    console.log(`\n## ${file.replace('.bench.ts', '')}`);
    const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<void> };
    await mod.run();
  }
  if (summary.length) {
    console.log(`\n## summary (${started.toISOString().slice(0, 10)}; ${machine()})`);
    console.log('| figure | measured |\n|---|---|');
    for (const r of summary) console.log(`| ${r.figure} | ${r.measured} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
