// The jobs behind the dashboard's rollups: the overdue marker (a timer, every few minutes) and the
// repair job that recomputes every rollup from the raw collections (an admin action).
import type { PlaceDoc } from '../domain/place';
import type { LedgerDoc } from '../domain/points';
import type { ReportDoc } from '../domain/report';
import { OPEN_STATUSES } from '../domain/report-lifecycle';
import type { RedemptionDoc } from '../domain/rewards';
import { activityMark, nest, RollupChanges, type RollupDoc } from '../domain/rollups';
import { appendAudit } from '../repositories/audit';
import { pagesById } from '../repositories/pagination';
import { reportsRepo } from '../repositories/reports';
import { applyRollups, rollupsRepo } from '../repositories/rollups';
import { inTransaction, inTransactionRetrying, type Db } from '../repositories/transactions';
import type { Caller } from '../domain/user';

const BATCH = 100;
const SCAN_PAGE = 1000;

/**
 * Overdue is the one figure that changes with time alone. Rather than compare every open report's
 * deadline with the clock on every dashboard load, this job (the stats function's timer, every 5
 * minutes) marks each open issue whose deadline has passed and counts it in its rollup, in one
 * transaction per report; the transition that later closes or reopens it takes it out again. So the
 * dashboard's overdue figure is exact as of the job's last run — at most 5 minutes behind the clock.
 */
export async function markOverdue(db: Db, now = new Date(), budgetMs = 20_000): Promise<{ marked: number; done: boolean }> {
  const deadline = Date.now() + budgetMs;
  const repo = reportsRepo(db);
  let marked = 0;
  for (;;) {
    const due = await repo.newlyOverdue(now, BATCH);
    for (const id of due) {
      if (Date.now() > deadline) return { marked, done: false };
      const changed = await inTransactionRetrying(db, async (tx) => {
        const r = await repo.txFind(tx, id);
        if (!r || r.kind !== 'issue' || r.overdueCounted || !OPEN_STATUSES.includes(r.status) || new Date(r.dueAt).getTime() >= now.getTime()) return false;
        const next = { ...r, overdueCounted: true };
        await repo.txUpdate(tx, id, { overdueCounted: true });
        await applyRollups(tx, new RollupChanges().report(r, next), now);
        return true;
      });
      if (changed) marked++;
    }
    if (due.length < BATCH) return { marked, done: true };
  }
}

/** Sums what every raw document contributes: the same functions the transactions use (domain/rollups). */
export class RollupFold {
  readonly changes = new RollupChanges();
  readonly marks = new Map<string, { _id: string; openid: string; communityId: string; at: Date }>();

  report(r: ReportDoc & { reporterErased?: boolean }): void {
    this.changes.report(null, r);
    // An erased person's reports stay, but nobody is tracked as active under the anonymous id.
    if (r.reporterErased) return;
    const mark = activityMark(r.reporter, r.communityId, r.createdAt);
    const seen = this.marks.get(mark._id);
    if (!seen || seen.at < mark.at) this.marks.set(mark._id, mark);
  }

  ledger(e: Pick<LedgerDoc, 'kind' | 'delta' | 'day' | 'at' | 'statsDay'>, community: string | null): void {
    this.changes.ledger(e, community);
  }

  redemption(d: Pick<RedemptionDoc, 'status' | 'createdAt' | 'communityId'>): void {
    this.changes.redemption(null, d);
  }

  place(p: Pick<PlaceDoc, 'type' | 'status' | 'communityId'>): void {
    this.changes.place(null, { type: p.type, status: p.status, communityId: p.communityId ?? null });
  }

  docs(now: Date): RollupDoc[] {
    return [...this.changes.targets.values()].map(({ target, counters, names }) => ({ _id: target.id, ...target.seed, ...nest(counters), ...nest(names), updatedAt: now }) as RollupDoc);
  }
}

/** Every document of a collection, in _id order, a page at a time, with only the fields asked for. */
const scan = <T>(db: Db, collection: string, fields: string[]) => pagesById<T>(db, collection, fields, {}, SCAN_PAGE);

export interface RebuildResult {
  reports: number;
  ledger: number;
  redemptions: number;
  places: number;
  rollups: number;
  activity: number;
  overdueMarked: number;
}

/**
 * The repair job: recomputes every rollup from reports, ledger, redemptions, places and users, and
 * replaces what is stored. First it brings the overdue marks in line with the clock (open issues past
 * their deadline marked, everything else unmarked), since the overdue counters follow the marks.
 * Changes committed while it runs may be missed: run it when the district is quiet (or run it again).
 */
export async function rebuildRollups(db: Db, now = new Date()): Promise<RebuildResult> {
  const overdueMarked = await reportsRepo(db).syncOverdueMarks(OPEN_STATUSES, now);

  const fold = new RollupFold();
  const counts = { reports: 0, ledger: 0, redemptions: 0, places: 0 };
  const reportFields = ['kind', 'category', 'categoryName', 'status', 'rating', 'hours', 'timeline', 'createdAt', 'day', 'communityId', 'overdueCounted', 'reporter', 'reporterErased'];
  for await (const page of scan<ReportDoc>(db, 'reports', reportFields)) {
    for (const r of page) fold.report(r);
    counts.reports += page.length;
  }
  const home = new Map<string, string>();
  for await (const page of scan<{ _id: string; profile?: { communityId?: string } }>(db, 'users', ['profile.communityId'])) {
    for (const u of page) if (u.profile?.communityId) home.set(u._id, u.profile.communityId);
  }
  // An entry says which community its points count in; older ones count in their owner's home now.
  for await (const page of scan<LedgerDoc>(db, 'ledger', ['kind', 'delta', 'day', 'statsDay', 'at', 'openid', 'community'])) {
    for (const e of page) fold.ledger(e, e.community !== undefined ? e.community : home.get(e.openid) ?? null);
    counts.ledger += page.length;
  }
  for await (const page of scan<RedemptionDoc>(db, 'redemptions', ['status', 'createdAt', 'communityId'])) {
    for (const d of page) fold.redemption(d);
    counts.redemptions += page.length;
  }
  for await (const page of scan<PlaceDoc>(db, 'places', ['type', 'status', 'communityId'])) {
    for (const p of page) fold.place(p);
    counts.places += page.length;
  }
  const docs = fold.docs(now);
  const marks = [...fold.marks.values()];
  await rollupsRepo(db).replaceAll(docs, marks);
  return { ...counts, rollups: docs.length, activity: marks.length, overdueMarked };
}

/**
 * stats.rebuild: the repair job by hand. It is too big for one transaction, so the audit entry is
 * written first: no rebuild runs unrecorded (and one whose entry could not be written changes nothing).
 */
export async function rebuild(db: Db, caller: Caller, now = new Date()): Promise<RebuildResult> {
  await inTransaction(db, (tx) => appendAudit(tx, { actor: caller.openid, action: 'stats.rebuild', target: { type: 'rollups', id: 'all' }, before: null, after: { started: now }, at: now }));
  return rebuildRollups(db, now);
}
