// Dashboard figures straight from database aggregation: each query returns counts or at most a
// few numbers, never the documents themselves.
import { medianWindow } from '../domain/stats';
import type { Db } from '../runtime/app';

import { ACCEPTED_STATUSES, RESOLVED_STATUSES } from '../domain/stats';

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


function reportMatch(db: Db, s: StatsScope): Row {
  const _ = db.command;
  return { createdAt: _.gte(s.from).and(_.lt(s.to)), ...(s.communities ? { communityId: _.in(s.communities) } : {}) };
}

export function statsRepo(db: Db) {
  const _ = db.command;
  return {
    /**
     * Reports in the range counted by kind, status, rating verdict and overdue-ness. Group keys are
     * plain fields (one comparison for overdue), so the database does no per-document arithmetic;
     * the totals are summed from these few rows.
     */
    async reportStatusRows(s: StatsScope): Promise<Row[]> {
      return aggregate(db, 'reports', [
        ['match', reportMatch(db, s)],
        [
          'group',
          {
            _id: { kind: '$kind', status: '$status', fixed: '$rating.fixed', late: { $lt: ['$dueAt', s.now] } },
            n: { $sum: 1 },
            stars: { $sum: '$rating.score' },
            hours: { $sum: '$hours' },
          },
        ],
      ]);
    },

    /** Issues by category × community × status (× overdue): at most a few thousand rows for a city. */
    async issueBreakdown(s: StatsScope): Promise<Row[]> {
      return aggregate(db, 'reports', [
        ['match', { ...reportMatch(db, s), kind: 'issue' }],
        ['group', { _id: { category: '$category', community: '$communityId', status: '$status', late: { $lt: ['$dueAt', s.now] } }, name: { $first: '$categoryName' }, n: { $sum: 1 } }],
      ]);
    },

    /** Issues by Shanghai day of submission (the `day` field) and status, rolled up into weeks by the caller. */
    async issuesByDay(s: StatsScope): Promise<Row[]> {
      return aggregate(db, 'reports', [
        ['match', { ...reportMatch(db, s), kind: 'issue' }],
        ['group', { _id: { day: '$day', status: '$status' }, n: { $sum: 1 } }],
      ]);
    },

    /**
     * Median hours from submission to the first `accept` (or the last `resolve`), as a sorted
     * window of at most two values: the caller knows how many reports qualify.
     */
    async medianHours(s: StatsScope, step: 'accept' | 'resolve', count: number): Promise<number[]> {
      const window = medianWindow(count);
      if (!window) return [];
      const statuses = step === 'accept' ? ACCEPTED_STATUSES : RESOLVED_STATUSES;
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

    /** Ledger sums by kind in the range, for people in scope (rows: one per kind). */
    async pointsByKind(s: StatsScope): Promise<Row[]> {
      const range = { at: _.gte(s.from).and(_.lt(s.to)) };
      if (!s.communities) return aggregate(db, 'ledger', [['match', range], ['group', { _id: '$kind', delta: { $sum: '$delta' } }]]);
      // Per-person sums first, so the join touches one row per person and kind, not per entry.
      return aggregate(db, 'ledger', [
        ['match', range],
        ['group', { _id: { openid: '$openid', kind: '$kind' }, delta: { $sum: '$delta' } }],
        ['lookup', { from: 'users', localField: '_id.openid', foreignField: '_id', as: 'u' }],
        ['match', { 'u.profile.communityId': _.in(s.communities) }],
        ['group', { _id: '$_id.kind', delta: { $sum: '$delta' } }],
      ]);
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
