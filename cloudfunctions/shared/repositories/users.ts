import type { Db } from '../runtime/app';
import type { UserDoc } from '../domain/user';

const COLLECTION = 'users';

/** CloudBase's reply to an insert whose `_id` exists; a concurrent first login lands here. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return /DUPLICATE|duplicate key|E11000/i.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}

export function usersRepo(db: Db) {
  const col = db.collection(COLLECTION);
  return {
    async find(openid: string): Promise<UserDoc | null> {
      const res = await col.doc(openid).get();
      return ((res.data as UserDoc[] | undefined)?.[0] as UserDoc) ?? null;
    },

    /** Creates once: `_id` is the openid, so a second insert of the same user is refused by the database. */
    async create(user: UserDoc): Promise<UserDoc> {
      await col.add(user);
      return user;
    },

    /** Overwrites the whole document (an erased account starting afresh). */
    async replace(user: UserDoc): Promise<void> {
      const { _id, ...rest } = user;
      await col.doc(_id).set(rest);
    },

    async update(openid: string, patch: Record<string, unknown>): Promise<void> {
      await col.doc(openid).update(patch);
    },

    /** One page of users, newest first, after the cursor condition built by the caller. */
    async page(where: unknown, pageSize: number): Promise<UserDoc[]> {
      const res = await col.where(where as object).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(pageSize).get();
      return res.data as UserDoc[];
    },

    /** Names for a set of openids (audit views), in one query. */
    async names(openids: string[]): Promise<Record<string, string>> {
      const ids = [...new Set(openids)].filter(Boolean);
      if (ids.length === 0) return {};
      const res = await col.where({ _id: db.command.in(ids) }).field({ _id: true, 'profile.name': true }).limit(1000).get();
      return Object.fromEntries((res.data as UserDoc[]).map((u) => [u._id, u.profile?.name ?? '']));
    },
  };
}
