// The layers the README describes, enforced on the real tree by dependency-cruiser with the rules in
// .dependency-cruiser.cjs — and shown to bite: a use-case that imports the SDK is refused.
// Importing is not the only way past a repository: a use-case handed `db` could build queries on it
// (`db.collection(…)`, `db.command`, `tx.collection(…)`), which no import rule sees. The second half
// reads the use-cases' text for that.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const BIN = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Cruises `targets` under `cwd` and returns the rule violations. */
function violations(cwd: string, targets: string[]): Violation[] {
  let out: string;
  try {
    out = execFileSync(BIN, ['--config', CONFIG, '--output-type', 'json', ...targets], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    // depcruise exits non-zero when it finds errors; its JSON report is still on stdout.
    out = (err as { stdout?: string }).stdout ?? '';
    if (!out) throw err;
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

/**
 * What only a repository (or the runtime) may write: the SDK's query builders and operators on any
 * handle (`db`, `tx`, or a renamed one), transactions run by hand, and the app.
 */
const QUERY_BUILDING = /\.collection\(|\.command\b|\bdb\.Geo\b|\bdb\.RegExp\b|\.runTransaction\b|\bgetApp\(/;

/** Use-case files under `root` whose code (comments aside) builds queries, with the first line that does. */
function queryBuilders(root: string): Record<string, string> {
  const dir = path.join(root, 'cloudfunctions', 'shared', 'usecases');
  const found: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const code = fs
      .readFileSync(path.join(dir, name), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    const line = code.split('\n').find((l) => QUERY_BUILDING.test(l));
    if (line) found[name] = line.trim();
  }
  return found;
}

/** Every use-case that builds a query, as `file: line`. There is no allow-list: a use-case goes through repository functions. */
const builders = (root: string) => Object.entries(queryBuilders(root)).map(([name, line]) => `${name}: ${line}`);

test('use-cases leave queries to repositories', () => {
  expect(builders(ROOT)).toEqual([]);
});

test('the source tree keeps its layers', () => {
  expect(violations(ROOT, ['cloudfunctions', 'src']).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
});

describe('the rules refuse what they say', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', esModuleInterop: true } }));
    const file = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    file('cloudfunctions/shared/contracts/thing.ts', "export const THING = 1;\n");
    file('cloudfunctions/shared/usecases/sneaky.ts', "import tcb from '@cloudbase/node-sdk';\nexport const app = tcb.init({});\n");
    // The runtime the fixture use-cases reach for: the SDK instance and a type.
    file('cloudfunctions/shared/runtime/app.ts', "export const getApp = () => ({});\nexport type Db = { n: number };\n");
    file('cloudfunctions/shared/usecases/on-runtime.ts', "import { getApp } from '../runtime/app';\nexport const app = getApp();\n");
    file('cloudfunctions/shared/usecases/runtime-type.ts', "import type { Db } from '../runtime/app';\nexport const n = (db: Db) => db.n;\n");
    file('cloudfunctions/shared/repositories/tx.ts', "export { getApp } from '../runtime/app';\nexport type { Db } from '../runtime/app';\n");
    file('cloudfunctions/shared/usecases/via-repository.ts', "import type { Db } from '../repositories/tx';\nexport const n = (db: Db) => db.n;\n");
    file('cloudfunctions/shared/domain/leaky.ts', "import { app } from '../usecases/sneaky';\nexport const x = app;\n");
    file('src/pages/bad/index.tsx', "import { THING } from '../../../cloudfunctions/shared/contracts/thing';\nexport const y = THING;\n");
    file('src/pages/good/index.tsx', "import type { THING } from '../../../cloudfunctions/shared/contracts/thing';\nexport type Y = typeof THING;\n");
    // The shared plain module: the front end may take it as a value; it may not reach past itself.
    file('cloudfunctions/shared/isomorphic/clock.ts', "import type { THING } from '../contracts/thing';\nexport const OFFSET: typeof THING = 8;\n");
    file('cloudfunctions/shared/isomorphic/leaks.ts', "import { z } from 'zod';\nimport { createHash } from 'node:crypto';\nimport { THING } from '../contracts/thing';\nexport const s = [z.string(), createHash, THING];\n");
    file('cloudfunctions/shared/domain/rule.ts', "export const RULE = 1;\n");
    file('src/pages/shared-ok/index.tsx', "import { OFFSET } from '../../../cloudfunctions/shared/isomorphic/clock';\nexport const z = OFFSET;\n");
    file('src/pages/domain-value/index.tsx', "import { RULE } from '../../../cloudfunctions/shared/domain/rule';\nexport const r = RULE;\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a use-case importing the SDK, a domain file importing a use-case, a page importing a contract as a value', () => {
    const found = violations(dir, ['cloudfunctions', 'src']).map((v) => `${v.rule.name}: ${v.from}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'sdk-only-in-repositories-and-runtime: cloudfunctions/shared/usecases/sneaky.ts',
        'domain-is-plain: cloudfunctions/shared/domain/leaky.ts',
        'front-end-takes-contracts-as-types: src/pages/bad/index.tsx',
      ]),
    );
    expect(found.some((f) => f.includes('src/pages/good'))).toBe(false);
  });

  it('a use-case importing the runtime (a value or only a type) is refused; through a repository it is not', () => {
    const found = violations(dir, ['cloudfunctions', 'src']).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'usecases-not-on-runtime: cloudfunctions/shared/usecases/on-runtime.ts → cloudfunctions/shared/runtime/app.ts',
        'usecases-not-on-runtime: cloudfunctions/shared/usecases/runtime-type.ts → cloudfunctions/shared/runtime/app.ts',
      ]),
    );
    expect(found.filter((f) => f.includes('via-repository') || f.includes('repositories/tx'))).toEqual([]);
  });

  it('the front end may import the shared plain module as a value, but no other function code', () => {
    const found = violations(dir, ['cloudfunctions', 'src']).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found.filter((f) => f.includes('src/pages/shared-ok'))).toEqual([]);
    expect(found).toContain('front-end-takes-contracts-as-types: src/pages/domain-value/index.tsx → cloudfunctions/shared/domain/rule.ts');
  });

  it('the shared plain module imports nothing but itself (types aside): no zod, no Node built-ins, no contract values', () => {
    const found = violations(dir, ['cloudfunctions', 'src'])
      .filter((v) => v.rule.name === 'isomorphic-is-self-contained')
      .map((v) => `${v.from} → ${v.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cloudfunctions\/shared\/isomorphic\/leaks\.ts → .*zod/),
        expect.stringMatching(/^cloudfunctions\/shared\/isomorphic\/leaks\.ts → (node:)?crypto$/),
        'cloudfunctions/shared/isomorphic/leaks.ts → cloudfunctions/shared/contracts/thing.ts',
      ]),
    );
    expect(found.some((f) => f.startsWith('cloudfunctions/shared/isomorphic/clock.ts'))).toBe(false);
  });
});

describe('the query rule refuses what it says', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-q-'));
    const file = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    file('cloudfunctions/shared/usecases/builds-query.ts', "// A comment may say db.collection('x'): only code counts.\nexport const mine = (db: any, id: string) => db.collection('users').doc(id).get();\n");
    file('cloudfunctions/shared/usecases/in-tx.ts', "export const bump = (tx: any) => tx.collection('users').doc('a').update({ n: 1 });\n");
    file('cloudfunctions/shared/usecases/tx-operators.ts', "export const inc = (tx: any) => ({ stock: tx.command.inc(1) });\n");
    file('cloudfunctions/shared/usecases/operators.ts', "export const q = (db: any) => ({ status: db.command.in(['a']) });\n");
    file('cloudfunctions/shared/usecases/storage.ts', "import { getApp } from '../runtime/app';\nexport const up = () => getApp().uploadFile({});\n");
    file('cloudfunctions/shared/usecases/clean.ts', "// Goes through a repository; db.collection('x') is named only in this comment.\nexport const ok = 1;\n");
    file('cloudfunctions/shared/usecases/geo.ts', "export const near = (db: any) => db.Geo.Point(1, 2);\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a use-case building a query on db or tx, with operators (on either) or Geo, or on the app is refused; comments are not', () => {
    expect(builders(dir)).toEqual([
      "builds-query.ts: export const mine = (db: any, id: string) => db.collection('users').doc(id).get();",
      'geo.ts: export const near = (db: any) => db.Geo.Point(1, 2);',
      "in-tx.ts: export const bump = (tx: any) => tx.collection('users').doc('a').update({ n: 1 });",
      "operators.ts: export const q = (db: any) => ({ status: db.command.in(['a']) });",
      'storage.ts: export const up = () => getApp().uploadFile({});',
      'tx-operators.ts: export const inc = (tx: any) => ({ stock: tx.command.inc(1) });',
    ]);
  });
});
