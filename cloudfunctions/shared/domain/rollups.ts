// Dashboard rollups as plain rules. Every counter the dashboard shows is the sum of what each raw
// document contributes in its current state: a report to the day it was submitted and its
// community, a ledger entry to the day and community of what caused it (below), a redemption to the
// day it was issued and its reward's community, a place to its community. A transaction that changes a
// document adds contribution(after) − contribution(before) to the rollup documents, in the same
// transaction; the repair job sums the contributions of every raw document. Both use the functions
// below, so "the rollups equal a recount" is a statement about the writes, not about two formulas.
//
// What each figure means, and why it stays cheap on CloudBase as well as in the emulator:
// - Report figures count the reports *submitted* in the range (by Shanghai day), in the state they
//   are in now: an acceptance moves one count from `submitted` only to `accepted` in the document of
//   the report's submission day, so a range's figures never need the reports themselves.
// - Overdue changes with the clock alone. A timer (the stats function, every 5 minutes) marks each
//   open issue whose deadline passed (`overdueCounted`) and counts it, one transaction per report; the
//   transition that resolves, rejects or reopens it (a fresh deadline) takes it out. The figure is
//   exact as of the timer's last run; the repair job marks and unmarks against the clock first.
// - Medians come from hour histograms (HOUR_EDGES) with a count and a sum per bucket.
// - Points count with what caused them (stored on the entry): an award on its report's submission
//   day and community, a redemption's points and their refund on the redemption's day and reward's
//   community; other entries (adjustments, expiry) on the day posted, in the owner's home community
//   then. Redemptions count on the day they were issued, in their reward's community. So each
//   transition changes one rollup document, not two.
// - "Active in 30 days" counts people by activity marks, one per person and community, holding the
//   start of the last Shanghai day they reported there (markAt): a submit writes its mark only on
//   the day's first report in a community (the day's report counter remembers which), and the
//   figure counts whole days — a mark on or after the day 30 days back. One community is an
//   indexed count; several, or the district, one aggregation counting people once.
// - stats.overview reads the day documents of its range and scope (one per day and community that
//   had anything), the places documents of its scope, and two indexed counts: a few hundred small
//   documents for a 12-week dashboard, whatever the number of reports. The same queries run on
//   CloudBase against the indexes declared in database/collections.json.
import type { ReportDoc } from './report';
import type { RedemptionDoc } from './rewards';
import type { LedgerDoc } from './points';
import { ACCEPTED_STATUSES, OPEN_ISSUE_STATUSES, REFUSED_STATUSES, RESOLVED_STATUSES, summarizePoints, weekOfDay } from './stats';
import { shanghaiDay, shanghaiDayStart } from '../isomorphic/time';

export const ROLLUPS_COLLECTION = 'rollups';
export const ACTIVITY_COLLECTION = 'activity';

/** A flat map of dotted counter paths to amounts (what `_.inc` takes). */
export type Counters = Record<string, number>;

/** The district queue (reports routed to no community) is rolled up under this key. */
export const DISTRICT_KEY = 'district';

export const communityKey = (communityId: string | null | undefined) => communityId || DISTRICT_KEY;
export const dayDocId = (day: string, communityId: string | null | undefined) => `d~${day}~${communityKey(communityId)}`;
/**
 * A day and community's counters may be split over up to SHARDS documents (`<_id>~<n>`, shard 0
 * being `<_id>` itself). Under snapshot isolation concurrent writers of one document conflict and
 * run again, so each function writes a shard of its own (shardOf), and a transaction that had to
 * run again writes a random one. Readers sum them all; the repair job writes one document per
 * day and community.
 */
export const SHARDS = 8;
/** The shard a function writes first: a stable hash of its name (snapshot 4, points 3, place 7 — apart). */
export function shardOf(functionName: string): number {
  let h = 0;
  for (const c of functionName) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % SHARDS;
}
/** The day and community document a shard belongs to. */
export const unsharded = (id: string) => (id.startsWith('d~') ? id.split('~').slice(0, 3).join('~') : id);
export const placeDocId = (communityId: string | null | undefined) => `p~${communityKey(communityId)}`;
export const activityId = (key: string, openid: string) => `${key}~${openid}`;

