import type { TimeCursor } from '../domain/cursor';
import type { Db, Tx } from '../runtime/app';
import type { UserDoc } from '../domain/user';
import { afterCursor } from './pagination';

const COLLECTION = 'users';

/** CloudBase's reply to an insert whose `_id` exists; a concurrent first login lands here. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return /DUPLICATE|duplicate key|E11000/i.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
}

/** Reads a user inside a transaction, so a concurrent change to the same user is caught at commit. */
export async function txFindUser(tx: Tx, openid: string): Promise<UserDoc | null> {
  const res = await tx.collection(COLLECTION).doc(openid).get();
  return (res as { data: UserDoc | null }).data;
}

export async function txUpdateUser(tx: Tx, openid: string, patch: Record<string, unknown>): Promise<void> {
  await tx.collection(COLLECTION).doc(openid).update(patch);
}

export async function txRemoveUser(tx: Tx, openid: string): Promise<void> {
  await tx.collection(COLLECTION).doc(openid).remove();
}

/**
 * Makes the person a merchant of this place inside the transaction that approves it. Operators, not
 * a read-modify-write: the owner's other fields are left alone and no read is needed.
 */
export async function txGrantMerchant(db: Db, tx: Tx, openid: string, placeId: string, now: Date): Promise<void> {
  const _ = db.command;
  await tx.collection(COLLECTION).doc(openid).update({ roles: _.addToSet('merchant'), 'scopes.merchant': _.addToSet(placeId), updatedAt: now });
}

/** The filters of the people list; `communityIn` limits staff to their scope when no community is named. */
export interface UserSearch {
  role?: string;
  platform?: string;
  status?: string;
  nameUnderReview?: boolean;
  communityId?: string;
  communityIn?: string[];
  /** Plain text (escaped here): matches the name anywhere, the phone from its start, or the exact openid. */
  q?: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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

    /** One page of the people list, newest first, in one query. */
    async search(s: UserSearch, cursor: TimeCursor | null, pageSize: number): Promise<UserDoc[]> {
      const _ = db.command;
      const filters: Record<string, unknown> = {};
      if (s.role) filters.roles = s.role;
      if (s.platform) filters['profile.platform'] = s.platform;
      if (s.status) filters.status = s.status;
      if (s.nameUnderReview) filters.nameCheck = 'review';
      if (s.communityId) filters['profile.communityId'] = s.communityId;
      else if (s.communityIn) filters['profile.communityId'] = _.in(s.communityIn);
      const conditions: unknown[] = [filters];
      if (s.q) {
        const q = escapeRegex(s.q);
        conditions.push(_.or([{ 'profile.name': db.RegExp({ regexp: q, options: 'i' }) }, { 'profile.phone': db.RegExp({ regexp: `^${q}` }) }, { _id: s.q }]));
      }
      const base = conditions.length > 1 ? _.and(conditions as object[]) : filters;
      const where = afterCursor(db, base as Record<string, unknown>, 'createdAt', cursor) as object;
      const res = await col.where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(pageSize).get();
      return res.data as UserDoc[];
    },

    /** Names for a set of openids (audit views), in one query. */
    async names(openids: string[]): Promise<Record<string, string>> {
      const ids = [...new Set(openids)].filter(Boolean);
      if (ids.length === 0) return {};
      const res = await col.where({ _id: db.command.in(ids) }).field({ _id: true, 'profile.name': true }).limit(1000).get();
      return Object.fromEntries((res.data as UserDoc[]).map((u) => [u._id, u.profile?.name ?? '']));
    },

    /** People whose home is in these communities (null = everyone), by count alone. */
    async countInCommunities(communities: string[] | null): Promise<number> {
      const res = await col.where(communities ? { 'profile.communityId': db.command.in(communities) } : {}).count();
      return res.total ?? 0;
    },
  };
}
