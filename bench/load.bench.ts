// Many simulated people at once through the gateway, for a bounded time, on loopback, from a cold start: riders
// submitting reports, searching nearby and redeeming; the merchant fulfilling codes; staff reading
// their queue. Prints throughput, p50/p99 and errors per action, database round trips per action,
// then checks the invariants: every ledger sums to its balance, no stock below zero, no report in
// two states, no code fulfilled twice, and the dashboard's rollups equal the repair job's recount.
// The whole scenario runs BENCH_TRIALS times (3), each on a new emulator; the summary row is the
// median run, with every run's rate beside it.
import os from 'node:os';
import { seedDemo } from '../emulator/seed';
import { startTestEmulator } from '../test/helpers/emulator';
import { flatten, sumCounters, unsharded, type RollupDoc } from '../cloudfunctions/shared/domain/rollups';
import type { Db } from '../cloudfunctions/shared/runtime/app';
import { rebuildRollups } from '../cloudfunctions/shared/usecases/rollups';
import { ms, percentile, row } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RIDERS = Number(process.env.BENCH_RIDERS ?? 40);
const REWARD = 'rw-demo-drink'; // at place-demo-merchant-1, fulfilled by demo-merchant-1

/** Refusals the rules give under this load (limits reached): part of the mix, not errors. */
const REFUSALS = new Set(['REWARD.LIMIT_REACHED', 'RATE.LIMITED', 'REWARD.OUT_OF_STOCK', 'POINTS.INSUFFICIENT']);

interface Sample {
  ms: number;
  ok: boolean;
  code?: string;
  /** When the call was made, ms after the load started. */
  at: number;
}

/** The first seconds of the run, while instances start and warm up, reported apart from the rest. */
const WARMUP_MS = 10_000;

/**
 * Runs of the whole scenario, each on a new emulator from a cold start. This shared machine's speed
 * varies from one half-minute to the next: the summary gives the median run and every run's rate.
 */
const TRIALS = Math.max(1, Number(process.env.BENCH_TRIALS ?? 3));

interface Trial {
  perSecond: number;
  /** The summary row's text for this run's latency, errors and refusals. */
  text: string;
  invariants: { mismatched: number; users: number; negativeStock: number; doubleFulfilled: number; inconsistent: number; reports: number; rollupsOff: number; rollups: number };
}

export async function run(): Promise<void> {
  const trials: Trial[] = [];
  for (let i = 1; i <= TRIALS; i++) {
    console.log(`run ${i} of ${TRIALS}`);
    trials.push(await trial());
  }
  const median = [...trials].sort((a, b) => a.perSecond - b.perSecond)[Math.floor((trials.length - 1) / 2)];
  const rates = trials.map((t) => t.perSecond.toFixed(1)).join(', ');
  row(
    `mixed load, ${RIDERS} riders + merchant + staff, ${SECONDS} s from a cold start`,
    trials.length === 1 ? median.text : `median of ${trials.length} runs, each from a cold start: ${median.text} (the runs: ${rates} calls/s)`,
  );
  const sum = (k: keyof Trial['invariants']) => trials.reduce((n, t) => n + t.invariants[k], 0);
  const of = trials.length === 1 ? '' : ` over ${trials.length} runs`;
  row('invariants under load', `ledger≠balance ${sum('mismatched')} of ${sum('users')} users, stock<0 ${sum('negativeStock')}, codes fulfilled twice ${sum('doubleFulfilled')}, report state≠last timeline step ${sum('inconsistent')} of ${sum('reports')}, rollups≠recount ${sum('rollupsOff')} of ${sum('rollups')} documents${of}`);
  if (sum('mismatched') || sum('negativeStock') || sum('doubleFulfilled') || sum('inconsistent') || sum('rollupsOff')) process.exitCode = 1;
}