/**
 * What a person's activity mark in a community holds: the start of the last Shanghai day they
 * reported there. Whole days make "active in 30 days" a count by day, and let a submit write the
 * mark only on the day's first report there, with the same value any recount gives.
 */
export const markAt = (at: Date | string | number): Date => shanghaiDayStart(shanghaiDay(at));

/** A person's activity mark in a community for a report at `at`: what a submit writes and the recount rebuilds. */
export function activityMark(openid: string, communityId: string | null | undefined, at: Date | string | number) {
  const key = communityKey(communityId);
  return { _id: activityId(key, openid), openid, communityId: key, at: markAt(at) };
}

/** The Shanghai day a report counts on: its submission day. */
export const reportDay = (r: Pick<ReportDoc, 'day' | 'createdAt'>): string => r.day || shanghaiDay(new Date(r.createdAt));

/** Where a set of counters lives: the document and the fields it is created with. */
export interface RollupTarget {
  id: string;
  seed: { kind: 'day'; day: string; communityId: string | null } | { kind: 'places'; day: null; communityId: string | null };
}

export const dayTarget = (day: string, communityId: string | null | undefined): RollupTarget => ({ id: dayDocId(day, communityId), seed: { kind: 'day', day, communityId: communityId || null } });
export const placeTarget = (communityId: string | null | undefined): RollupTarget => ({ id: placeDocId(communityId), seed: { kind: 'places', day: null, communityId: communityId || null } });

// ---- hour histograms (for the medians) --------------------------------------------------------

/**
 * Upper edges (hours) of the histogram buckets: one hour wide up to three days (where SLAs sit), then
 * wider; the last bucket is open. Each bucket keeps a count and the sum of its values, so a median
 * is the mean of the values in the bucket where it falls — exact while a bucket's values are equal,
 * and never off by more than the bucket's width.
 */
export const HOUR_EDGES: readonly number[] = [
  ...Array.from({ length: 72 }, (_, i) => i + 1),
  84, 96, 120, 144, 168, 240, 336, 504, 720,
];

export function bucketOf(hours: number): number {
  const h = Math.max(0, hours);
  for (let i = 0; i < HOUR_EDGES.length; i++) if (h < HOUR_EDGES[i]) return i;
  return HOUR_EDGES.length;
}

export type Histogram = Record<string, { n: number; h: number }>;

/** The median of a histogram as the mean of the bucket(s) holding the middle value(s), to 0.1 h. */
export function histogramMedian(hist: Histogram | undefined): number | null {
  const buckets = Object.entries(hist ?? {})
    .map(([k, v]) => ({ i: Number(k.slice(1)), n: Math.round(v?.n ?? 0), h: v?.h ?? 0 }))
    .filter((b) => b.n > 0)
    .sort((a, b) => a.i - b.i);
  const total = buckets.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const b of buckets) {
      seen += b.n;
      if (rank < seen) return b.h / b.n;
    }
    return buckets[buckets.length - 1].h / buckets[buckets.length - 1].n;
  };
  const m = total % 2 ? valueAt((total - 1) / 2) : (valueAt(total / 2 - 1) + valueAt(total / 2)) / 2;
  return Math.round(m * 10) / 10;
}

// ---- contributions -----------------------------------------------------------------------------

const HOUR = 3_600_000;
const time = (d: Date | string) => new Date(d).getTime();

function add(c: Counters, path: string, n: number) {
  if (n) c[path] = (c[path] ?? 0) + n;
}

/** Categories and histogram buckets become field names: keep them to safe characters. */
const safeKey = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_') || '_';

type ReportFacts = Pick<ReportDoc, 'kind' | 'category' | 'status' | 'rating' | 'hours' | 'timeline' | 'createdAt' | 'overdueCounted'>;

/**
 * What one report adds to the rollup of its submission day and community, in its current state:
 * issues by category and status (overdue when the overdue job marked it and it is still open),
 * ratings, volunteer records and hours, and the hours to its first acceptance and last resolution.
 */
