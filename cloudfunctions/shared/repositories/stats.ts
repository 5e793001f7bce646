// Dashboard figures straight from database aggregation: each query returns counts or at most a
// few numbers, never the documents themselves.
import { medianWindow, weekIndexExpr } from '../domain/stats';
import type { Db } from '../runtime/app';

const ACCEPTED = ['accepted', 'dispatched', 'resolved', 'closed', 'reopened'];
const RESOLVED = ['resolved', 'closed'];
const OPEN = ['submitted', 'accepted', 'dispatched', 'reopened'];
const REFUSED = ['rejected', 'duplicate'];

export interface StatsScope {
  /** null = every community (admin, district-wide). */
  communities: string[] | null;
  from: Date;
  to: Date;
  now: Date;
}

type Row = Record<string, any>;

async function aggregate(db: Db, collection: string, stages: Array<[string, unknown]>): Promise<Row[]> {
  let agg: any = db.collection(collection).aggregate();
  for (const [stage, value] of stages) agg = agg[stage](value);
  const res = await agg.end();
  return (res.data ?? res.list ?? []) as Row[];
}

const when = (cond: unknown, value: unknown = 1) => ({ $sum: { $cond: [cond, value, 0] } });
const inList = (field: string, list: string[]) => ({ $in: [field, list] });
const isIssue = { $eq: ['$kind', 'issue'] };

function reportMatch(db: Db, s: StatsScope): Row {
  const _ = db.command;
  return { createdAt: _.gte(s.from).and(_.lt(s.to)), ...(s.communities ? { communityId: _.in(s.communities) } : {}) };
}

export function statsRepo(db: Db) {
  const _ = db.command;
  return {
    /** Status counts, ratings and volunteer hours of reports created in the range. */
    async reportTotals(s: StatsScope): Promise<Row> {
      const rows = await aggregate(db, 'reports', [
        ['match', reportMatch(db, s)],
        [
          'group',
          {
            _id: null,
            submitted: when(isIssue),
            accepted: when({ $and: [isIssue, inList('$status', ACCEPTED)] }),
            resolved: when({ $and: [isIssue, inList('$status', RESOLVED)] }),
            rejected: when({ $and: [isIssue, inList('$status', REFUSED)] }),
            overdue: when({ $and: [isIssue, inList('$status', OPEN), { $lt: ['$dueAt', s.now] }] }),
            rated: when({ $gt: ['$rating.score', 0] }),
            fixed: when({ $eq: ['$rating.fixed', true] }),
            stars: { $sum: { $ifNull: ['$rating.score', 0] } },
            volunteerRecords: when({ $eq: ['$kind', 'volunteer'] }),
            volunteerVerified: when({ $eq: ['$status', 'verified'] }),
            volunteerHours: when({ $eq: ['$status', 'verified'] }, { $ifNull: ['$hours', 0] }),
          },
        ],
      ]);
      return rows[0] ?? {};
    },

    /** Issue counts by category × community × week: small enough to sum into each breakdown. */
    async reportCube(s: StatsScope): Promise<Row[]> {
      return aggregate(db, 'reports', [
        ['match', { ...reportMatch(db, s), kind: 'issue' }],
        [
          'group',
          {
            _id: { category: '$category', community: '$communityId', week: weekIndexExpr('$createdAt') },
            name: { $first: '$categoryName' },
            submitted: { $sum: 1 },
            resolved: when(inList('$status', RESOLVED)),
            overdue: when({ $and: [inList('$status', OPEN), { $lt: ['$dueAt', s.now] }] }),
          },
        ],
      ]);
    },

    /**
     * Median hours from submission to the first `accept` (or the last `resolve`), as a sorted
     * window of at most two values: the caller knows how many reports qualify.
     */
    async medianHours(s: StatsScope, step: 'accept' | 'resolve', count: number): Promise<number[]> {
      const window = medianWindow(count);
      if (!window) return [];
      const statuses = step === 'accept' ? ACCEPTED : RESOLVED;
      const stepAt = {
        $arrayElemAt: [{ $filter: { input: '$timeline', as: 't', cond: { $eq: ['$$t.action', step] } } }, step === 'accept' ? 0 : -1],
      };
      const rows = await aggregate(db, 'reports', [
        ['match', { ...reportMatch(db, s), kind: 'issue', status: _.in(statuses) }],
        ['project', { _id: 0, step: stepAt, createdAt: 1 }],
        ['project', { h: { $divide: [{ $subtract: ['$step.at', '$createdAt'] }, 3_600_000] } }],
        ['sort', { h: 1 }],
        ['skip', window.skip],
        ['limit', window.take],
      ]);
      return rows.map((r) => Number(r.h)).filter((h) => Number.isFinite(h));
    },

    async workersRegistered(s: StatsScope): Promise<number> {
      const res = await db.collection('users').where(s.communities ? { 'profile.communityId': _.in(s.communities) } : {}).count();
      return res.total;
    },

    /** Distinct people who filed a report or volunteer record in the last 30 days. */
    async workersActive(s: StatsScope): Promise<number> {
      const since = new Date(s.now.getTime() - 30 * 86_400_000);
      const rows = await aggregate(db, 'reports', [
        ['match', { createdAt: _.gte(since), ...(s.communities ? { communityId: _.in(s.communities) } : {}) }],
        ['group', { _id: '$reporter' }],
        ['count', 'n'],
      ]);
      return rows[0]?.n ?? 0;
    },

    /** Points issued, redeemed (net of refunds) and expired in the range, for people in scope. */
    async points(s: StatsScope): Promise<Row> {
      const stages: Array<[string, unknown]> = [
        ['match', { at: _.gte(s.from).and(_.lt(s.to)) }],
        [
          'group',
          {
            _id: '$openid',
            issued: when({ $and: [inList('$kind', ['award', 'volunteer']), { $gt: ['$delta', 0] }] }, '$delta'),
            redeemed: when(inList('$kind', ['redeem', 'refund']), { $multiply: ['$delta', -1] }),
            expired: when({ $eq: ['$kind', 'expire'] }, { $multiply: ['$delta', -1] }),
          },
        ],
      ];
      if (s.communities) {
        // Per-person sums first, so the join touches one row per person, not per entry.
        stages.push(['lookup', { from: 'users', localField: '_id', foreignField: '_id', as: 'u' }]);
        stages.push(['match', { 'u.profile.communityId': _.in(s.communities) }]);
      }
      stages.push(['group', { _id: null, issued: { $sum: '$issued' }, redeemed: { $sum: '$redeemed' }, expired: { $sum: '$expired' } }]);
      return (await aggregate(db, 'ledger', stages))[0] ?? {};
    },

    async placesByTypeStatus(s: StatsScope): Promise<Row[]> {
      return aggregate(db, 'places', [
        ['match', s.communities ? { communityId: _.in(s.communities) } : {}],
        ['group', { _id: { type: '$type', status: '$status' }, n: { $sum: 1 } }],
      ]);
    },

    async redemptionsByStatus(s: StatsScope): Promise<Row[]> {
      return aggregate(db, 'redemptions', [
        ['match', { createdAt: _.gte(s.from).and(_.lt(s.to)), ...(s.communities ? { communityId: _.in(s.communities) } : {}) }],
        ['group', { _id: '$status', n: { $sum: 1 } }],
      ]);
    },
  };
}
