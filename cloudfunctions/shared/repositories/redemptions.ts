import type { TimeCursor } from '../domain/cursor';
import type { RedemptionDoc } from '../domain/rewards';
import type { Db, Tx } from '../runtime/app';
import { afterCursor } from './pagination';

export const REDEMPTIONS_COLLECTION = 'redemptions';

export function redemptionsRepo(db: Db) {
  const col = db.collection(REDEMPTIONS_COLLECTION);
  return {
    async find(id: string): Promise<RedemptionDoc | null> {
      const res = await col.doc(id).get();
      return ((res.data as RedemptionDoc[] | undefined)?.[0] as RedemptionDoc) ?? null;
    },

    /** By the single-use code (unique index `code`). */
    async findByCode(code: string): Promise<RedemptionDoc | null> {
      const res = await col.where({ code }).limit(1).get();
      return ((res.data as RedemptionDoc[] | undefined)?.[0] as RedemptionDoc) ?? null;
    },

    /**
     * One page of a worker's redemptions after the cursor, newest first (index openid_createdAt),
     * optionally in one status as the worker sees it: an issued code past its expiry counts as
     * expired before the job has refunded it.
     */
    async pageMine(openid: string, status: RedemptionDoc['status'] | undefined, now: Date, cursor: TimeCursor | null, pageSize: number): Promise<RedemptionDoc[]> {
      const _ = db.command;
      const conditions: object[] = [{ openid }];
      if (status === 'issued') conditions.push({ status: 'issued', expiresAt: _.gt(now) });
      else if (status === 'expired') conditions.push(_.or([{ status: 'expired' }, { status: 'issued', expiresAt: _.lte(now) }]));
      else if (status) conditions.push({ status });
      const filters = conditions.length === 1 ? conditions[0] : _.and(conditions);
      const where = afterCursor(db, filters as Record<string, unknown>, 'createdAt', cursor);
      const res = await col.where(where as object).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(pageSize).get();
      return res.data as RedemptionDoc[];
    },

    /** Issued codes past their expiry, oldest first (index status_expiresAt). */
    async dueForExpiry(now: Date, limit: number): Promise<RedemptionDoc[]> {
      const res = await col.where({ status: 'issued', expiresAt: db.command.lte(now) }).orderBy('expiresAt', 'asc').limit(limit).get();
      return res.data as RedemptionDoc[];
    },
  };
}

/** Reads a redemption inside a transaction, so a concurrent change to it is caught at commit. */
export async function txFindRedemption(tx: Tx, id: string): Promise<RedemptionDoc | null> {
  return (await tx.collection(REDEMPTIONS_COLLECTION).doc(id).get()).data as RedemptionDoc | null;
}

/** Inserts a redemption; its `_id` is unique, so a repeat fails here (isDuplicateKey) and rolls back. */
export async function txAddRedemption(tx: Tx, doc: RedemptionDoc): Promise<void> {
  await tx.collection(REDEMPTIONS_COLLECTION).add(doc);
}

export async function txUpdateRedemption(tx: Tx, id: string, patch: Partial<RedemptionDoc>): Promise<void> {
  await tx.collection(REDEMPTIONS_COLLECTION).doc(id).update(patch);
}
