import type { UserDoc } from '../domain/user';
import type { Db } from '../runtime/app';

export interface BoardRow {
  _id: string;
  profile: Pick<UserDoc['profile'], 'name'>;
  nameCheck?: UserDoc['nameCheck'];
  points: { month: { month: string; earned: number } };
}

/** The month figure the ledger keeps on each user (points.month), read by community (index month_leaderboard). */
export function leaderboardRepo(db: Db) {
  const users = db.collection('users');
  const _ = db.command;
  const base = (communityId: string, month: string) => ({ 'profile.communityId': communityId, 'points.month.month': month, status: 'active' });
  return {
    async top(communityId: string, month: string, limit: number): Promise<BoardRow[]> {
      const res = await users
        .where({ ...base(communityId, month), 'points.month.earned': _.gt(0) })
        .orderBy('points.month.earned', 'desc')
        .orderBy('_id', 'asc')
        .field({ 'profile.name': true, nameCheck: true, 'points.month': true })
        .limit(limit)
        .get();
      return res.data as BoardRow[];
    },

    /** How many of the community earned more than `earned` this month. */
    async countAbove(communityId: string, month: string, earned: number): Promise<number> {
      return (await users.where({ ...base(communityId, month), 'points.month.earned': _.gt(earned) }).count()).total;
    },
  };
}
