import type { ApiKeyDoc } from '../domain/open311-keys';
import type { ReportDoc } from '../domain/report';
import type { ReportStatus } from '../domain/report-lifecycle';
import type { Db, Tx } from '../runtime/app';
import { plainGeo } from './plain';
import { REPORTS_COLLECTION } from './reports';

export const OPEN311_KEYS_COLLECTION = 'open311_keys';
export const OPEN311_SETTINGS_COLLECTION = 'open311_settings';
export const OPEN311_USAGE_COLLECTION = 'open311_usage';

/** Per district: whether anyone may read services and requests without a key (on unless turned off). */
export interface Open311SettingsDoc {
  _id: string;
  publicRead: boolean;
  updatedAt: Date;
  updatedBy: string;
}

/** One fixed-window counter per client address or key (`_id` = who), for rate limits. */
interface UsageDoc {
  _id: string;
  count: number;
  window: string;
  at: Date;
}

/** What the API reads of a report: no timeline, no rating, no notification credits. */
const API_FIELDS = { timeline: false, notify: false, rating: false, meTooCount: false } as const;

const one = <T>(res: { data: unknown }): T | null => ((res.data as T[] | undefined)?.[0] as T) ?? null;

export function open311Repo(db: Db) {
  const _ = db.command;
  const keys = db.collection(OPEN311_KEYS_COLLECTION);
  const settings = db.collection(OPEN311_SETTINGS_COLLECTION);
  const reports = db.collection(REPORTS_COLLECTION);

  return {
    async findKey(id: string): Promise<ApiKeyDoc | null> {
      return one<ApiKeyDoc>(await keys.doc(id).get());
    },

    async listKeys(): Promise<ApiKeyDoc[]> {
      const res = await keys.where({}).orderBy('createdAt', 'desc').limit(200).get();
      return res.data as ApiKeyDoc[];
    },

    async txFindKey(tx: Tx, id: string): Promise<ApiKeyDoc | null> {
      const res = await tx.collection(OPEN311_KEYS_COLLECTION).doc(id).get();
      return (res.data as ApiKeyDoc | null) ?? null;
    },

    async txAddKey(tx: Tx, doc: ApiKeyDoc): Promise<void> {
      await tx.collection(OPEN311_KEYS_COLLECTION).add(doc);
    },

    async txUpdateKey(tx: Tx, id: string, patch: Partial<ApiKeyDoc>): Promise<void> {
      await tx.collection(OPEN311_KEYS_COLLECTION).doc(id).update(patch);
    },

    async publicReadOf(districtIds: string[]): Promise<Map<string, boolean>> {
      if (districtIds.length === 0) return new Map();
      const res = await settings.where({ _id: _.in(districtIds) }).limit(100).get();
      return new Map((res.data as Open311SettingsDoc[]).map((d) => [d._id, d.publicRead !== false]));
    },

    async txFindSettings(tx: Tx, districtId: string): Promise<Open311SettingsDoc | null> {
      const res = await tx.collection(OPEN311_SETTINGS_COLLECTION).doc(districtId).get();
      return (res.data as Open311SettingsDoc | null) ?? null;
    },

    async txSetSettings(tx: Tx, doc: Open311SettingsDoc): Promise<void> {
      const { _id, ...rest } = doc;
      await tx.collection(OPEN311_SETTINGS_COLLECTION).doc(_id).set(rest);
    },

    /**
     * Counts one call against `who` in the current window and says whether it is within `limit`. One
     * document per client or key (not per minute, so counters do not pile up), reset when a new window
     * starts. Two round trips: an atomic increment, then a read of the count. The read comes after the
     * caller's own increment, so it never shows less than the caller's place in line: more than `limit`
     * calls are never let through (concurrent calls may be refused a little early, never late).
     */
    async hit(who: string, window: string, limit: number, now: Date): Promise<boolean> {
      const col = db.collection(OPEN311_USAGE_COLLECTION);
      const id = who.slice(0, 120);
      const res = (await col.where({ _id: id, window }).update({ count: _.inc(1), at: now })) as { updated?: number };
      if (!res.updated) {
        // First call of this window (or of this client): start the count.
        await col.doc(id).set({ count: 1, window, at: now });
        return 1 <= limit;
      }
      const doc = one<UsageDoc>(await col.doc(id).get());
      return (doc?.count ?? 1) <= limit;
    },

    async findReport(id: string): Promise<ReportDoc | null> {
      const doc = one<ReportDoc>(await reports.doc(id).field(API_FIELDS).get());
      return doc ? plainGeo(doc) : null;
    },

    async findByToken(token: string): Promise<ReportDoc | null> {
      const res = await reports.where({ 'source.token': token }).field({ _id: true, source: true, kind: true }).limit(1).get();
      const doc = one<ReportDoc>(res);
      return doc ? plainGeo(doc) : null;
    },

    async findMany(ids: string[]): Promise<ReportDoc[]> {
      if (ids.length === 0) return [];
      const res = await reports.where({ _id: _.in(ids) }).field(API_FIELDS).limit(ids.length).get();
      return plainGeo(res.data as ReportDoc[]);
    },

    /** A page of a district's issues, newest first (requested_datetime, then id), page+1 rows to know of a next page. */
    async search(q: { districtIds: string[]; communities: string[] | null; statuses: ReportStatus[]; categories: string[] | null; from: Date; to: Date; skip: number; limit: number }): Promise<ReportDoc[]> {
      const where: Record<string, unknown> = {
        kind: 'issue',
        districtId: q.districtIds.length === 1 ? q.districtIds[0] : _.in(q.districtIds),
        status: _.in(q.statuses),
        createdAt: _.and([_.gte(q.from), _.lte(q.to)]),
      };
      if (q.communities) where.communityId = _.in(q.communities);
      if (q.categories) where.category = q.categories.length === 1 ? q.categories[0] : _.in(q.categories);
      const res = await reports.where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc').skip(q.skip).limit(q.limit).field(API_FIELDS).get();
      return plainGeo(res.data as ReportDoc[]);
    },
  };
}
