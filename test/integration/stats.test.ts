// The dashboard against data of known shape: reports in every status, category and community with
// fixed offsets in time, ledger entries, places and redemptions, written straight into the
// database and rolled up by the repair job (stats.rebuild); every figure is recomputed here from the
// same data and must match. (Medians come from hour histograms; the hours here are whole, so exact.)
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../../emulator/seed';
import { parse as parseCsvSync } from 'csv-parse/sync';

/** Reads an export as a spreadsheet would, with a maintained parser (not our own encoder's twin). */
const parseCsv = (text: string): string[][] => parseCsvSync(text, { bom: true, record_delimiter: '\r\n', relax_column_count: false });
import { shanghaiDay } from '../../cloudfunctions/shared/isomorphic/time';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let emu: TestEmulator;
const H = 3_600_000;
const DAY = 24 * H;
const now = Date.now();
const from = new Date(now - 56 * DAY).toISOString(); // 8 weeks
const to = new Date(now + H).toISOString();

const COMMUNITIES = ['community-hecheng', 'community-shiyangtang', 'community-gangning'];
const CATEGORIES = [
  ['road_damage', '道路破损'],
  ['manhole', '井盖缺失'],
  ['garbage', '垃圾堆放'],
] as const;
const STATUSES = ['submitted', 'accepted', 'dispatched', 'resolved', 'closed', 'rejected', 'reopened'] as const;

interface R {
  _id: string;
  kind: 'issue' | 'volunteer';
  category: string;
  categoryName: string;
  status: string;
  communityId: string;
  reporter: string;
  createdAt: Date;
  day: string;
  dueAt: Date;
  timeline: Array<{ action: string; at: Date }>;
  rating: { score: number; fixed: boolean } | null;
  hours: number | null;
  description: string;
  address: string;
  gridId: null;
  points: number;
}

function makeReports(): R[] {
  const out: R[] = [];
  let n = 0;
  for (const c of COMMUNITIES)
    for (const [code, name] of CATEGORIES)
      for (const st of STATUSES) {
        n++;
        const createdAt = new Date(now - (n % 50) * DAY - 2 * H);
        const timeline: R['timeline'] = [{ action: 'submit', at: createdAt }];
        const acceptedLike = ['accepted', 'dispatched', 'resolved', 'closed', 'reopened'].includes(st);
        if (acceptedLike) timeline.push({ action: 'accept', at: new Date(createdAt.getTime() + (n % 7) * H + H) });
        if (['resolved', 'closed', 'reopened'].includes(st)) timeline.push({ action: 'resolve', at: new Date(createdAt.getTime() + (n % 11) * 5 * H + 10 * H) });
        out.push({
          _id: `stat-r${n}`,
          kind: 'issue',
          category: code,
          categoryName: name,
          status: st,
          communityId: c,
          reporter: `stat-worker-${n % 9}`,
          createdAt,
          day: shanghaiDay(createdAt),
          // Every third open report is past due.
          dueAt: new Date(n % 3 === 0 ? now - DAY : now + 30 * DAY),
          timeline,
          rating: st === 'closed' ? { score: 3 + (n % 3), fixed: n % 2 === 0 } : st === 'reopened' ? { score: 1, fixed: false } : null,
          hours: null,
          description: n === 1 ? '含逗号,引号"和\n换行的描述' : `第 ${n} 条`,
          address: '人民路',
          gridId: null,
          points: acceptedLike ? 10 : 0,
        });
      }
  // Volunteer records: verified ones count their hours.
  for (let i = 0; i < 6; i++) {
    const createdAt = new Date(now - i * 3 * DAY - H);
    out.push({ _id: `stat-v${i}`, kind: 'volunteer', category: 'volunteer', categoryName: '志愿服务', status: i % 3 === 2 ? 'rejected' : i % 2 ? 'verified' : 'submitted', communityId: COMMUNITIES[i % 2], reporter: `stat-worker-${i}`, createdAt, day: shanghaiDay(createdAt), dueAt: new Date(now + DAY), timeline: [{ action: 'submit', at: createdAt }], rating: null, hours: 1.5 + i, description: '志愿服务', address: '', gridId: null, points: 0 });
  }
  // Outside the range: must not count.
  out.push({ ...out[0], _id: 'stat-old', createdAt: new Date(now - 200 * DAY), day: shanghaiDay(new Date(now - 200 * DAY)) });
  return out;
}

