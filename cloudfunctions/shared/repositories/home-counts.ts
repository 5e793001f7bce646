import { OPEN_STATUSES } from '../domain/report-lifecycle';
import type { Db } from '../runtime/app';

/** Statuses of a task still on a grid worker's desk (accepted reports are not theirs yet). */
const TASK_STATUSES = ['dispatched', 'reopened'];

/**
 * The few counts a role's home shows. Each is one `count` on an indexed owner field, run in
 * parallel by the use-case, so a home costs one round trip of latency whatever the role.
 */
export function homeCountsRepo(db: Db) {
  const reports = db.collection('reports');
  const _ = db.command;
  const total = async (q: Promise<{ total?: number }>) => (await q).total ?? 0;
  return {
    /** The reporter's resolved reports: fixed, waiting for their rating (待评价). */
    toRate: (openid: string) => total(reports.where({ reporter: openid, status: 'resolved' }).count()),
    openTasks: (openid: string) => total(reports.where({ assignee: openid, status: _.in(TASK_STATUSES) }).count()),
    overdueTasks: (openid: string, now: Date) => total(reports.where({ assignee: openid, status: _.in(TASK_STATUSES), dueAt: _.lt(now) }).count()),
    /** Feedback about the merchant's places that the community has not finished with. */
    openFeedback: (openid: string) => total(reports.where({ placeOwner: openid, status: _.in([...OPEN_STATUSES]) }).count()),
  };
}