export function reportCounters(r: ReportFacts): Counters {
  const c: Counters = {};
  if (r.kind === 'issue') {
    const cat = `issues.${safeKey(r.category)}`;
    add(c, `${cat}.submitted`, 1);
    if (ACCEPTED_STATUSES.includes(r.status)) {
      add(c, `${cat}.accepted`, 1);
      const at = r.timeline.find((t) => t.action === 'accept')?.at;
      if (at) histogramAdd(c, 'toAccept', (time(at) - time(r.createdAt)) / HOUR);
    }
    if (RESOLVED_STATUSES.includes(r.status)) {
      add(c, `${cat}.resolved`, 1);
      const at = [...r.timeline].reverse().find((t) => t.action === 'resolve')?.at;
      if (at) histogramAdd(c, 'toResolve', (time(at) - time(r.createdAt)) / HOUR);
    }
    if (REFUSED_STATUSES.includes(r.status)) add(c, `${cat}.rejected`, 1);
    if (r.overdueCounted && OPEN_ISSUE_STATUSES.includes(r.status)) add(c, `${cat}.overdue`, 1);
  } else if (r.kind === 'volunteer') {
    add(c, 'volunteer.records', 1);
    if (r.status === 'verified') {
      add(c, 'volunteer.verified', 1);
      add(c, 'volunteer.hours', r.hours ?? 0);
    }
  }
  if (r.rating && (r.rating.fixed === true || r.rating.fixed === false)) {
    add(c, 'rating.n', 1);
    if (r.rating.fixed) add(c, 'rating.fixed', 1);
    add(c, 'rating.stars', r.rating.score ?? 0);
  }
  return c;
}

function histogramAdd(c: Counters, name: string, hours: number) {
  if (!Number.isFinite(hours)) return;
  const b = `${name}.b${bucketOf(hours)}`;
  add(c, `${b}.n`, 1);
  add(c, `${b}.h`, Math.max(0, hours));
}

/** A ledger entry: its delta by kind (counted on its day and community: see RollupChanges.ledger). */
export function ledgerCounters(e: Pick<LedgerDoc, 'kind' | 'delta'>): Counters {
  const c: Counters = {};
  add(c, `points.${safeKey(e.kind)}`, e.delta);
  return c;
}

/** A redemption: one by its stored status, on the day it was issued, for its reward's community. */
export function redemptionCounters(d: Pick<RedemptionDoc, 'status'>): Counters {
  return { [`redemptions.${safeKey(d.status)}`]: 1 };
}

export interface PlaceFacts {
  type: string;
  status: string;
  communityId: string | null;
}

export const placeCounters = (p: PlaceFacts): Counters => ({ [`places.${safeKey(p.type)}.${safeKey(p.status)}`]: 1 });

/** after − before, without the zeros. */
export function diff(before: Counters, after: Counters): Counters {
  const out: Counters = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[k] ?? 0) - (before[k] ?? 0);
    if (Math.abs(d) > 1e-9) out[k] = d;
  }
  return out;
}

export const negate = (c: Counters): Counters => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, -v]));

/** Changes to several rollup documents, merged per document, in the order they were first named. */
export class RollupChanges {
  readonly targets = new Map<string, { target: RollupTarget; counters: Counters; names: Record<string, string> }>();

  add(target: RollupTarget, counters: Counters, names: Record<string, string> = {}): this {
    if (Object.keys(counters).length === 0) return this;
    const entry = this.targets.get(target.id) ?? { target, counters: {}, names: {} };
    for (const [k, v] of Object.entries(counters)) add(entry.counters, k, v);
    Object.assign(entry.names, names);
    this.targets.set(target.id, entry);
    return this;
  }

  /** A report moved from `before` (null: it is new) to `after`. */
  report(before: (ReportFacts & Pick<ReportDoc, 'day' | 'communityId' | 'categoryName'>) | null, after: ReportFacts & Pick<ReportDoc, 'day' | 'communityId' | 'categoryName' | 'createdAt'>): this {
    const names = after.kind === 'issue' ? { [`names.${safeKey(after.category)}`]: after.categoryName } : {};
    return this.add(dayTarget(reportDay(after), after.communityId), diff(before ? reportCounters(before) : {}, reportCounters(after)), names);
  }

