// Database round trips of every write, start and commit included, on a warm instance: the budget
// test (test/integration/snapshot-budget.test.ts) measures them and holds each to its budget; this
// runs it and prints what it measured, request by request.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { row } from './lib';

const ROOT = path.resolve(__dirname, '..');

export async function run(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), 'test/integration/snapshot-budget.test.ts'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const figures = JSON.parse(fs.readFileSync(path.join(ROOT, 'test-output', 'snapshot-budget.json'), 'utf8')) as Record<string, { total: number; actions: string[] }>;
  const writes = Object.entries(figures).filter(([name]) => name.includes('.'));
  console.log('round trips per write (start and commit count; the caller lookup every call makes is listed first and not counted):');
  for (const [name, f] of writes) console.log(`  ${name.padEnd(32)} ${String(f.total - 1).padStart(3)}   ${f.actions.join(' · ')}`);
  const reads = Object.entries(figures).filter(([name]) => !name.includes('.'));
  console.log(`reads (not counting the caller lookup): ${reads.map(([n, f]) => `${n} ${f.total - 1}`).join(', ')}`);
  row('database round trips per write (start and commit count)', writes.map(([n, f]) => `${n} ${f.total - 1}`).join(', '));
}