const reports = makeReports();
const inScope = (communities: string[] | null) => (r: R) => (communities ? communities.includes(r.communityId) : true) && r.createdAt.getTime() >= Date.parse(from);

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return Math.round(m * 10) / 10;
}

function expected(communities: string[] | null) {
  const rs = reports.filter(inScope(communities));
  const issues = rs.filter((r) => r.kind === 'issue');
  const accepted = issues.filter((r) => ['accepted', 'dispatched', 'resolved', 'closed', 'reopened'].includes(r.status));
  const resolved = issues.filter((r) => ['resolved', 'closed'].includes(r.status));
  const rated = rs.filter((r) => r.rating);
  const at = (r: R, action: string, last = false) => {
    const hits = r.timeline.filter((t) => t.action === action);
    return (last ? hits[hits.length - 1] : hits[0]).at.getTime();
  };
  return {
    submitted: issues.length,
    accepted: accepted.length,
    resolved: resolved.length,
    rejected: issues.filter((r) => ['rejected', 'duplicate'].includes(r.status)).length,
    overdue: issues.filter((r) => ['submitted', 'accepted', 'dispatched', 'reopened'].includes(r.status) && r.dueAt.getTime() < Date.now()).length,
    medianHoursToAccept: median(accepted.map((r) => (at(r, 'accept') - r.createdAt.getTime()) / H)),
    medianHoursToResolve: median(resolved.map((r) => (at(r, 'resolve', true) - r.createdAt.getTime()) / H)),
    rated: rated.length,
    fixedShare: rated.length ? Math.round((rated.filter((r) => r.rating!.fixed).length / rated.length) * 1000) / 1000 : null,
    avgStars: rated.length ? Math.round((rated.reduce((s, r) => s + r.rating!.score, 0) / rated.length) * 10) / 10 : null,
    volunteer: {
      records: rs.filter((r) => r.kind === 'volunteer').length,
      verified: rs.filter((r) => r.status === 'verified').length,
      hours: rs.filter((r) => r.status === 'verified').reduce((s, r) => s + (r.hours ?? 0), 0),
    },
    byCategory: Object.fromEntries(CATEGORIES.map(([code]) => [code, issues.filter((r) => r.category === code).length])),
    byCommunity: Object.fromEntries([...new Set(issues.map((r) => r.communityId))].map((c) => [c, issues.filter((r) => r.communityId === c).length])),
    // Active in 30 days counts whole Shanghai days: a report on the day 30 days back or later.
    active: new Set(reports.filter((r) => shanghaiDay(r.createdAt) >= shanghaiDay(now - 30 * DAY) && (communities ? communities.includes(r.communityId) : true)).map((r) => r.reporter)).size,
  };
}

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
  const db = emu.app.database();
  // Known data only: the demo seed's own reports, ledger and redemptions are cleared first.
  const _ = db.command;
  for (const c of ['reports', 'ledger', 'redemptions']) await db.collection(c).where({ _id: _.exists(true) }).remove();
  for (let i = 0; i < reports.length; i += 50) await db.collection('reports').add(reports.slice(i, i + 50));
  const ledger = [
    { _id: 'stat-l1', openid: 'demo-worker-1', delta: 30, kind: 'award', at: new Date(now - DAY) },
    { _id: 'stat-l2', openid: 'demo-worker-1', delta: -20, kind: 'redeem', at: new Date(now - DAY) },
    { _id: 'stat-l3', openid: 'demo-worker-2', delta: 15, kind: 'volunteer', at: new Date(now - 2 * DAY) },
    { _id: 'stat-l4', openid: 'demo-worker-2', delta: -5, kind: 'expire', at: new Date(now - 2 * DAY) },
    { _id: 'stat-l5', openid: 'demo-worker-1', delta: 20, kind: 'refund', at: new Date(now - DAY) },
    { _id: 'stat-l6', openid: 'demo-worker-3', delta: -40, kind: 'redeem', at: new Date(now - DAY) },
  ].map((e) => ({ ...e, reason: '测试', balanceAfter: 0, ref: null, actor: null, day: '', expiresAt: null }));
  await db.collection('ledger').add(ledger);
  const red = (id: string, status: string, communityId: string) => ({ _id: id, openid: 'demo-worker-1', holderName: '李明', rewardId: 'x', title: '矿泉水', cost: 10, placeId: null, placeName: '驿站', communityId, code: id, status, month: '', createdAt: new Date(now - DAY), expiresAt: new Date(now + DAY), fulfilledAt: null, fulfilledBy: null, cancelledAt: null, expiredAt: null, attempts: 1 });
  await db.collection('redemptions').add([red('stat-d1', 'issued', 'community-hecheng'), red('stat-d2', 'fulfilled', 'community-hecheng'), red('stat-d3', 'cancelled', 'community-gangning'), red('stat-d4', 'expired', 'community-hecheng')]);
  // The data went in behind the functions' back: the repair job recounts the dashboard's rollups from it.
  expect(await emu.call('demo-admin', 'stats', 'rebuild', {})).toMatchObject({ ok: true, data: { reports: reports.length, redemptions: 4 } });
});
afterAll(() => emu.close());

