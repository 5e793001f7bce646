import type { HomeCounts } from '../contracts/snapshot';
import { homeCountsRepo } from '../repositories/home-counts';
import { messagesRepo } from '../repositories/messages';
import type { Db } from '../repositories/transactions';
import type { Caller } from '../domain/user';

/**
 * What needs the caller's attention, for their home: every user's reports waiting for a rating and
 * unread messages; a grid worker's open and overdue tasks; a merchant's open feedback. Counts of
 * roles the caller lacks are null, so a home never shows a figure that does not apply.
 */
export async function homeCounts(db: Db, caller: Caller, now = new Date()): Promise<HomeCounts> {
  const repo = homeCountsRepo(db);
  const isGridworker = caller.roles.includes('gridworker');
  const isMerchant = caller.roles.includes('merchant');
  const [toRate, unread, open, overdue, feedback] = await Promise.all([
    repo.toRate(caller.openid),
    messagesRepo(db).unread(caller.openid),
    isGridworker ? repo.openTasks(caller.openid) : null,
    isGridworker ? repo.overdueTasks(caller.openid, now) : null,
    isMerchant ? repo.openFeedback(caller.openid) : null,
  ]);
  return {
    toRate,
    unread,
    tasks: open === null || overdue === null ? null : { open, overdue },
    feedback: feedback === null ? null : { open: feedback },
  };
}
