import type { TimeCursor } from '../domain/cursor';
import type { RewardDoc } from '../domain/rewards';
import type { Db, Tx } from '../runtime/app';
import { afterCursor } from './pagination';

export const REWARDS_COLLECTION = 'rewards';
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

  /** The conditions, after the cursor, in (createdAt desc, _id desc) order: one query. */
  async function pageOf(conditions: object[], cursor: TimeCursor | null, pageSize: number): Promise<RewardDoc[]> {
    const filters = conditions.length === 1 ? conditions[0] : db.command.and(conditions);
    const where = afterCursor(db, filters as Record<string, unknown>, 'createdAt', cursor);
    const res = await col.where(where as object).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(pageSize).get();
    return res.data as RewardDoc[];
  }

  return {
    async find(id: string): Promise<RewardDoc | null> {
      const res = await col.doc(id).get();
      return ((res.data as RewardDoc[] | undefined)?.[0] as RewardDoc) ?? null;
    },

    /** What a worker can redeem at `now` (live, started, not ended), newest first. */
    async pageActive(now: Date, cursor: TimeCursor | null, pageSize: number): Promise<RewardDoc[]> {
      const _ = db.command;
      return pageOf([{ status: 'active', activeFrom: _.lte(now) }, _.or([{ activeTo: null }, { activeTo: _.gte(now) }])], cursor, pageSize);
    },

    /**
     * The rewards of these communities or places (null = all, for admins), optionally in one
     * status, newest first. Nobody in scope (both lists empty) is the caller's case to answer.
     */
    async pageManaged(scope: { communityIds: string[]; placeIds: string[] } | null, status: RewardDoc['status'] | undefined, cursor: TimeCursor | null, pageSize: number): Promise<RewardDoc[]> {
      const _ = db.command;
      const conditions: object[] = [];
      if (scope) {
        const mine: object[] = [];
        if (scope.communityIds.length) mine.push({ communityId: _.in(scope.communityIds) });
        if (scope.placeIds.length) mine.push({ placeId: _.in(scope.placeIds) });
        conditions.push(mine.length === 1 ? mine[0] : _.or(mine));
      }
      if (status) conditions.push({ status });
      return pageOf(conditions.length ? conditions : [{}], cursor, pageSize);
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

/** Reads a reward inside a transaction, so a concurrent change to it is caught at commit. */
export async function txFindReward(tx: Tx, id: string): Promise<RewardDoc | null> {
  return (await tx.collection(REWARDS_COLLECTION).doc(id).get()).data as RewardDoc | null;
}

export async function txAddReward(tx: Tx, doc: RewardDoc): Promise<void> {
  await tx.collection(REWARDS_COLLECTION).add(doc);
}

export async function txUpdateReward(tx: Tx, id: string, patch: Partial<RewardDoc>): Promise<void> {
  await tx.collection(REWARDS_COLLECTION).doc(id).update(patch);
}

/** Gives one unit back by increment: nothing about the reward needs reading (a deleted reward updates nothing). */
export async function txRestockReward(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.collection(REWARDS_COLLECTION).doc(id).update({ stock: tx.command.inc(1), issued: tx.command.inc(-1), updatedAt: now });
}