describe('stats.overview', () => {
  it('matches figures recomputed from the data, district-wide for admin', async () => {
    const r = await emu.call('demo-admin', 'stats', 'overview', { from, to });
    expect(r.ok).toBe(true);
    const e = expected(null);
    const d = r.data;
    expect(d.scope.label).toBe('全区');
    expect(d.reports).toEqual({ submitted: e.submitted, accepted: e.accepted, resolved: e.resolved, overdue: e.overdue, rejected: e.rejected, medianHoursToAccept: e.medianHoursToAccept, medianHoursToResolve: e.medianHoursToResolve, rated: e.rated, fixedShare: e.fixedShare, avgStars: e.avgStars });
    expect(d.volunteer).toEqual(e.volunteer);
    expect(Object.fromEntries(d.byCategory.map((c: any) => [c.key, c.submitted]))).toEqual(e.byCategory);
    expect(Object.fromEntries(d.byCommunity.map((c: any) => [c.key, c.submitted]))).toEqual(e.byCommunity);
    expect(d.byCommunity.find((c: any) => c.key === 'community-hecheng').name).toBe('荷城社区');
    expect(d.byWeek.reduce((s: number, w: any) => s + w.submitted, 0)).toBe(e.submitted);
    // The week a report counts in is the Monday-based week of its Shanghai day.
    const weekOf = (day: string) => { const d0 = new Date(`${day}T00:00:00Z`); const back = (d0.getUTCDay() + 6) % 7; return new Date(d0.getTime() - back * DAY).toISOString().slice(0, 10); };
    const perWeek: Record<string, number> = {};
    for (const r of reports.filter(inScope(null)).filter((x) => x.kind === 'issue')) perWeek[weekOf(r.day)] = (perWeek[weekOf(r.day)] ?? 0) + 1;
    expect(Object.fromEntries(d.byWeek.filter((w: any) => w.submitted).map((w: any) => [w.week, w.submitted]))).toEqual(perWeek);
    expect(d.byWeek.length).toBeGreaterThanOrEqual(8);
    expect(d.workers.active30d).toBe(e.active);
    expect(d.points).toEqual({ issued: 45, redeemed: 40, expired: 5 });
    expect(d.redemptions).toEqual({ issued: 4, fulfilled: 1, cancelled: 1, expired: 1, active: 1 });
    expect(d.places.station.approved + d.places.merchant.approved).toBeGreaterThan(0);
  });

  it('shows staff only their community’s numbers', async () => {
    const r = await emu.call('demo-staff-1', 'stats', 'overview', { from, to });
    const e = expected(['community-hecheng']);
    expect(r.data.scope.label).toBe('荷城社区');
    expect(r.data.reports.submitted).toBe(e.submitted);
    expect(r.data.reports.medianHoursToResolve).toBe(e.medianHoursToResolve);
    expect(r.data.byCommunity.map((c: any) => c.key)).toEqual(['community-hecheng']);
    expect(r.data.volunteer).toEqual(e.volunteer);
    // Ledger of people in 荷城社区 only (demo-worker-1 lives there; worker-2 and -3 do not).
    expect(r.data.points).toEqual({ issued: 30, redeemed: 0, expired: 0 });
    expect(r.data.redemptions.issued).toBe(3);
  });

  it('refuses another community to staff, and everything to workers', async () => {
    expect(await emu.call('demo-staff-1', 'stats', 'overview', { communityId: 'community-gangning' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call('demo-worker-1', 'stats', 'overview', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('rejects a reversed date range', async () => {
    const r = await emu.call('demo-admin', 'stats', 'overview', { from: to, to: from });
    expect(r).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.to' } });
  });

  it('refuses a range longer than two years, naming the field, and answers one of exactly two years', async () => {
    const far = { from: '0001-01-01T00:00:00Z', to: '9999-12-31T00:00:00Z' };
    const both = await emu.call('demo-admin', 'stats', 'overview', far);
    expect(both).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.to' } });
    expect(both.error.message).toMatch(/结束时间.*两年/);
    // One end alone is filled in with its default (to = now, from = 12 weeks ago) and still bounded.
    const fromOnly = await emu.call('demo-admin', 'stats', 'overview', { from: far.from });
    expect(fromOnly).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.from' } });
    expect(fromOnly.error.message).toMatch(/开始时间.*两年/);
    expect(await emu.call('demo-admin', 'stats', 'overview', { to: far.to })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.to' } });
    expect(JSON.stringify(both).length).toBeLessThan(500);

    const twoYears = await emu.call('demo-admin', 'stats', 'overview', { from: new Date(now - 731 * DAY).toISOString(), to: new Date(now).toISOString() });
    expect(twoYears.ok).toBe(true);
    expect(twoYears.data.byWeek.length).toBeLessThanOrEqual(106);
  });
});

describe('stats.export', () => {
  async function download(url: string) {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  }

  it('writes a UTF-8 CSV with BOM that parses back to the rows in scope', async () => {
    const stampAt = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
    const started = stampAt(Date.now());
    const r = await emu.call('demo-staff-1', 'stats', 'export', { kind: 'reports', from, to });
    expect(r.ok).toBe(true);
    // The file is named in Beijing time, as the screen shows times.
    const stamp = /^随手拍与志愿记录-(\d{8}T\d{6})\.csv$/.exec(r.data.fileName)?.[1] ?? '';
    expect(stamp >= started && stamp <= stampAt(Date.now())).toBe(true);
    const text = await download(r.data.url);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text);
    expect(rows[0].slice(0, 4)).toEqual(['编号', '类型', '分类', '状态']);
    const mine = reports.filter(inScope(['community-hecheng']));
    expect(rows.length - 1).toBe(mine.length);
    expect(r.data.rows).toBe(mine.length);
    expect(new Set(rows.slice(1).map((x) => x[0]))).toEqual(new Set(mine.map((x) => x._id)));
    const tricky = rows.find((x) => x[0] === 'stat-r1')!;
    expect(tricky[4]).toBe('含逗号,引号"和\n换行的描述');
    expect(tricky[6]).toBe('荷城社区');
  });

  it('pages through large exports and keeps the ledger to people in scope', async () => {
    const r = await emu.call('demo-admin', 'stats', 'export', { kind: 'ledger', from, to });
    const rows = parseCsv(await download(r.data.url));
    expect(rows.length - 1).toBe(6);
    const staff = await emu.call('demo-staff-1', 'stats', 'export', { kind: 'ledger', from, to });
    expect(staff.data.rows).toBe(3);
  });

  it('refuses an export range longer than two years and writes no file and no audit entry', async () => {
    const audits = async () => (await emu.app.database().collection('audit').where({ action: 'stats.export' }).count()).total;
    const files = () => {
      const dir = path.join(emu.emulator.storage.root, 'exports');
      return existsSync(dir) ? readdirSync(dir, { recursive: true }).length : 0;
    };
    const [auditsBefore, filesBefore] = [await audits(), files()];
    for (const kind of ['reports', 'redemptions', 'ledger']) {
      const r = await emu.call('demo-admin', 'stats', 'export', { kind, from: '0001-01-01T00:00:00Z', to: '9999-12-31T00:00:00Z' });
      expect(r).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.to' } });
    }
    expect(await emu.call('demo-staff-1', 'stats', 'export', { kind: 'ledger', from: '2000-01-01T00:00:00Z' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.from' } });
    expect(await audits()).toBe(auditsBefore);
    expect(files()).toBe(filesBefore);
  });

  it('records who exported what', async () => {
    const log = await emu.call('demo-admin', 'admin', 'auditLog', { action: 'stats.export' });
    expect(log.data.items.length).toBeGreaterThanOrEqual(3);
    expect(log.data.items.map((i: any) => i.actor.openid)).toEqual(expect.arrayContaining(['demo-admin', 'demo-staff-1']));
  });
});
