import type { TimeCursor } from '../domain/cursor';
import type { ReportDoc } from '../domain/report';
import { ACTIVE_ISSUE_STATUSES, type ReportStatus } from '../domain/report-lifecycle';
import type { UserDoc } from '../domain/user';
import type { Db, Tx } from '../runtime/app';
import { plainGeo } from './plain';

export const REPORTS_COLLECTION = 'reports';
export const METOO_COLLECTION = 'report_metoo';

/** One 我也遇到了: `_id` is `<reportId>_<openid>`, so a second tap by the same person is a no-op. */
export interface MeTooDoc {
  _id: string;
  reportId: string;
  openid: string;
  createdAt: Date;
}

export const meTooId = (reportId: string, openid: string) => `${reportId}_${openid}`;

/** Lists never need the timeline (it grows with every step); detail reads take the whole document. */
const LIST_FIELDS = { timeline: false, notify: false } as const;

export type SortDir = 'asc' | 'desc';

/**
 * A list's filter in plain terms (use-cases build no query operators); the repository turns it into
 * the query, field by field in this order. Unset fields do not filter.
 */
export interface ReportFilter {
  reporter?: string;
  assignee?: string;
  placeOwner?: string;
  /** One community (null: the district queue, routed to none) or any of several. */
  community?: { is: string | null } | { in: string[] };
  /** One status, or any of several. */
  status?: ReportStatus | readonly ReportStatus[];
  /** Deadline before this instant. */
  dueBefore?: Date;
  kind?: ReportDoc['kind'];
  category?: string;
}

export interface PageQuery {
  where: ReportFilter;
  /** Keyset order: this field, then _id, both in `dir`. */
  sortField: 'createdAt' | 'dueAt' | 'updatedAt';
  dir: SortDir;
  cursor: TimeCursor | null;
  /** Rows to fetch (page size + 1, to know whether there is a next page). */
  limit: number;
}

export interface PlaceRef {
  _id: string;
  name: string;
  ownerOpenid: string | null;
  communityId: string;
  gridId?: string | null;
  status: string;
}

const one = <T>(res: { data: unknown }): T | null => ((res.data as T[] | undefined)?.[0] as T) ?? null;

/** Values the SDK would flatten into dot paths on update are set whole instead. */
function wholeValues(db: Db, patch: Record<string, unknown>): Record<string, unknown> {
  const _ = db.command;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? _.set(v) : v;
  }
  return out;
}

