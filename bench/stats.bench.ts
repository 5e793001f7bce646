// stats.overview over 100,000 reports (and 20,000 ledger entries) in the emulator: latency and the
// database round trips one dashboard load costs.
import { startTestEmulator } from '../test/helpers/emulator';
import { seedDemo } from '../emulator/seed';
import { ms, percentile, timed } from './lib';
import { shanghaiDay } from '../cloudfunctions/shared/domain/time';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 100_000);
const CALLS = 10;
const COMMUNITIES = ['community-hecheng', 'community-shiyangtang', 'community-gangning', 'community-jingang'];
const CATEGORIES = ['road_damage', 'manhole', 'streetlight', 'occupation', 'garbage', 'fire_hazard', 'traffic_hazard', 'facility', 'need_help', 'other'];
const STATUSES = ['submitted', 'accepted', 'dispatched', 'resolved', 'closed', 'rejected', 'reopened'];

export async function run(): Promise<void> {
  const emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  try {
    await seedDemo(emu.app);
    const db = emu.app.database();
    const now = Date.now();
    const [fillMs] = await timed(async () => {
      for (let i = 0; i < REPORTS; i += 1000) {
        const batch = Array.from({ length: Math.min(1000, REPORTS - i) }, (_, j) => {
          const n = i + j;
          const createdAt = new Date(now - (n % 84) * 86_400_000 - (n % 24) * 3_600_000);
          const status = STATUSES[n % STATUSES.length];
          const timeline = [{ action: 'submit', at: createdAt }];
          if (status !== 'submitted' && status !== 'rejected') timeline.push({ action: 'accept', at: new Date(createdAt.getTime() + (n % 9) * 3_600_000) });
          if (['resolved', 'closed', 'reopened'].includes(status)) timeline.push({ action: 'resolve', at: new Date(createdAt.getTime() + (n % 70) * 3_600_000) });
          return {
            _id: `bench-r${n}`,
            kind: n % 20 === 0 ? 'volunteer' : 'issue',
            category: CATEGORIES[n % CATEGORIES.length],
            categoryName: CATEGORIES[n % CATEGORIES.length],
            status,
            communityId: COMMUNITIES[n % COMMUNITIES.length],
            reporter: `bench-w${n % 5000}`,
            createdAt,
            day: shanghaiDay(createdAt),
            dueAt: new Date(createdAt.getTime() + 72 * 3_600_000),
            timeline,
            rating: status === 'closed' ? { score: 1 + (n % 5), fixed: n % 3 !== 0 } : null,
            hours: n % 20 === 0 ? 2 : null,
          };
        });
        await db.collection('reports').add(batch);
      }
      for (let i = 0; i < 20_000; i += 1000) {
        await db.collection('ledger').add(Array.from({ length: 1000 }, (_, j) => ({ _id: `bench-l${i + j}`, openid: `demo-worker-${1 + ((i + j) % 5)}`, delta: (i + j) % 4 ? 10 : -30, kind: (i + j) % 4 ? 'award' : 'redeem', at: new Date(now - ((i + j) % 80) * 86_400_000) })));
      }
    });
    console.log(`filled ${REPORTS.toLocaleString()} reports and 20,000 ledger entries in ${(fillMs / 1000).toFixed(1)} s`);

    for (const [label, openid] of [['admin (whole district)', 'demo-admin'], ['staff (one community)', 'demo-staff-1']] as const) {
      await emu.call(openid, 'stats', 'overview', {}); // warm the instance
      const times: number[] = [];
      const before = emu.emulator.stats.adminRequests;
      for (let i = 0; i < CALLS; i++) {
        const [t, r] = await timed(() => emu.call(openid, 'stats', 'overview', {}));
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        times.push(t);
      }
      const trips = (emu.emulator.stats.adminRequests - before) / CALLS;
      console.log(`  stats.overview ${label.padEnd(24)} p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}  ${trips.toFixed(0)} database round trips/call (caller lookup, 9 queries in parallel, then 2 for the medians)`);
    }
  } finally {
    await emu.close();
  }
}
