// stats.overview as reports grow (10,000 then 100,000 reports, and 20,000 ledger entries): latency for
// the whole district and for one community, and the database round trips one dashboard load costs.
// The seeded reports are written straight into the database; their rollups are added through the
// same domain code the transactions use (RollupFold → applyRollups), as if each had been submitted
// and moved through its states by the functions.
import { seedDemo } from '../emulator/seed';
import { ACTIVITY_COLLECTION, RollupChanges } from '../cloudfunctions/shared/domain/rollups';
import { shanghaiDay } from '../cloudfunctions/shared/isomorphic/time';
import { applyRollups } from '../cloudfunctions/shared/repositories/rollups';
import { inTransaction, type Db } from '../cloudfunctions/shared/runtime/app';
import { RollupFold } from '../cloudfunctions/shared/usecases/rollups';
import { startTestEmulator, type TestEmulator } from '../test/helpers/emulator';
import { ms, percentile, row, timed } from './lib';

const LARGEST = Number(process.env.BENCH_REPORTS ?? 100_000);
const SIZES = [Math.min(10_000, LARGEST), LARGEST];
const LEDGER = 20_000;
const CALLS = 10;
const COMMUNITIES = ['community-hecheng', 'community-shiyangtang', 'community-gangning', 'community-jingang'];
const CATEGORIES = ['road_damage', 'manhole', 'streetlight', 'occupation', 'garbage', 'fire_hazard', 'traffic_hazard', 'facility', 'need_help', 'other'];
const STATUSES = ['submitted', 'accepted', 'dispatched', 'resolved', 'closed', 'rejected', 'reopened'];
const OPEN = ['submitted', 'accepted', 'dispatched', 'reopened'];

function makeReport(n: number, now: number) {
  const createdAt = new Date(now - (n % 84) * 86_400_000 - (n % 24) * 3_600_000);
  const status = STATUSES[n % STATUSES.length];
  const timeline = [{ action: 'submit', at: createdAt }];
  if (status !== 'submitted' && status !== 'rejected') timeline.push({ action: 'accept', at: new Date(createdAt.getTime() + (n % 9) * 3_600_000) });
  if (['resolved', 'closed', 'reopened'].includes(status)) timeline.push({ action: 'resolve', at: new Date(createdAt.getTime() + (n % 70) * 3_600_000) });
  const kind = n % 20 === 0 ? 'volunteer' : 'issue';
  const dueAt = new Date(createdAt.getTime() + 72 * 3_600_000);
  return {
    _id: `bench-r${n}`,
    kind,
    category: kind === 'volunteer' ? 'volunteer' : CATEGORIES[n % CATEGORIES.length],
    categoryName: kind === 'volunteer' ? '志愿服务' : CATEGORIES[n % CATEGORIES.length],
    status: kind === 'volunteer' ? (status === 'accepted' ? 'verified' : 'submitted') : status,
    communityId: COMMUNITIES[n % COMMUNITIES.length],
    reporter: `bench-w${n % 5000}`,
    createdAt,
    day: shanghaiDay(createdAt),
    dueAt,
    // What the overdue timer would have marked by now.
    overdueCounted: kind === 'issue' && OPEN.includes(status) && dueAt.getTime() < now,
    timeline,
    rating: status === 'closed' ? { score: 1 + (n % 5), fixed: n % 3 !== 0 } : null,
    hours: kind === 'volunteer' ? 2 : null,
  };
}

const allMarks = new Map<string, { _id: string; openid: string; communityId: string; at: Date }>();

/** Adds a fold's counters to the stored rollups, a few documents per transaction, and inserts its activity marks. */
async function addRollups(db: Db, fold: RollupFold, now: Date): Promise<void> {
  const targets = [...fold.changes.targets.values()];
  for (let i = 0; i < targets.length; i += 20) {
    const chunk = new RollupChanges();
    for (const t of targets.slice(i, i + 20)) chunk.add(t.target, t.counters, t.names);
    await inTransaction(db, (tx) => applyRollups(tx, chunk, now));
  }
  // A person's mark is the day of their latest report: what an earlier fill wrote is replaced by a later one.
  for (const [id, m] of fold.marks) {
    const seen = allMarks.get(id);
    if (!seen || seen.at < m.at) allMarks.set(id, m);
  }
  const marks = [...fold.marks.keys()].map((id) => allMarks.get(id)!);
  for (let i = 0; i < marks.length; i += 500) {
    const batch = marks.slice(i, i + 500);
    await db.collection(ACTIVITY_COLLECTION).where({ _id: db.command.in(batch.map((m) => m._id)) }).remove();
    await db.collection(ACTIVITY_COLLECTION).add(batch);
  }
}

