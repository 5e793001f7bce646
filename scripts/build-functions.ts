// Bundles each cloud function (cloudfunctions/<name>/index.ts) into a deployable folder
// dist/functions/<name>/ with index.js, package.json and config.json. Shared domain code is
// inlined; @cloudbase/node-sdk stays external and is installed by the cloud on deploy (package.json).
// wx-server-sdk (WeChat open APIs) is bundled: its own `require('@cloudbase/node-sdk')` then resolves
// to that same installed SDK, so a function loads one CloudBase SDK, not two (wx-server-sdk pins its
// own copy when installed as a dependency), and nothing more has to be installed in the cloud.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const srcDir = join(root, 'cloudfunctions');
const outRoot = join(root, 'dist', 'functions');
const sdkVersion: string = JSON.parse(readFileSync(join(root, 'node_modules/@cloudbase/node-sdk/package.json'), 'utf8')).version;

export function functionNames(): string[] {
  return readdirSync(srcDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(srcDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

export async function buildFunctions(names = functionNames()): Promise<string[]> {
  mkdirSync(outRoot, { recursive: true });
  await Promise.all(
    names.map(async (name) => {
      // Built beside the live folder and swapped in, so an emulator running from dist/functions
      // never finds a function half-written or missing while a build runs.
      const live = join(outRoot, name);
      const out = join(outRoot, `.${name}.build-${process.pid}`);
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      await build({
        entryPoints: [join(srcDir, name, 'index.ts')],
        outfile: join(out, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node16',
        format: 'cjs',
        external: ['@cloudbase/node-sdk'],
        sourcemap: 'linked',
        legalComments: 'none',
        logLevel: 'warning',
      });
      writeFileSync(
        join(out, 'package.json'),
        JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { '@cloudbase/node-sdk': sdkVersion } }, null, 2) + '\n',
      );
      const config = join(srcDir, name, 'config.json');
      writeFileSync(join(out, 'config.json'), existsSync(config) ? readFileSync(config) : JSON.stringify({ timeout: 10, permissions: { openapi: [] } }, null, 2) + '\n');
      const old = join(outRoot, `.${name}.old-${process.pid}`);
      if (existsSync(live)) renameSync(live, old);
      renameSync(out, live);
      rmSync(old, { recursive: true, force: true });
    }),
  );
  return names;
}

if (require.main === module) {
  const started = Date.now();
  buildFunctions()
    .then((names) => console.log(`built ${names.length} functions (${names.join(', ')}) into dist/functions in ${Date.now() - started} ms`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
