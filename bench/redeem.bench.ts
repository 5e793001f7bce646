// `npm run bench -- redeem`: redeem throughput and latency with 50 concurrent callers on ONE reward
// (every redeem locks the same stock document), through the gateway and the built `points` function,
// as the mini-program calls it; then a sell-out rush; then the same load spread over 50 rewards as a
// baseline without the shared lock. Prints throughput, p50/p95/p99, and how often transactions
// conflicted and ran again (each redemption stores how many runs its transaction took).
import os from 'node:os';
import type { RewardDoc } from '../cloudfunctions/shared/domain/rewards';
import { postEntry } from '../cloudfunctions/shared/repositories/ledger';
import { inTransaction, type Db } from '../cloudfunctions/shared/runtime/app';
import { startTestEmulator, type TestEmulator } from '../test/helpers/emulator';
import { percentile, row } from './lib';

const CALLERS = 50;
const PER_CALLER = 8;

async function setup(emu: TestEmulator, rewardIds: string[], stock: number): Promise<string[]> {
  const db = emu.app.database() as unknown as Db;
  const users = Array.from({ length: CALLERS }, (_, i) => `bench-${rewardIds[0]}-${i}`);
  await Promise.all(users.map((u) => emu.call(u, 'user', 'login', {})));
  for (const u of users) {
    await inTransaction(db, (tx) => postEntry(tx, { key: `adjust:bench:${u}`, openid: u, delta: 10_000, kind: 'adjust', reason: '压测积分', ref: null, actor: 'bench' }, new Date()));
  }
  const now = new Date();
  const reward = (rewardId: string): RewardDoc => ({
    _id: rewardId, title: '压测奖励', description: '', image: '', cost: 1, stock, issued: 0, perUserLimit: 0,
    placeId: null, placeName: '', communityId: null, validDays: 7, activeFrom: new Date(now.getTime() - 60_000), activeTo: null,
    status: 'active', reviewNote: '', proposedBy: 'staff', createdBy: 'bench', createdAt: now, updatedAt: now,
  });
  for (const id of rewardIds) await emu.app.database().collection('rewards').add(reward(id));
  return users;
}

interface Outcome {
  perSecond: number;
  p50: number;
  p99: number;
  reruns: number;
  issued: number;
  errors: string;
  /** CPU of the whole process (gateway, database, instances, callers) per call. */
  cpuMs: number;
}

async function scenario(emu: TestEmulator, name: string, rewardIds: string[], stock: number, perCaller: number): Promise<Outcome> {
  const users = await setup(emu, rewardIds, stock);
  // Warm the function instances so cold starts don't count.
  await Promise.all(users.slice(0, 20).map((u) => emu.call(u, 'points', 'summary', {})));
  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  const cpu0 = process.cpuUsage();
  const started = Date.now();
  await Promise.all(
    users.map(async (u, n) => {
      const rewardId = rewardIds[n % rewardIds.length];
      for (let i = 0; i < perCaller; i++) {
        const t0 = performance.now();
        const r = await emu.call(u, 'points', 'redeem', { rewardId, requestId: `bench-${u}-${i}` });
        latencies.push(performance.now() - t0);
        const key = r.ok ? 'ok' : r.error.code;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const _ = emu.app.database().command;
  const docs = (await emu.app.database().collection('redemptions').where({ rewardId: _.in(rewardIds) }).limit(1000).get()).data as Array<{ attempts: number }>;
  const rewards = (await emu.app.database().collection('rewards').where({ _id: _.in(rewardIds) }).limit(1000).get()).data as RewardDoc[];
  const left = rewards.reduce((n, r) => n + r.stock, 0);
  const issued = rewards.reduce((n, r) => n + r.issued, 0);
  const retries = docs.reduce((s, d) => s + (d.attempts - 1), 0);
  const total = latencies.length;
  const where = rewardIds.length === 1 ? 'one reward' : `${rewardIds.length} rewards`;
  console.log(`${name}: ${CALLERS} callers × ${perCaller} redeems on ${where} (stock ${stock} each); ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end`);
  console.log(`  calls ${total} in ${elapsed.toFixed(2)} s → ${(total / elapsed).toFixed(1)} calls/s; redemptions issued ${docs.length} → ${(docs.length / elapsed).toFixed(1)} redeems/s`);
  console.log(`  CPU ${((cpu.user + cpu.system) / 1e6 / elapsed).toFixed(2)} of ${os.cpus().length} cores, ${((cpu.user + cpu.system) / 1000 / total).toFixed(1)} ms per call`);
  console.log(`  latency ms: p50 ${percentile(latencies, 50).toFixed(0)}  p95 ${percentile(latencies, 95).toFixed(0)}  p99 ${percentile(latencies, 99).toFixed(0)}  max ${percentile(latencies, 100).toFixed(0)}`);
  console.log(`  outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  transaction re-runs after conflicts (committed redeems): ${retries} over ${docs.length} (max ${Math.max(0, ...docs.map((d) => d.attempts - 1))} for one)`);
  console.log(`  stock left ${left}, issued ${issued} (stock + issued = ${left + issued}, started ${stock * rewardIds.length})`);
  const errors = [...outcomes].filter(([k]) => k !== 'ok' && k !== 'REWARD.OUT_OF_STOCK').map(([k, v]) => `${k}×${v}`).join(' ') || '0';
  return { perSecond: docs.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), reruns: retries, issued: docs.length, errors, cpuMs: (cpu.user + cpu.system) / 1000 / total };
}

export async function run(): Promise<void> {
  // Transactions as MongoDB runs them: a second writer conflicts at once (no lock wait), and the
  // use-case retries the conflict after a few milliseconds.
  const emu = await startTestEmulator();
  try {
    const hot = await scenario(emu, 'one hot reward', ['bench-hot'], CALLERS * PER_CALLER, PER_CALLER);
    row(`redeem, ${CALLERS} callers on one hot reward`, `${hot.perSecond.toFixed(1)} redeems/s, p99 ${hot.p99.toFixed(0)} ms, ${hot.reruns} transaction re-runs for ${hot.issued} redeems, errors ${hot.errors}`);
    await scenario(emu, 'sell-out rush', ['bench-rush'], 10, 1);
    // The same load spread over one reward per caller: what the machine does without the shared lock.
    const spread = await scenario(emu, 'baseline, no shared reward', Array.from({ length: CALLERS }, (_, i) => `bench-spread-${i}`), PER_CALLER, PER_CALLER);
    row(`redeem, ${CALLERS} callers, no shared reward`, `${spread.perSecond.toFixed(1)} redeems/s, p50 ${spread.p50.toFixed(0)} ms, errors ${spread.errors}; ${spread.cpuMs.toFixed(1)} ms of CPU per redeem`);
  } finally {
    await emu.close();
  }
}