async function fill(emu: TestEmulator, from: number, to: number, now: number): Promise<void> {
  const db = emu.app.database() as unknown as Db;
  const fold = new RollupFold();
  for (let i = from; i < to; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, to - i) }, (_, j) => makeReport(i + j, now));
    await db.collection('reports').add(batch);
    for (const r of batch) fold.report(r as never);
  }
  if (from === 0) {
    const homes = new Map<string, string>();
    for (let w = 1; w <= 5; w++) {
      const u = (await db.collection('users').doc(`demo-worker-${w}`).get()).data as Array<{ profile?: { communityId?: string } }>;
      homes.set(`demo-worker-${w}`, u[0]?.profile?.communityId ?? '');
    }
    for (let i = 0; i < LEDGER; i += 1000) {
      const entries = Array.from({ length: 1000 }, (_, j) => {
        const k = i + j;
        const at = new Date(now - (k % 80) * 86_400_000);
        return { _id: `bench-l${k}`, openid: `demo-worker-${1 + (k % 5)}`, delta: k % 4 ? 10 : -30, kind: k % 4 ? 'award' : 'redeem', at, day: shanghaiDay(at), reason: '压测', balanceAfter: 0, ref: null, actor: null, expiresAt: null };
      });
      await db.collection('ledger').add(entries);
      for (const e of entries) fold.ledger(e as never, homes.get(e.openid) || null);
    }
  }
  await addRollups(db, fold, new Date(now));
}

async function measure(emu: TestEmulator, size: number): Promise<Record<string, { p50: number; p99: number; trips: number }>> {
  const out: Record<string, { p50: number; p99: number; trips: number }> = {};
  for (const [label, openid] of [['whole district', 'demo-admin'], ['one community', 'demo-staff-1']] as const) {
    await emu.call(openid, 'stats', 'overview', {}); // warm the instance
    const times: number[] = [];
    const before = emu.emulator.stats.adminRequests;
    for (let i = 0; i < CALLS; i++) {
      const [t, r] = await timed(() => emu.call(openid, 'stats', 'overview', {}));
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      times.push(t);
    }
    const trips = (emu.emulator.stats.adminRequests - before) / CALLS;
    out[label] = { p50: percentile(times, 50), p99: percentile(times, 99), trips };
    console.log(`  ${size.toLocaleString()} reports · stats.overview ${label.padEnd(15)} p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}  ${trips.toFixed(0)} database round trips/call`);
  }
  return out;
}

export async function run(): Promise<void> {
  const emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  try {
    await seedDemo(emu.app);
    const now = Date.now();
    const results: Array<{ size: number; r: Awaited<ReturnType<typeof measure>> }> = [];
    let filled = 0;
    for (const size of SIZES) {
      const [fillMs] = await timed(() => fill(emu, filled, size, now));
      console.log(`filled ${(size - filled).toLocaleString()} reports${filled === 0 ? ` and ${LEDGER.toLocaleString()} ledger entries` : ''} with their rollups in ${(fillMs / 1000).toFixed(1)} s`);
      filled = size;
      const rollups = (await emu.app.database().collection('rollups').count()).total;
      console.log(`  ${rollups} rollup documents in all`);
      results.push({ size, r: await measure(emu, size) });
    }
    const last = results[results.length - 1];
    const first = results[0];
    for (const label of ['whole district', 'one community'] as const) {
      row(`stats.overview, ${last.size.toLocaleString()} reports, ${label}`, `p50 ${last.r[label].p50.toFixed(0)} ms, p99 ${last.r[label].p99.toFixed(0)} ms (${first.size.toLocaleString()} reports: p50 ${first.r[label].p50.toFixed(0)} ms); ${last.r[label].trips.toFixed(0)} round trips incl. the caller lookup`);
    }
  } finally {
    await emu.close();
  }
}
