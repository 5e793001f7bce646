// What stats.export reads: each collection in the caller's scope and time range, in pages by time
// (pagesByTime), so an export of the whole district is never one giant query.
import type { Db } from '../runtime/app';
import { pagesByTime } from './pagination';

type Pages = AsyncGenerator<Array<Record<string, any>>>;

/** The communities in scope (null = every community) and the half-open range [from, to). */
export interface ExportScope {
  communities: string[] | null;
  from: Date;
  to: Date;
}

export function exportPages(db: Db, s: ExportScope) {
  const _ = db.command;
  const inScope = (field: string) => (s.communities ? { [field]: _.in(s.communities) } : {});
  const inRange = (field: string) => ({ [field]: _.gte(s.from).and(_.lt(s.to)) });
  return {
    reports: (): Pages => pagesByTime(db, 'reports', { ...inScope('communityId'), ...inRange('createdAt') }, 'createdAt'),
    /** Places are listed whatever their age: the range does not apply. */
    places: (): Pages => pagesByTime(db, 'places', inScope('communityId'), 'createdAt'),
    redemptions: (): Pages => pagesByTime(db, 'redemptions', { ...inScope('communityId'), ...inRange('createdAt') }, 'createdAt'),
    /** The people of the scope's communities (every person for null), by registration. */
    people: (): Pages => pagesByTime(db, 'users', inScope('profile.communityId'), 'createdAt'),
    /** Ledger entries in the range, of these people (null = everyone's). */
    ledger: (openids: string[] | null): Pages => pagesByTime(db, 'ledger', { ...(openids ? { openid: _.in(openids) } : {}), ...inRange('at') }, 'at'),
  };
}
