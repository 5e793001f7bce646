import type { QuotaDoc, RewardDoc } from '../domain/rewards';
import type { Db } from '../runtime/app';

export const REWARDS_COLLECTION = 'rewards';
export const QUOTAS_COLLECTION = 'reward_quotas';
const PLACES_COLLECTION = 'places';

/** What rewards need to know about a place (the places issue owns the rest of the document). */
export interface PlaceRef {
  _id: string;
  name: string;
  type: 'merchant' | 'station';
  communityId: string;
  status: string;
}

export function rewardsRepo(db: Db) {
  const col = db.collection(REWARDS_COLLECTION);
  return {
    async find(id: string): Promise<RewardDoc | null> {
      const res = await col.doc(id).get();
      return ((res.data as RewardDoc[] | undefined)?.[0] as RewardDoc) ?? null;
    },

    /** One page, newest first, after the cursor condition built by the caller. */
    async page(where: unknown, pageSize: number): Promise<RewardDoc[]> {
      const res = await col.where(where as object).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(pageSize).get();
      return res.data as RewardDoc[];
    },

    /** This month's counts for a page of rewards, in one query by `_id`. */
    async quotas(ids: string[]): Promise<Record<string, number>> {
      if (ids.length === 0) return {};
      const res = await db.collection(QUOTAS_COLLECTION).where({ _id: db.command.in(ids) }).limit(ids.length).get();
      return Object.fromEntries((res.data as QuotaDoc[]).map((q) => [q._id, q.count]));
    },

    async place(id: string): Promise<PlaceRef | null> {
      const res = await db.collection(PLACES_COLLECTION).doc(id).field({ name: true, type: true, communityId: true, status: true }).get();
      return ((res.data as PlaceRef[] | undefined)?.[0] as PlaceRef) ?? null;
    },

    async places(ids: string[]): Promise<Record<string, PlaceRef>> {
      if (ids.length === 0) return {};
      const res = await db.collection(PLACES_COLLECTION).where({ _id: db.command.in(ids) }).field({ name: true, type: true, communityId: true, status: true }).limit(ids.length).get();
      return Object.fromEntries((res.data as PlaceRef[]).map((p) => [p._id, p]));
    },
  };
}
