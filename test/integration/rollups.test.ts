// The dashboard's rollups against a random history made through the real calls (a seeded generator:
// workers submit and rate, staff review and dispatch, grid workers resolve, workers redeem and cancel,
// merchants fulfil, admins adjust, people apply for places that staff review and suspend, deadlines
// pass and the overdue timer runs), some of it concurrent. Then:
//   1. the dashboard equals figures recounted here from the raw collections;
//   2. the rollups the transactions kept equal what the repair job recomputes;
//   3. rollups corrupted on purpose are put right by the repair job.
import { uploadDirFor } from '../../cloudfunctions/shared/domain/report';
import { flatten, sumCounters, unsharded, type RollupDoc } from '../../cloudfunctions/shared/domain/rollups';
import { defaultRange } from '../../cloudfunctions/shared/domain/stats';
import { shanghaiDay } from '../../cloudfunctions/shared/isomorphic/time';
import { fireTimer } from '../../emulator/functions/timers';
import { seedDemo } from '../../emulator/seed';
import { PARALLEL_INSTANCES, startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { all } from './points-helpers';

jest.setTimeout(240_000);

let emu: TestEmulator;
const ADMIN = 'demo-admin';
const STAFF = 'demo-staff-1';
const GRID = 'demo-gridworker-1';
const MERCHANT = 'demo-merchant-1';
const WORKERS = ['demo-worker-1', 'demo-worker-2', 'demo-worker-3', 'demo-worker-4', 'demo-worker-5', 'roll-worker-6', 'roll-worker-7'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: the same history on every run, and another by changing SEED. */
const SEED = Number(process.env.ROLLUP_SEED ?? 20261201);
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

async function upload(openid: string): Promise<string> {
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(`${uploadDirFor(openid)}/r-${Math.floor(rand() * 1e9)}.png`)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid, 'content-type': 'image/png' },
    body: Buffer.from('89504e470d0a1a0a', 'hex'),
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

const db = () => emu.app.database();
const overdueTrigger = { functionName: 'stats', name: 'stats-overdue-every-5-min' };
let seq = 0;
const req = () => `roll-${SEED}-${++seq}`;
/** Grid worker 1 covers 荷城一/二网格 (west part of 荷城社区): reports there can be dispatched to them. */
const inHechengGrids = () => ({ lat: 23.102 + rand() * 0.026, lng: 109.562 + rand() * 0.022 });
const anywhere = () => ({ lat: 23.072 + rand() * 0.056, lng: 109.562 + rand() * 0.076 });
const hours = { weekly: Array.from({ length: 7 }, () => [{ open: '08:00', close: '22:00' }]) };

async function submit(worker: string) {
  const volunteer = rand() < 0.15;
  const location = rand() < 0.7 ? inHechengGrids() : anywhere();
  if (volunteer) {
    return emu.call(worker, 'snapshot', 'submit', { kind: 'volunteer', category: 'volunteer', description: '志愿服务记录', activity: '清理小广告', hours: 1 + Math.floor(rand() * 6) / 2, photos: [await upload(worker)], location, requestId: req() });
  }
  const category = pick(['need_help', 'other', 'road_damage', 'manhole']);
  const photos = ['need_help', 'other'].includes(category) ? [] : [await upload(worker)];
  return emu.call(worker, 'snapshot', 'submit', { kind: 'issue', category, description: `随机上报 ${seq}`, photos, location, requestId: req() });
}

interface Rep {
  _id: string;
  kind: string;
  status: string;
  reporter: string;
}
async function reports(where: object = {}): Promise<Rep[]> {
  return all<Rep>(emu, 'reports', where);
}

/** One random step of the district's day. Refusals (wrong state, limits) are part of the mix and must count nothing. */
async function step() {
  const dice = rand();
  if (dice < 0.25) return submit(pick(WORKERS));
  if (dice < 0.4) {
    const r = pick(await reports({ status: 'submitted' }));
    if (!r) return;
    const decision = r.kind === 'volunteer' ? pick(['accept', 'accept', 'reject']) : pick(['accept', 'accept', 'accept', 'reject', 'duplicate']);
    const others = decision === 'duplicate' ? (await reports({ kind: 'issue', status: 'accepted' })).filter((o) => o._id !== r._id) : [];
    if (decision === 'duplicate' && !others.length) return;
    return emu.call(ADMIN, 'snapshot', 'review', { id: r._id, decision, reason: '随机处理', ...(decision === 'duplicate' ? { duplicateOf: pick(others)._id } : {}) });
  }
  if (dice < 0.5) {
    const r = pick(await reports({ status: db().command.in(['accepted', 'reopened']) }));
    if (r) return emu.call(STAFF, 'snapshot', 'dispatch', { id: r._id, assignee: GRID });
    return;
  }
  if (dice < 0.58) {
    const r = pick(await reports({ status: db().command.in(['dispatched', 'reopened']), assignee: GRID }));
    if (r) return emu.call(GRID, 'snapshot', 'resolve', { id: r._id, note: '已处理', photos: [await upload(GRID)] });
    return;
  }
  if (dice < 0.65) {
    const r = pick(await reports({ status: 'resolved' }));
    if (r) return emu.call(r.reporter, 'snapshot', 'rate', { id: r._id, score: 1 + Math.floor(rand() * 5), fixed: rand() < 0.7 });
    return;
  }
  if (dice < 0.72) {
    // A deadline passes: the report's due time moves into the past and the overdue timer runs.
    const open = await reports({ kind: 'issue', status: db().command.in(['submitted', 'accepted', 'dispatched', 'reopened']) });
    const r = pick(open);
    if (r) await db().collection('reports').doc(r._id).update({ dueAt: new Date(Date.now() - (1 + rand() * 48) * HOUR) });
    return fireTimer(emu.emulator.functions, overdueTrigger);
  }
  if (dice < 0.82) {
    const worker = pick(WORKERS);
    const made = await emu.call(worker, 'points', 'redeem', { rewardId: pick(['rw-demo-drink', 'rw-station-charge', 'rw-district-kit', 'rw-syt-haircut']), requestId: req() });
    if (made.ok && rand() < 0.3) return emu.call(worker, 'points', 'cancelRedemption', { id: made.data.id });
    if (made.ok && rand() < 0.5) return emu.call(made.data.placeId === 'place-demo-merchant-1' ? MERCHANT : ADMIN, 'points', 'fulfill', { code: made.data.code });
    return made;
  }
  if (dice < 0.88) return emu.call(ADMIN, 'points', 'adjust', { openid: pick(WORKERS), delta: pick([50, 100, -10]), reason: '随机调整', requestId: req() });
  if (dice < 0.94) {
    const owner = `roll-shop-${seq}`;
    await emu.call(owner, 'user', 'login', {});
    return emu.call(owner, 'place', 'apply', { name: `随机小店${seq}`, address: '荷城路 1 号', phone: '13900001111', location: rand() < 0.5 ? { lat: 23.112, lng: 109.583 } : { lat: 23.112, lng: 109.618 }, services: ['water'], offers: [{ title: '免费热水', detail: '' }], hours, licencePhoto: await upload(owner), requestId: req() });
  }
  const places = await all<{ _id: string; status: string; reviewQueue: string | null }>(emu, 'places', { type: 'merchant' });
  const pending = places.filter((p) => p.status === 'pending' && p.reviewQueue);
  if (pending.length && rand() < 0.7) return emu.call(ADMIN, 'place', 'review', { id: pick(pending)._id, decision: rand() < 0.7 ? 'approve' : 'reject', reason: '资料不全' });
  const approved = places.filter((p) => p.status === 'approved' || p.status === 'suspended');
  if (approved.length) {
    const p = pick(approved);
    return emu.call(ADMIN, 'place', 'suspend', { id: p._id, suspended: p.status === 'approved', reason: '整改' });
  }
}

/** The dashboard's figures recounted from the raw collections, district-wide, for the default range. */
async function recount(now: Date) {
  const { from } = defaultRange(now);
  const rs = (await all<any>(emu, 'reports')).filter((r) => new Date(r.createdAt) >= from);
  const issues = rs.filter((r) => r.kind === 'issue');
  const open = ['submitted', 'accepted', 'dispatched', 'reopened'];
  const ledger = (await all<any>(emu, 'ledger')).filter((e) => new Date(e.at) >= from);
  const sum = (kinds: string[]) => ledger.filter((e) => kinds.includes(e.kind)).reduce((s, e) => s + e.delta, 0);
  const red = (await all<any>(emu, 'redemptions')).filter((d) => new Date(d.createdAt) >= from);
  const places = await all<any>(emu, 'places');
  const rated = rs.filter((r) => r.rating);
  return {
    submitted: issues.length,
    accepted: issues.filter((r) => ['accepted', 'dispatched', 'resolved', 'closed', 'reopened'].includes(r.status)).length,
    resolved: issues.filter((r) => ['resolved', 'closed'].includes(r.status)).length,
    rejected: issues.filter((r) => ['rejected', 'duplicate'].includes(r.status)).length,
    overdue: issues.filter((r) => open.includes(r.status) && new Date(r.dueAt) < now).length,
    rated: rated.length,
    fixed: rated.filter((r) => r.rating.fixed).length,
    volunteer: { records: rs.filter((r) => r.kind === 'volunteer').length, verified: rs.filter((r) => r.status === 'verified').length, hours: rs.filter((r) => r.status === 'verified').reduce((s, r) => s + r.hours, 0) },
    points: { issued: sum(['award', 'volunteer']), redeemed: 0 - sum(['redeem', 'refund']), expired: 0 - sum(['expire']) },
    redemptions: { issued: red.length, fulfilled: red.filter((d) => d.status === 'fulfilled').length, cancelled: red.filter((d) => d.status === 'cancelled').length, expired: red.filter((d) => d.status === 'expired').length, active: red.filter((d) => d.status === 'issued').length },
    merchantsApproved: places.filter((p) => p.type === 'merchant' && p.status === 'approved').length,
    merchantsPending: places.filter((p) => p.type === 'merchant' && p.status === 'pending').length,
    merchantsSuspended: places.filter((p) => p.type === 'merchant' && p.status === 'suspended').length,
    active: new Set(rs.filter((r) => new Date(r.createdAt).getTime() >= now.getTime() - 30 * DAY && !r.reporterErased).map((r) => r.reporter)).size,
  };
}

function figures(d: any) {
  return {
    submitted: d.reports.submitted,
    accepted: d.reports.accepted,
    resolved: d.reports.resolved,
    rejected: d.reports.rejected,
    overdue: d.reports.overdue,
    rated: d.reports.rated,
    fixed: d.reports.rated ? Math.round(d.reports.fixedShare * d.reports.rated) : 0,
    volunteer: d.volunteer,
    points: d.points,
    redemptions: d.redemptions,
    merchantsApproved: d.places.merchant.approved,
    merchantsPending: d.places.merchant.pending,
    merchantsSuspended: d.places.merchant.suspended,
    active: d.workers.active30d,
  };
}

/** Every day and community's counters (its shards summed), rounded (float sums of hours). */
async function storedRollups(): Promise<Record<string, Record<string, number>>> {
  const docs = await all<RollupDoc>(emu, 'rollups');
  const sums: Record<string, Record<string, number>> = {};
  for (const d of docs) sumCounters((sums[unsharded(d._id)] ??= {}), flatten(d));
  const out: Record<string, Record<string, number>> = {};
  for (const [id, c] of Object.entries(sums)) {
    const flat = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Math.round(v * 1000) / 1000]).filter(([, v]) => v !== 0));
    if (Object.keys(flat).length) out[id] = flat;
  }
  return out;
}

