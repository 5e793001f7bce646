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

    async update(openid: string, patch: Record<string, unknown>): Promise<void> {
      await col.doc(openid).update(patch);
    },
  };
}