  ledger(entry: Pick<LedgerDoc, 'kind' | 'delta' | 'day' | 'at' | 'statsDay'>, community: string | null | undefined): this {
    return this.add(dayTarget(entry.statsDay || entry.day || shanghaiDay(new Date(entry.at)), community || null), ledgerCounters(entry));
  }

  redemption(before: Pick<RedemptionDoc, 'status'> | null, after: Pick<RedemptionDoc, 'status' | 'createdAt' | 'communityId'>): this {
    return this.add(dayTarget(shanghaiDay(new Date(after.createdAt)), after.communityId), diff(before ? redemptionCounters(before) : {}, redemptionCounters(after)));
  }

  place(before: PlaceFacts | null, after: PlaceFacts | null): this {
    if (before && after && before.communityId === after.communityId) return this.add(placeTarget(after.communityId), diff(placeCounters(before), placeCounters(after)));
    if (before) this.add(placeTarget(before.communityId), negate(placeCounters(before)));
    if (after) this.add(placeTarget(after.communityId), placeCounters(after));
    return this;
  }

  get size(): number {
    return this.targets.size;
  }
}

// ---- reading them back -------------------------------------------------------------------------

/** One stored rollup document (counters nested as written through dotted paths). */
export interface RollupDoc {
  _id: string;
  kind: 'day' | 'places';
  day: string | null;
  communityId: string | null;
  issues?: Record<string, Partial<Record<'submitted' | 'accepted' | 'resolved' | 'rejected' | 'overdue', number>>>;
  names?: Record<string, string>;
  rating?: { n?: number; fixed?: number; stars?: number };
  volunteer?: { records?: number; verified?: number; hours?: number };
  toAccept?: Histogram;
  toResolve?: Histogram;
  points?: Record<string, number>;
  redemptions?: Record<string, number>;
  places?: Record<string, Record<string, number>>;
  updatedAt?: Date;
}

/** Nested object of a flat counter map: the shape a fresh rollup document is created with. */
export function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(flat)) {
    const parts = path.split('.');
    let o = out;
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
    o[parts[parts.length - 1]] = v;
  }
  return out;
}

/** The counters of a stored document, flattened back to dotted paths (for comparing and summing). */
export function flatten(doc: Partial<RollupDoc>, prefix = ''): Counters {
  const out: Counters = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!prefix && ['_id', 'kind', 'day', 'communityId', 'names', 'updatedAt'].includes(k)) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number') {
      if (Math.abs(v) > 1e-9) out[path] = v;
    } else if (v && typeof v === 'object' && !(v instanceof Date)) Object.assign(out, flatten(v as Partial<RollupDoc>, path));
  }
  return out;
}

/** Sums stored counters; amounts are rounded to 6 decimals so float drift from many increments never shows. */
export function sumCounters(into: Counters, add2: Counters): Counters {
  for (const [k, v] of Object.entries(add2)) into[k] = Math.round(((into[k] ?? 0) + v) * 1e6) / 1e6;
  return into;
}

export interface CountByKeyRow {
  key: string;
  name: string;
  submitted: number;
  resolved: number;
  overdue: number;
}

/**
 * The dashboard's figures from the day documents of a range and the places documents of a scope:
 * totals, by category, by community, by week, medians from the merged histograms, points, places
 * and redemptions. `communityName` names a community id (null: the district queue).
 */