async function activityMarks(): Promise<Record<string, number>> {
  const marks = await all<{ _id: string; at: Date }>(emu, 'activity');
  return Object.fromEntries(marks.map((m) => [m._id, new Date(m.at).getTime()]));
}

beforeAll(async () => {
  emu = await startTestEmulator({ ...PARALLEL_INSTANCES, functionEnv: { ADMIN_OPENIDS: ADMIN } });
  await seedDemo(emu.app);
  for (const w of WORKERS) await emu.call(w, 'user', 'login', {});
  for (const w of WORKERS) await emu.call(ADMIN, 'points', 'adjust', { openid: w, delta: 300, reason: '初始积分', requestId: `roll-seed-${w}` });
}, 120_000);
afterAll(() => emu.close());

test(`a random history through the real calls keeps the rollups equal to a recount (seed ${SEED})`, async () => {
  for (let i = 0; i < 90; i++) await step();
  // Concurrency: workers submit at once (the same day documents), then staff accept them at once.
  const burst = await Promise.all(WORKERS.map((w) => submit(w)));
  expect(burst.every((r) => r.ok)).toBe(true);
  await Promise.all(burst.map((r) => emu.call(ADMIN, 'snapshot', 'review', { id: r.data.id, decision: 'accept' })));
  await fireTimer(emu.emulator.functions, overdueTrigger);

  const now = new Date();
  const live = await emu.call(ADMIN, 'stats', 'overview', {});
  expect(live.ok).toBe(true);
  const expected = await recount(now);
  expect(expected.submitted).toBeGreaterThan(20);
  expect(expected.overdue + expected.resolved + expected.rated + expected.redemptions.issued).toBeGreaterThan(0);
  expect(figures(live.data)).toEqual(expected);

  // What the transactions kept is exactly what the repair job recounts from the raw collections.
  const kept = await storedRollups();
  const keptMarks = await activityMarks();
  expect(await emu.call(ADMIN, 'stats', 'rebuild', {})).toMatchObject({ ok: true });
  expect(await storedRollups()).toEqual(kept);
  expect(await activityMarks()).toEqual(keptMarks);
  const rebuilt = await emu.call(ADMIN, 'stats', 'overview', {});
  expect({ ...rebuilt.data, generatedAt: null, range: null }).toEqual({ ...live.data, generatedAt: null, range: null });
});

