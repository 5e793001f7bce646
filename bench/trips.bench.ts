// Database round trips of every write, start and commit included, on a warm instance: the budget
// test (test/integration/snapshot-budget.test.ts) measures them and holds each to its budget; this
// runs it and prints what it measured, request by request.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { sdkConfig } from '../emulator';
import { startTestEmulator } from '../test/helpers/emulator';
import { row } from './lib';

const ROOT = path.resolve(__dirname, '..');

export async function run(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), 'test/integration/snapshot-budget.test.ts'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const figures = JSON.parse(fs.readFileSync(path.join(ROOT, 'test-output', 'snapshot-budget.json'), 'utf8')) as Record<string, { total: number; actions: string[] }>;
  const writes = Object.entries(figures).filter(([name]) => name.includes('.'));
  console.log('round trips per write (start and commit count; the caller lookup every call makes is listed — first, or as the first read in the transaction of a redeem or cancel — and not counted):');
  for (const [name, f] of writes) console.log(`  ${name.padEnd(32)} ${String(f.total - 1).padStart(3)}   ${f.actions.join(' · ')}`);
  const reads = Object.entries(figures).filter(([name]) => !name.includes('.'));
  console.log(`reads (not counting the caller lookup): ${reads.map(([n, f]) => `${n} ${f.total - 1}`).join(', ')}`);
  row('database round trips per write (start and commit count)', writes.map(([n, f]) => `${n} ${f.total - 1}`).join(', '));
  await tripCost();
}

/**
 * What one round trip costs: the SDK as a function uses it (no keep-alive agent of its own), reading
 * one document by _id through the gateway, client and server in this one thread so the process's
 * CPU is the trip's; then the database's own work for the same request, without HTTP or SDK.
 */
async function tripCost(): Promise<void> {
  const emu = await startTestEmulator();
  try {
    await emu.app.database().collection('users').add({ _id: 'trip-cost', name: '测' });
    const db = tcb.init({ ...sdkConfig(emu.emulator), keepalive: false }).database();
    const handle = emu.emulator.db.handle.bind(emu.emulator.db);
    const body = { action: 'database.getDocument', collectionName: 'users', query: JSON.stringify({ _id: 'trip-cost' }), queryType: 'DOC', limit: 1, offset: 0 };
    const cpuPer = async (n: number, fn: () => Promise<unknown>) => {
      for (let i = 0; i < 200; i++) await fn();
      const c0 = process.cpuUsage();
      for (let i = 0; i < n; i++) await fn();
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / n / 1000;
    };
    const sdk = await cpuPer(2000, () => db.collection('users').doc('trip-cost').get());
    const own = await cpuPer(5000, () => handle(body as never));
    console.log(`one round trip (getDocument by _id through the gateway, SDK and gateway in one thread): ${sdk.toFixed(2)} ms of CPU; the database's own work: ${own.toFixed(3)} ms`);
    row('CPU of one database round trip', `${sdk.toFixed(2)} ms (SDK signing, HTTP and EJSON on both ends); the database's own work ${own.toFixed(3)} ms`);
  } finally {
    await emu.close();
  }
}
