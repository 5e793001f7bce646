// `npm run bench`: every bench/<name>.bench.ts in turn (or only those named: npm run bench -- nearby).
// Each exports `run()` that prints its figures; nothing here asserts timings.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { buildFunctions } from '../scripts/build-functions';

process.env.TENCENTCLOUD = 'true';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  if (files.length === 0) console.log('no benchmarks matched');
  // The emulator runs the built bundles: measure the current source.
  await buildFunctions();
  for (const file of files) {
    console.log(`\n## ${file.replace('.bench.ts', '')}`);
    const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<void> };
    await mod.run();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