test('the repair job puts corrupted rollups right', async () => {
  const now = new Date();
  const good = await emu.call(ADMIN, 'stats', 'overview', {});
  const docs = await all<RollupDoc>(emu, 'rollups', { kind: 'day' });
  const today = docs.find((d) => d.day === shanghaiDay(now) && d.issues)!;
  // Lost and doubled increments, and a document gone.
  const cat = Object.keys(today.issues!)[0];
  await db().collection('rollups').doc(today._id).update({ [`issues.${cat}.submitted`]: db().command.inc(7), 'points.award': db().command.inc(-40) });
  await db().collection('rollups').doc(docs.find((d) => d._id !== today._id)!._id).remove();
  await db().collection('rollups').where({ kind: 'places' }).remove();
  const broken = await emu.call(ADMIN, 'stats', 'overview', {});
  expect(figures(broken.data)).not.toEqual(figures(good.data));

  expect(await emu.call(ADMIN, 'stats', 'rebuild', {})).toMatchObject({ ok: true });
  const repaired = await emu.call(ADMIN, 'stats', 'overview', {});
  expect(figures(repaired.data)).toEqual(figures(good.data));
  expect(figures(repaired.data)).toEqual(await recount(new Date()));
});

test('staff see the rollups of their community only, equal to a recount of it', async () => {
  const r = await emu.call(STAFF, 'stats', 'overview', {});
  const { from } = defaultRange(new Date());
  const issues = (await all<any>(emu, 'reports', { kind: 'issue', communityId: 'community-hecheng' })).filter((x) => new Date(x.createdAt) >= from);
  expect(r.data.reports.submitted).toBe(issues.length);
  expect(r.data.byCommunity.map((c: { key: string }) => c.key)).toEqual(['community-hecheng']);
});