export function reportsRepo(db: Db) {
  const col = db.collection(REPORTS_COLLECTION);
  const _ = db.command;

  const toWhere = (f: ReportFilter): Record<string, unknown> => {
    const where: Record<string, unknown> = {};
    if (f.reporter !== undefined) where.reporter = f.reporter;
    if (f.assignee !== undefined) where.assignee = f.assignee;
    if (f.placeOwner !== undefined) where.placeOwner = f.placeOwner;
    if (f.community) where.communityId = 'in' in f.community ? _.in(f.community.in) : f.community.is;
    if (f.status !== undefined) where.status = typeof f.status === 'string' ? f.status : _.in([...f.status]);
    if (f.dueBefore) where.dueAt = _.lt(f.dueBefore);
    if (f.kind !== undefined) where.kind = f.kind;
    if (f.category !== undefined) where.category = f.category;
    return where;
  };

  const afterKey = (q: PageQuery): Record<string, unknown> => {
    const where = toWhere(q.where);
    if (!q.cursor) return where;
    const at = new Date(q.cursor.at);
    const beyond = q.dir === 'asc' ? _.gt : _.lt;
    const after = _.or([{ [q.sortField]: beyond(at) }, { [q.sortField]: at, _id: beyond(q.cursor.id) }]);
    return (Object.keys(where).length ? _.and([where, after]) : after) as unknown as Record<string, unknown>;
  };

  return {
    async find(id: string): Promise<ReportDoc | null> {
      const doc = one<ReportDoc>(await col.doc(id).get());
      return doc ? plainGeo(doc) : null;
    },

    /** Create-once inside a transaction: a second copy of the same request fails with a duplicate key. */
    async txCreate(tx: Tx, doc: ReportDoc): Promise<void> {
      await tx.collection(REPORTS_COLLECTION).add({ ...doc, location: new db.Geo.Point(doc.coords.lng, doc.coords.lat) });
    },

    /** Open issues of a category near a point, nearest first, with their distance in metres. */
    async nearby(q: { lng: number; lat: number; radius: number; category?: string; limit: number }): Promise<Array<ReportDoc & { distance: number }>> {
      const query: Record<string, unknown> = { kind: 'issue', status: _.in([...ACTIVE_ISSUE_STATUSES]) };
      if (q.category) query.category = q.category;
      const res = await col
        .aggregate()
        .geoNear({ near: new db.Geo.Point(q.lng, q.lat), distanceField: 'distance', spherical: true, maxDistance: q.radius, query, key: 'location' })
        .limit(q.limit)
        .project(LIST_FIELDS)
        .end();
      return plainGeo(res.data as Array<ReportDoc & { distance: number }>);
    },

    /** Which of these reports the user has joined with 我也遇到了. */
    async meTooOf(openid: string, reportIds: string[]): Promise<Set<string>> {
      if (reportIds.length === 0) return new Set();
      const res = await db
        .collection(METOO_COLLECTION)
        .where({ _id: _.in(reportIds.map((id) => meTooId(id, openid))) })
        .field({ reportId: true })
        .limit(reportIds.length)
        .get();
      return new Set((res.data as MeTooDoc[]).map((d) => d.reportId));
    },

    async hasMeToo(reportId: string, openid: string): Promise<boolean> {
      return !!one<MeTooDoc>(await db.collection(METOO_COLLECTION).doc(meTooId(reportId, openid)).get());
    },

    /** One keyset page; the list fields only. */
    async page(q: PageQuery): Promise<ReportDoc[]> {
      const res = await col.where(afterKey(q)).orderBy(q.sortField, q.dir).orderBy('_id', q.dir).limit(q.limit).field(LIST_FIELDS).get();
      return plainGeo(res.data as ReportDoc[]);
    },

    /** Counts for the staff queue's badges, in one aggregation over the caller's scope. */
    async counts(scope: Pick<ReportFilter, 'community'>, now: Date): Promise<{ submitted: number; overdue: number; reopened: number; volunteer: number }> {
      const $ = db.command.aggregate;
      const open = ['submitted', 'accepted', 'dispatched', 'reopened'];
      const res = await col
        .aggregate()
        .match({ ...toWhere({ community: scope.community }), status: _.in(open) })
        .group({
          _id: null,
          submitted: $.sum($.cond({ if: $.and([$.eq(['$status', 'submitted']), $.eq(['$kind', 'issue'])]), then: 1, else: 0 })),
          // Issues only, as the overdue list the count opens (a volunteer record waits for a verdict, not a fix).
          overdue: $.sum($.cond({ if: $.and([$.lt(['$dueAt', now]), $.eq(['$kind', 'issue'])]), then: 1, else: 0 })),
          reopened: $.sum($.cond({ if: $.eq(['$status', 'reopened']), then: 1, else: 0 })),
          volunteer: $.sum($.cond({ if: $.and([$.eq(['$status', 'submitted']), $.eq(['$kind', 'volunteer'])]), then: 1, else: 0 })),
        })
        .limit(1) // one group; CloudBase needs an explicit limit on every aggregation
        .end();
      const row = (res.data as Array<Record<string, number>>)[0];
      return { submitted: row?.submitted ?? 0, overdue: row?.overdue ?? 0, reopened: row?.reopened ?? 0, volunteer: row?.volunteer ?? 0 };
    },

    /** Open issues past their deadline that the dashboard does not count as overdue yet (index status_due). */
    async newlyOverdue(now: Date, limit: number): Promise<string[]> {
      const res = await col
        .where({ status: _.in(['submitted', 'accepted', 'dispatched', 'reopened']), dueAt: _.lt(now), kind: 'issue', overdueCounted: _.neq(true) })
        .orderBy('dueAt', 'asc')
        .field({ _id: true })
        .limit(limit)
        .get();
      return (res.data as Array<{ _id: string }>).map((r) => r._id);
    },

    /** Open tasks per grid worker, for spreading dispatches. */
    async openTasksOf(assignees: string[]): Promise<Map<string, number>> {
      if (assignees.length === 0) return new Map();
      const $ = db.command.aggregate;
      const res = await col
        .aggregate()
        .match({ assignee: _.in(assignees), status: _.in(['dispatched', 'reopened']) })
        .group({ _id: '$assignee', n: $.sum(1) })
        // One row per grid worker; without a limit CloudBase would return only 20 of them.
        .limit(assignees.length)
        .end();
      return new Map((res.data as Array<{ _id: string; n: number }>).map((r) => [r._id, r.n]));
    },

    /** The report holding a photo under image check (reporter's photos or the resolution's). */
    async findByTraceId(traceId: string): Promise<ReportDoc | null> {
      const res = await col.where(_.or([{ 'photos.traceId': traceId }, { 'resolution.photos.traceId': traceId }])).limit(1).get();
      const doc = (res.data as ReportDoc[])[0];
      return doc ? plainGeo(doc) : null;
    },

    /** The few fields of a place that feedback routing needs (read directly: no dependency on the place module). */
    async findPlace(id: string): Promise<PlaceRef | null> {
      try {
        const res = await db.collection('places').doc(id).field({ name: true, ownerOpenid: true, communityId: true, gridId: true, status: true, location: true }).get();
        const doc = one<PlaceRef>(res);
        return doc ? plainGeo(doc) : null;
      } catch (err) {
        // No places collection yet (a fresh environment): no place to give feedback on.
        if (/COLLECTION_NOT_EXIST/.test(String((err as { code?: string })?.code ?? (err as Error)?.message))) return null;
        throw err;
      }
    },

    /** Grid workers responsible for any of these grids (all grid workers when `grids` is null). */
    async gridworkersFor(grids: string[] | null): Promise<Array<Pick<UserDoc, '_id' | 'profile' | 'scopes' | 'roles' | 'status'>>> {
      // Index gridworker_scope (scopes.gridworker, status) with grids, roles_status without; roles is
      // an array too, so it cannot join scopes.gridworker in one index (MongoDB: parallel arrays).
      const where: Record<string, unknown> = { roles: 'gridworker', status: 'active' };
      if (grids) where['scopes.gridworker'] = _.in(grids);
      const res = await db.collection('users').where(where).field({ profile: true, scopes: true, roles: true, status: true }).limit(100).get();
      return res.data as Array<Pick<UserDoc, '_id' | 'profile' | 'scopes' | 'roles' | 'status'>>;
    },

    // ---- inside a transaction (single-document operations by _id) ----

    async txFind(tx: Tx, id: string): Promise<ReportDoc | null> {
      const res = await tx.collection(REPORTS_COLLECTION).doc(id).get();
      return res.data ? plainGeo(res.data as ReportDoc) : null;
    },

    /**
     * The repair job's first step: every open issue (`open`) past its deadline marked overdue, and
     * every other report unmarked, two bulk updates. Returns how many were newly marked.
     */
    async syncOverdueMarks(open: readonly ReportStatus[], now: Date): Promise<number> {
      const statuses = [...open];
      const marked = await col.where({ kind: 'issue', status: _.in(statuses), dueAt: _.lt(now), overdueCounted: _.neq(true) }).update({ overdueCounted: true });
      await col.where(_.and([{ overdueCounted: true }, _.or([{ kind: _.neq('issue') }, { status: _.nin(statuses) }, { dueAt: _.gte(now) }])])).update({ overdueCounted: false });
      return Number((marked as { updated?: number }).updated ?? 0);
    },

    async txUpdate(tx: Tx, id: string, patch: Partial<ReportDoc>): Promise<void> {
      await tx.collection(REPORTS_COLLECTION).doc(id).update(wholeValues(db, patch as Record<string, unknown>));
    },

    async txFindUser(tx: Tx, openid: string): Promise<UserDoc | null> {
      const res = await tx.collection('users').doc(openid).get();
      return (res.data as UserDoc | null) ?? null;
    },

    async txAddMeToo(tx: Tx, doc: MeTooDoc): Promise<void> {
      await tx.collection(METOO_COLLECTION).add(doc);
    },
  };
}

export type ReportsRepo = ReturnType<typeof reportsRepo>;
export type { ReportStatus };
