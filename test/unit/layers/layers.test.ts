// The layers the README describes, enforced on the real tree by dependency-cruiser with the rules in
// .dependency-cruiser.cjs — and shown to bite: a use-case that imports the SDK is refused.
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
    file('cloudfunctions/shared/domain/leaky.ts', "import { app } from '../usecases/sneaky';\nexport const x = app;\n");
    file('src/pages/bad/index.tsx', "import { THING } from '../../../cloudfunctions/shared/contracts/thing';\nexport const y = THING;\n");
    file('src/pages/good/index.tsx', "import type { THING } from '../../../cloudfunctions/shared/contracts/thing';\nexport type Y = typeof THING;\n");
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
});