export function summarizeRollups(days: RollupDoc[], placeDocs: RollupDoc[], communityName: (id: string | null) => string) {
  const total: Counters = {};
  const byCategory = new Map<string, CountByKeyRow>();
  const byCommunity = new Map<string, CountByKeyRow>();
  const byWeek = new Map<number, { submitted: number; resolved: number }>();
  const catNames = new Map<string, string>();
  const toAccept: Histogram = {};
  const toResolve: Histogram = {};
  const mergeHist = (into: Histogram, h: Histogram | undefined) => {
    for (const [b, v] of Object.entries(h ?? {})) {
      const cur = into[b] ?? { n: 0, h: 0 };
      into[b] = { n: cur.n + (v?.n ?? 0), h: cur.h + (v?.h ?? 0) };
    }
  };
  for (const d of days) {
    sumCounters(total, flatten({ rating: d.rating, volunteer: d.volunteer, points: d.points, redemptions: d.redemptions }));
    for (const [code, name] of Object.entries(d.names ?? {})) catNames.set(code, name);
    mergeHist(toAccept, d.toAccept);
    mergeHist(toResolve, d.toResolve);
    const week = d.day ? weekOfDay(d.day) : null;
    const key = communityKey(d.communityId);
    for (const [cat, c] of Object.entries(d.issues ?? {})) {
      const n = { submitted: c.submitted ?? 0, accepted: c.accepted ?? 0, resolved: c.resolved ?? 0, rejected: c.rejected ?? 0, overdue: c.overdue ?? 0 };
      for (const [k, v] of Object.entries(n)) sumCounters(total, { [`issues.${k}`]: v });
      const bump = (map: Map<string, CountByKeyRow>, k: string, name: string) => {
        const row = map.get(k) ?? { key: k, name, submitted: 0, resolved: 0, overdue: 0 };
        row.submitted += n.submitted;
        row.resolved += n.resolved;
        row.overdue += n.overdue;
        map.set(k, row);
      };
      bump(byCategory, cat, cat);
      bump(byCommunity, key, communityName(d.communityId));
      if (week !== null) {
        const w = byWeek.get(week) ?? { submitted: 0, resolved: 0 };
        w.submitted += n.submitted;
        w.resolved += n.resolved;
        byWeek.set(week, w);
      }
    }
  }
  for (const row of byCategory.values()) row.name = catNames.get(row.key) ?? row.key;
  const get = (k: string) => total[k] ?? 0;
  const rated = Math.round(get('rating.n'));
  const sortDesc = (a: CountByKeyRow, b: CountByKeyRow) => b.submitted - a.submitted || a.name.localeCompare(b.name, 'zh');
  const places = {
    merchant: { approved: 0, pending: 0, rejected: 0, suspended: 0 },
    station: { approved: 0, pending: 0, rejected: 0, suspended: 0 },
  };
  for (const d of placeDocs) {
    for (const [type, byStatus] of Object.entries(d.places ?? {})) {
      const row = places[type as keyof typeof places];
      if (!row) continue;
      for (const [status, n] of Object.entries(byStatus ?? {})) if (status in row) row[status as keyof typeof row] += n ?? 0;
    }
  }
  const red = (k: string) => Math.round(get(`redemptions.${k}`));
  return {
    reports: {
      submitted: get('issues.submitted'),
      accepted: get('issues.accepted'),
      resolved: get('issues.resolved'),
      overdue: get('issues.overdue'),
      rejected: get('issues.rejected'),
      medianHoursToAccept: histogramMedian(toAccept),
      medianHoursToResolve: histogramMedian(toResolve),
      rated,
      fixedShare: rated ? Math.round((get('rating.fixed') / rated) * 1000) / 1000 : null,
      avgStars: rated ? Math.round((get('rating.stars') / rated) * 10) / 10 : null,
    },
    byCategory: [...byCategory.values()].filter((r) => r.submitted > 0).sort(sortDesc),
    byCommunity: [...byCommunity.values()].filter((r) => r.submitted > 0).sort(sortDesc),
    byWeek,
    volunteer: { records: get('volunteer.records'), verified: get('volunteer.verified'), hours: Math.round(get('volunteer.hours') * 100) / 100 },
    points: summarizePoints(Object.entries(total).filter(([k]) => k.startsWith('points.')).map(([k, delta]) => ({ _id: k.slice('points.'.length), delta }))),
    places,
    redemptions: { issued: red('issued') + red('fulfilled') + red('cancelled') + red('expired'), fulfilled: red('fulfilled'), cancelled: red('cancelled'), expired: red('expired'), active: red('issued') },
  };
}
