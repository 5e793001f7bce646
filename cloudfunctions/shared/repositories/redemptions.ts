import type { RedemptionDoc } from '../domain/rewards';
import type { Db } from '../runtime/app';

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

    /** One page of a worker's redemptions, newest first (index openid_createdAt). */
    async page(where: unknown, pageSize: number): Promise<RedemptionDoc[]> {
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