async function trial(): Promise<Trial> {
  const emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  try {
    await seedDemo(emu.app);
    const db = emu.app.database();
    const riders = Array.from({ length: RIDERS }, (_, i) => `load-rider-${i}`);
    for (const r of riders) {
      await emu.call(r, 'user', 'login', {});
      await emu.call('demo-admin', 'points', 'adjust', { openid: r, delta: 500, reason: '压测初始积分', requestId: `load-seed-${r}` });
    }
    // Plenty of stock and a per-user limit that load will reach: both refusals are part of the mix.
    await db.collection('rewards').doc(REWARD).update({ stock: 200, perUserLimit: 3 });

    // From a cold start: every function instance the load needs starts while it runs (the login and
    // points set-up above warmed only the user and points functions' first instances).

    const samples = new Map<string, Sample[]>();
    const codes: string[] = [];
    let deadline = 0;
    let started = 0;
    let seq = 0;

    async function timedCall(label: string, openid: string, fn: string, action: string, payload: unknown) {
      // Round trips cannot be attributed while calls overlap: they are probed one at a time below.
      const t = process.hrtime.bigint();
      const at = Date.now() - started;
      const r = await emu.call(openid, fn, action, payload);
      const took = Number(process.hrtime.bigint() - t) / 1e6;
      const list = samples.get(label) ?? [];
      list.push({ ms: took, ok: !!r.ok, code: r.ok ? undefined : r.error.code, at });
      samples.set(label, list);
      return r;
    }

    const lat = () => 23.1 + (Math.random() - 0.5) * 0.05;
    const lng = () => 109.6 + (Math.random() - 0.5) * 0.07;

    async function rider(openid: string) {
      while (Date.now() < deadline) {
        const dice = Math.random();
        if (dice < 0.45) await timedCall('place.nearby', openid, 'place', 'nearby', { location: { lat: lat(), lng: lng() }, radius: 3000 });
        else if (dice < 0.7) {
          await timedCall('snapshot.submit', openid, 'snapshot', 'submit', { kind: 'issue', category: 'other', description: `压测上报 ${seq}`, photos: [], location: { lat: lat(), lng: lng() }, requestId: `load-submit-${openid}-${seq++}` });
        } else if (dice < 0.85) {
          const r = await timedCall('points.redeem', openid, 'points', 'redeem', { rewardId: REWARD, requestId: `load-redeem-${openid}-${seq++}` });
          if (r.ok) codes.push(r.data.code);
        } else await timedCall('points.summary', openid, 'points', 'summary', {});
      }
    }
    async function merchant() {
      while (Date.now() < deadline) {
        const code = codes.shift();
        if (code) await timedCall('points.fulfill', 'demo-merchant-1', 'points', 'fulfill', { code });
        else await new Promise((r) => setTimeout(r, 20));
      }
    }
    async function staff() {
      while (Date.now() < deadline) await timedCall('snapshot.queue', 'demo-staff-1', 'snapshot', 'queue', { status: 'open' });
    }

    started = Date.now();
    deadline = started + SECONDS * 1000;
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    await Promise.all([...riders.map(rider), merchant(), staff()]);
    const elapsed = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const mainBusy = performance.eventLoopUtilization(elu0).utilization;

    // Round trips per action, measured one call at a time after the run.
    const trips = new Map<string, number>();
    const probe = async (label: string, openid: string, fn: string, action: string, payload: unknown) => {
      const before = emu.emulator.stats.adminRequests;
      await emu.call(openid, fn, action, payload);
      trips.set(label, emu.emulator.stats.adminRequests - before);
    };
    await probe('place.nearby', riders[0], 'place', 'nearby', { location: { lat: 23.1, lng: 109.6 }, radius: 3000 });
    // A rider who filed nothing yet: a loaded rider may be at the day's limit, whose refusal is cheaper.
    await emu.call('load-probe', 'user', 'login', {});
    await probe('snapshot.submit', 'load-probe', 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '探测往返次数', photos: [], location: { lat: 23.11, lng: 109.57 }, requestId: `load-probe-submit` });
    await probe('points.summary', riders[0], 'points', 'summary', {});
    await probe('snapshot.queue', 'demo-staff-1', 'snapshot', 'queue', { status: 'open' });
    await probe('points.redeem', riders[2], 'points', 'redeem', { rewardId: 'rw-station-charge', requestId: 'load-probe-redeem' });
    const probeCode = (await emu.call(riders[2], 'points', 'myRedemptions', {})).data?.items?.[0]?.code;
    if (probeCode) await probe('points.fulfill', 'demo-staff-1', 'points', 'fulfill', { code: probeCode });

    let total = 0;
    console.log(`${RIDERS} riders + 1 merchant + 1 staff for ${elapsed.toFixed(1)} s on loopback`);
    console.log(`  ${'action'.padEnd(16)} ${'calls'.padStart(6)} ${'/s'.padStart(7)} ${'p50'.padStart(9)} ${'p99'.padStart(9)}  errors (by code)            db round trips (+ caller)`);
    for (const [label, list] of [...samples.entries()].sort()) {
      total += list.length;
      const errs: Record<string, number> = {};
      for (const s of list) if (!s.ok) errs[s.code!] = (errs[s.code!] ?? 0) + 1;
      const times = list.map((s) => s.ms);
      const errText = Object.entries(errs).map(([c, n]) => `${c}×${n}`).join(' ') || '0';
      console.log(`  ${label.padEnd(16)} ${String(list.length).padStart(6)} ${(list.length / elapsed).toFixed(1).padStart(7)} ${ms(percentile(times, 50)).padStart(9)} ${ms(percentile(times, 99)).padStart(9)}  ${errText.padEnd(26)} ${trips.get(label) ?? '-'}`);
    }
    console.log(`  total ${total} calls, ${(total / elapsed).toFixed(1)} calls/s`);
    // Where the CPU went: the whole process (callers, gateway, database, every instance), and how
    // busy the main thread (callers, gateway and database share it) was.
    console.log(`  CPU ${((cpu.user + cpu.system) / 1e6 / elapsed).toFixed(2)} of ${os.cpus().length} cores, ${((cpu.user + cpu.system) / 1000 / total).toFixed(1)} ms per call; main thread busy ${(mainBusy * 100).toFixed(0)}%`);
    const fx = emu.emulator.functions.totals();
    console.log(`  function instances: bound ${fx.maxInstances} (EMULATOR_MAX_INSTANCES), cold starts ${fx.coldStarts}, evictions ${fx.evictions}, live at the end ${fx.instances}`);
    const every = [...samples.values()].flat();
    const errors = every.filter((x) => !x.ok && !REFUSALS.has(x.code!));
    const refused = every.filter((x) => !x.ok && REFUSALS.has(x.code!)).length;
    // Cold starts and JIT warm-up weigh on the first seconds; the tail after them is reported apart.
    const warm = every.filter((x) => x.at >= WARMUP_MS).map((x) => x.ms);
    const cold = every.filter((x) => x.at < WARMUP_MS).map((x) => x.ms);
    console.log(`  latency by phase: first ${WARMUP_MS / 1000} s ${cold.length} calls, p50 ${ms(percentile(cold, 50))}, p99 ${ms(percentile(cold, 99))}; after it ${warm.length} calls, p50 ${ms(percentile(warm, 50))}, p99 ${ms(percentile(warm, 99))}`);
    const text = `${(total / elapsed).toFixed(1)} calls/s, p50 ${percentile(every.map((x) => x.ms), 50).toFixed(0)} ms, p99 ${percentile(every.map((x) => x.ms), 99).toFixed(0)} ms (after the first ${WARMUP_MS / 1000} s: p99 ${percentile(warm, 99).toFixed(0)} ms), errors ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => e.code))].join(', ')})` : ''}, refusals by rule ${refused}`;
    console.log(`database round trips of the probed calls (the caller lookup every call makes not counted; the instance may be cold for its caches — see the trips bench for every write on a warm instance): ${[...trips.entries()].map(([k, v]) => `${k} ${v - 1}`).join(', ')}`);

    // Invariants.
    const users = (await db.collection('users').where({}).limit(1000).get()).data as Array<{ _id: string; points: { balance: number } }>;
    let mismatched = 0;
    for (const u of users) {
      const entries = (await db.collection('ledger').where({ openid: u._id }).limit(1000).get()).data as Array<{ delta: number }>;
      if (entries.reduce((s, e) => s + e.delta, 0) !== u.points.balance || u.points.balance < 0) mismatched++;
    }
    const negativeStock = (await db.collection('rewards').where({ stock: db.command.lt(0) }).count()).total;
    const fulfilled = (await db.collection('redemptions').where({ status: 'fulfilled' }).limit(1000).get()).data as Array<{ code: string }>;
    const doubleFulfilled = fulfilled.length - new Set(fulfilled.map((r) => r.code)).size;
    const reports = (await db.collection('reports').where({}).limit(1000).get()).data as Array<{ _id: string; status: string; timeline: Array<{ status: string }> }>;
    const inconsistent = reports.filter((r) => r.timeline.length && r.timeline[r.timeline.length - 1].status !== r.status).length;
    // The dashboard's rollups, kept by the transactions under load, against the repair job's recount.
    const stored = async () => {
      const docs = (await db.collection('rollups').where({}).limit(1000).get()).data as RollupDoc[];
      // A day and community's shards are summed: the recount writes one document for them.
      const sums: Record<string, Record<string, number>> = {};
      for (const d of docs) sumCounters((sums[unsharded(d._id)] ??= {}), flatten(d));
      return Object.fromEntries(Object.entries(sums).map(([id, c]) => [id, Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Math.round(v * 1000) / 1000]).filter(([, v]) => v !== 0))]));
    };
    const kept = await stored();
    await rebuildRollups(db as unknown as Db);
    const recounted = await stored();
    const rollupsOff = [...new Set([...Object.keys(kept), ...Object.keys(recounted)])].filter((id) => JSON.stringify(Object.entries(kept[id] ?? {}).sort()) !== JSON.stringify(Object.entries(recounted[id] ?? {}).sort())).length;
    console.log(`invariants: ledger≠balance ${mismatched} of ${users.length} users · stock<0 ${negativeStock} · codes fulfilled twice ${doubleFulfilled} · reports whose state ≠ last timeline step ${inconsistent} · rollup documents ≠ recount ${rollupsOff} of ${Object.keys(recounted).length}`);
    return {
      perSecond: total / elapsed,
      text,
      invariants: { mismatched, users: users.length, negativeStock, doubleFulfilled, inconsistent, reports: reports.length, rollupsOff, rollups: Object.keys(recounted).length },
    };
  } finally {
    await emu.close();
  }
}
