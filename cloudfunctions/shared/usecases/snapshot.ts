import type {
  AssigneeView,
  CategoriesPayload,
  CategoryView,
  DispatchPayload,
  IdPayload,
  ListMinePayload,
  MarkReadPayload,
  MeTooResult,
  MessageView,
  NearbyItem,
  Page,
  PagePayload,
  QueueCounts,
  QueuePayload,
  RatePayload,
  ReportSummary,
  ReportView,
  ResolvePayload,
  ReviewPayload,
  SnapshotSettings,
  SubmitInput,
  TasksPayload,
  TemplateKey,
  UpsertCategoryPayload,
} from '../contracts/snapshot';
import { DAILY_REPORT_LIMIT } from '../contracts/snapshot';
import { DEFAULT_CATEGORIES, mergeCategories, type Category } from '../domain/categories';
import { decodeCursor, pageOf } from '../domain/cursor';
import { messagesFor, subscribeData, templateFor, templateIds, type MessageDoc, type TransitionFacts } from '../domain/messages';
import {
  dueAtFor,
  fileIdsFor,
  relationOf,
  reportAuditName,
  reportIdFor,
  staffRole,
  toNearbyItem,
  toSummary,
  toView,
  uploadDirFor,
  type Relation,
  type ReportDoc,
  type ReportSource,
  type TextCheck,
  type TimelineEntry,
} from '../domain/report';
import { ACTIVE_ISSUE_STATUSES, decide, OPEN_STATUSES, TRANSITIONS, type ReportStatus, type TransitionAction } from '../domain/report-lifecycle';
import { routeLocation, type Route } from '../domain/routing';
import { shanghaiDay } from '../isomorphic/time';
import { inStaffScope, listScope, viewerOf } from '../domain/scope';
import { publicName, type UserDoc, type Caller } from '../domain/user';
import { AppError } from '../errors';
import { appendAudit, auditNames } from '../repositories/audit';
import { categoriesRepo, saveCategory, storedCategory } from '../repositories/categories';
import { moveToMedia, tempUrls } from '../repositories/files';
import { checkImages } from './media';
import { ownFiles } from '../domain/uploads';
import { postEntry } from '../repositories/ledger';
import { messagesRepo } from '../repositories/messages';
import { cachedPointsRules } from '../repositories/points-rules';
import { communityKey, reportDay, RollupChanges } from '../domain/rollups';
import { applyRollups, markActivity } from '../repositories/rollups';
import { gridsOfCommunity, routingRegions } from '../repositories/report-regions';
import { meTooId, reportsRepo, type PageQuery, type ReportFilter } from '../repositories/reports';
import { COUNTER_RETRY, limitsRepo, txReportsOnDay, txSetReportsOnDay } from '../repositories/limits';
import { isDuplicateKey, usersRepo } from '../repositories/users';
import { checkText, SCENE, sendSubscribeMessage } from '../repositories/wechat';
import { inTransaction, inTransactionRetrying, isTransactionConflict, type Db, type Tx } from '../repositories/transactions';

const DEFAULT_PAGE = 20;
const NEARBY_RADIUS_M = 100;
const NEARBY_LIMIT = 10;
const DETAIL_PAGE = 'pkg-snapshot/detail/index';

const notFound = () => new AppError('REPORT.NOT_FOUND', '这条上报不存在或已被删除');

/** The caller's name as others may see it (a name held for review shows as the fallback). */
function nameOf(caller: Caller, fallback: string): string {
  return publicName(caller.user) || fallback;
}

function toCategoryView(c: Category): CategoryView {
  return { code: c.code, name: c.name, kind: c.kind, points: c.points, slaHours: c.slaHours, photoRequired: c.photoRequired, routing: c.routing, enabled: c.enabled, order: c.order, glyph: c.glyph };
}

/** Refuses risky text (nothing is stored); text the checker wants a person to read is kept but held back from others. */
async function checkUserText(openid: string, content: string, field: string): Promise<TextCheck> {
  const { verdict } = await checkText({ openid, scene: SCENE.forum, content });
  if (verdict === 'risky') throw new AppError('CONTENT.RISKY', '内容含有不适宜发布的信息，请修改后再提交', field);
  return verdict === 'review' ? 'review' : 'pass';
}

async function viewFor(report: ReportDoc, caller: Caller, now: Date, o: { relation?: Relation; meTooByMe?: boolean; reporterUser?: UserDoc | null } = {}): Promise<ReportView> {
  const viewer = viewerOf(caller);
  const relation = o.relation ?? relationOf(report, viewer);
  const urls = await tempUrls(fileIdsFor(report, relation, caller.openid));
  return toView(report, { relation, viewer, urls, now, meTooByMe: o.meTooByMe, reporterUser: o.reporterUser });
}

async function summaries(reports: ReportDoc[], caller: Caller, now: Date, relationFor: (r: ReportDoc) => Relation): Promise<ReportSummary[]> {
  const rel = reports.map(relationFor);
  const urls = await tempUrls(reports.flatMap((r, i) => fileIdsFor(r, rel[i], caller.openid, true)));
  return reports.map((r, i) => toSummary(r, rel[i], urls, now));
}

async function pageOfReports(db: Db, q: Omit<PageQuery, 'limit' | 'cursor'> & { cursor?: string; pageSize?: number }, caller: Caller, now: Date, relationFor: (r: ReportDoc) => Relation): Promise<Page<ReportSummary>> {
  const size = q.pageSize ?? DEFAULT_PAGE;
  const rows = await reportsRepo(db).page({ where: q.where, sortField: q.sortField, dir: q.dir, cursor: decodeCursor(q.cursor), limit: size + 1 });
  const page = pageOf(rows, size, (r) => r[q.sortField]);
  return { items: await summaries(page.rows, caller, now, relationFor), nextCursor: page.nextCursor };
}

// ---- categories ------------------------------------------------------------------------------

export async function listCategories(db: Db, caller: Caller, p: CategoriesPayload): Promise<CategoryView[]> {
  const all = await categoriesRepo(db).list();
  const withDisabled = !!p.includeDisabled && caller.roles.includes('admin');
  return all.filter((c) => c.enabled || withDisabled).map(toCategoryView);
}

export async function upsertCategory(db: Db, caller: Caller, p: UpsertCategoryPayload, now = new Date()): Promise<CategoryView> {
  const builtIn = DEFAULT_CATEGORIES.find((c) => c.code === p.code);
  // Read, write and audit in one transaction: `before` is the stored state the edit replaces.
  const next = await inTransaction(db, async (tx) => {
    const stored = await storedCategory(tx, p.code);
    const before = stored ? (mergeCategories([stored]).find((c) => c.code === p.code) ?? null) : (builtIn ?? null);
    if (before && p.kind && p.kind !== before.kind) throw new AppError('INPUT.INVALID', '已有分类不能改变类型（随手拍/志愿服务）', 'payload.kind');
    const after: Category = {
      code: p.code,
      name: p.name,
      kind: before?.kind ?? p.kind ?? 'issue',
      points: p.points,
      slaHours: p.slaHours,
      photoRequired: p.photoRequired,
      // Routing is part of what a category means (place feedback needs a place); only built-ins set it.
      routing: builtIn?.routing ?? before?.routing ?? 'location',
      enabled: p.enabled ?? before?.enabled ?? true,
      order: p.order ?? before?.order ?? 500,
      glyph: p.glyph ?? before?.glyph ?? p.name.slice(0, 1),
    };
    await saveCategory(tx, { ...after, _id: p.code, updatedAt: now, updatedBy: caller.openid });
    await appendAudit(tx, { actor: caller.openid, action: 'snapshot.upsertCategory', target: { type: 'category', id: p.code }, before, after, at: now });
    return after;
  });
  return toCategoryView(next);
}

/** What the report form needs before the first tap: subscribe templates and the caller's upload directory. */
export function settings(caller: Caller): SnapshotSettings {
  return { templates: templateIds(process.env.SUBSCRIBE_TEMPLATES), uploadDir: uploadDirFor(caller.openid) };
}

// ---- the worker's side ---------------------------------------------------------------------

function creditsFrom(keys: readonly TemplateKey[] | undefined, base: Partial<Record<TemplateKey, number>> = {}): Partial<Record<TemplateKey, number>> {
  const out = { ...base };
  // One-time subscriptions: each accepted request allows one message; they do not pile up beyond a few.
  for (const k of keys ?? []) out[k] = Math.min(3, (out[k] ?? 0) + 1);
  return out;
}

/**
 * A report filed by a trusted partner system through Open311 instead of a person in the app: the
 * same rules, queue, routing, checks and SLA, with these differences — photos arrive as links
 * (checked like uploads), the partner's own daily cap and communities apply, no points are promised
 * (there is no person to pay), and the source is kept for staff to see.
 */
export interface PartnerFiling {
  source: ReportSource;
  mediaUrls: string[];
  dailyLimit: number;
  communities: readonly string[];
}

export async function submit(db: Db, caller: Caller, p: SubmitInput, now = new Date(), via?: PartnerFiling): Promise<ReportView> {
  const repo = reportsRepo(db);
  const id = reportIdFor(caller.openid, p.requestId);
  const category = (await categoriesRepo(db).list(now.getTime())).find((c) => c.code === p.category);
  if (!category || !category.enabled) throw new AppError('INPUT.INVALID', '所选分类不存在或已停用，请重新选择', 'payload.category');
  if (category.kind !== p.kind) throw new AppError('INPUT.INVALID', p.kind === 'volunteer' ? '请选择志愿服务分类' : '请选择随手拍问题分类', 'payload.category');
  const photos = via ? [] : ownFiles(p.photos, caller.openid, 'payload.photos');
  if (category.photoRequired && photos.length + (via?.mediaUrls.length ?? 0) === 0) throw new AppError('INPUT.INVALID', `「${category.name}」需要至少 1 张照片`, 'payload.photos');
  if (category.routing === 'place' && !p.placeId) throw new AppError('INPUT.INVALID', '请选择要反馈的站点或商户', 'payload.placeId');

  const day = shanghaiDay(now);
  const placeId = category.routing === 'place' ? p.placeId! : null;
  // A partner filing through Open311 has its own daily cap (its key's), counted the same way.
  const limit = via ? via.dailyLimit : DAILY_REPORT_LIMIT;
  const limitReached = via ? () => new AppError('RATE.LIMITED', `此接入方今天已提交 ${via.dailyLimit} 条，已达每日上限`) : dailyLimitReached;
  // The counter read here only refuses early; the transaction below decides. The text check runs
  // beside the reads (its answer is wasted only on a refusal). A retry of a stored request is not
  // looked up first (one read less on every submit): it passes the checks again, its photos are
  // already moved, and its insert finds the first report. Only at the limit is the request's report
  // looked for, so that a retry there still gets its answer.
  const text = [p.description, p.activity ?? '', p.address ?? ''].filter(Boolean).join('\n');
  const [today, place, regions, textCheck] = await Promise.all([
    limitsRepo(db).reportsOnDay(caller.openid, day),
    placeId ? repo.findPlace(placeId) : null,
    routingRegions(db, now.getTime()),
    checkUserText(caller.openid, text, 'payload.description').catch((err: unknown) => ({ refused: err })),
  ]);
  if (today.count >= limit) return answerRetry(db, caller, id, now, limitReached);
  if (placeId && !place) throw new AppError('INPUT.INVALID', '所选站点或商户不存在', 'payload.placeId');
  if (typeof textCheck === 'object' && textCheck && 'refused' in textCheck) throw textCheck.refused;

  let route: Route;
  if (place) {
    // Feedback on a place goes to the place's community, whatever the worker's own position.
    const community = regions.find((r) => r.id === place.communityId);
    const grid = place.gridId ? regions.find((r) => r.id === place.gridId) : undefined;
    const fromPoint = routeLocation(p.location.lng, p.location.lat, regions);
    route = {
      level: grid ? 'grid' : 'community',
      gridId: grid?.id ?? null,
      gridName: grid?.name ?? '',
      communityId: place.communityId,
      communityName: community?.name ?? '',
      districtId: fromPoint.districtId,
    };
  } else {
    route = routeLocation(p.location.lng, p.location.lat, regions);
  }

  if (via && (!route.communityId || !via.communities.includes(route.communityId))) {
    throw new AppError('AUTH.FORBIDDEN', `该位置属于${route.communityName || '区级统筹'}，不在此接入方可提交的社区范围内`, 'payload.location');
  }

  const stored = [...(await checkImages(caller.openid, await moveToMedia(photos, 'payload.photos'))), ...(await checkImages(caller.openid, via?.mediaUrls ?? []))];
  const actorName = via ? via.source.name : nameOf(caller, '上报人');
  const timeline: TimelineEntry[] = [{ at: now, action: 'submit', status: 'submitted', actor: { openid: caller.openid, role: 'reporter', name: actorName }, note: '' }];
  const doc: ReportDoc = {
    _id: id,
    kind: p.kind,
    category: category.code,
    categoryName: category.name,
    status: 'submitted',
    description: p.description,
    textCheck,
    photos: stored,
    location: { type: 'Point', coordinates: [p.location.lng, p.location.lat] },
    coords: { lat: p.location.lat, lng: p.location.lng },
    address: p.address ?? '',
    placeId,
    placeName: place?.name ?? '',
    placeOwner: place?.ownerOpenid ?? null,
    hours: p.kind === 'volunteer' ? (p.hours ?? null) : null,
    activity: p.kind === 'volunteer' ? (p.activity ?? '') : '',
    reporter: caller.openid,
    route,
    communityId: route.communityId,
    gridId: route.gridId,
    districtId: route.districtId,
    assignee: null,
    assigneeName: '',
    meTooCount: 0,
    reward: category.kind === 'issue' && !via ? category.points : 0,
    points: 0,
    slaHours: category.slaHours,
    dueAt: dueAtFor(now, category.slaHours),
    resolution: null,
    rating: null,
    rejectReason: '',
    duplicateOf: null,
    timeline,
    notify: creditsFrom(p.subscribe),
    requestId: p.requestId,
    ...(via ? { source: via.source } : {}),
    day,
    overdueCounted: false,
    createdAt: now,
    updatedAt: now,
  };
  try {
    const saved = await insertCounted(db, caller.openid, day, doc, now, limit, limitReached);
    return viewFor(saved, caller, now, { relation: 'reporter' });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // The same request again (a retry, or two at once): the first one's report is the answer, counted once.
    return answerRetry(db, caller, id, now, () => err as Error);
  }
}

/** A request whose report may be stored already: that report, or `otherwise()` thrown. */
async function answerRetry(db: Db, caller: Caller, id: string, now: Date, otherwise: () => Error): Promise<ReportView> {
  const first = await reportsRepo(db).find(id);
  if (first && first.reporter === caller.openid) return viewFor(first, caller, now, { relation: 'reporter' });
  // Only an erased account's report can sit on this id: never the new account's to see or reuse.
  if (first) throw new AppError('INPUT.INVALID', '请求编号已被使用，请重新提交', 'payload.requestId');
  throw otherwise();
}

const dailyLimitReached = () => new AppError('RATE.LIMITED', `每人每天最多上报 ${DAILY_REPORT_LIMIT} 条，明天再来吧`);

/**
 * Inserts the report and counts it against the day's limit in one transaction, so parallel submits
 * cannot all pass a count taken before any of them landed. A copy of a request already stored (a
 * retry racing the first) answers with the stored report and counts nothing.
 */
async function insertCounted(db: Db, openid: string, day: string, doc: ReportDoc, now: Date, limit = DAILY_REPORT_LIMIT, reached = dailyLimitReached): Promise<ReportDoc> {
  const repo = reportsRepo(db);
  try {
    return await inTransactionRetrying(
      db,
      async (tx) => {
        const today = await txReportsOnDay(tx, openid, day);
        if (today.count >= limit) {
          const first = await repo.txFind(tx, doc._id);
          if (first) return first;
          throw reached();
        }
        await repo.txCreate(tx, doc);
        // The reporter's activity mark (on the day's first report in this community) and the
        // report's place in the dashboard's rollups commit with it.
        const key = communityKey(doc.communityId);
        const mark = !today.marked.includes(key);
        await txSetReportsOnDay(tx, openid, day, { count: today.count + 1, marked: mark ? [...today.marked, key] : today.marked }, now);
        if (mark) await markActivity(tx, openid, doc.communityId, now);
        await applyRollups(tx, new RollupChanges().report(null, doc), now);
        return doc;
      },
      COUNTER_RETRY.tries,
      COUNTER_RETRY.baseMs,
      COUNTER_RETRY.maxWaitMs,
    );
  } catch (err) {
    if (isTransactionConflict(err)) throw new AppError('RATE.BUSY', '提交太频繁了，请稍后再试（本次没有保存）');
    throw err;
  }
}

export async function nearby(db: Db, caller: Caller, p: { location: { lat: number; lng: number }; category?: string; radius?: number }): Promise<NearbyItem[]> {
  const repo = reportsRepo(db);
  const rows = await repo.nearby({ lng: p.location.lng, lat: p.location.lat, radius: p.radius ?? NEARBY_RADIUS_M, category: p.category, limit: NEARBY_LIMIT });
  const joined = await repo.meTooOf(caller.openid, rows.filter((r) => r.reporter !== caller.openid).map((r) => r._id));
  const urls = await tempUrls(rows.flatMap((r) => fileIdsFor(r, r.reporter === caller.openid ? 'reporter' : 'none', caller.openid, true)));
  return rows.map((r) => toNearbyItem(r, r.distance, caller.openid, joined.has(r._id), urls));
}

/**
 * 我也遇到了: one per person per report, counted on the report; who joined is never shown to others.
 * The join document's `_id` is <reportId>_<openid>, so a second tap fails its insert (and aborts the
 * transaction) instead of counting twice — no read of it needed on the way in.
 */
export async function meToo(db: Db, caller: Caller, p: IdPayload, now = new Date()): Promise<MeTooResult> {
  const repo = reportsRepo(db);
  try {
    return await inTransaction(db, async (tx) => {
      const report = await repo.txFind(tx, p.id);
      if (!report) throw notFound();
      if (report.reporter === caller.openid) throw new AppError('INPUT.INVALID', '这是你自己的上报', 'payload.id');
      if (report.kind !== 'issue' || !ACTIVE_ISSUE_STATUSES.includes(report.status)) throw new AppError('SNAPSHOT.BAD_STATE', '这条上报已处理完毕，如问题仍在请重新上报');
      await repo.txAddMeToo(tx, { _id: meTooId(p.id, caller.openid), reportId: p.id, openid: caller.openid, createdAt: now });
      await repo.txUpdate(tx, p.id, { meTooCount: report.meTooCount + 1 });
      return { id: p.id, meTooCount: report.meTooCount + 1, meTooByMe: true };
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const report = await repo.find(p.id);
    return { id: p.id, meTooCount: report?.meTooCount ?? 0, meTooByMe: true };
  }
}

export async function getReport(db: Db, caller: Caller, p: IdPayload, now = new Date()): Promise<ReportView> {
  const repo = reportsRepo(db);
  const report = await repo.find(p.id);
  if (!report) throw notFound();
  const viewer = viewerOf(caller);
  let relation = relationOf(report, viewer);
  if (relation === 'none') {
    if (!(await repo.hasMeToo(report._id, caller.openid))) throw new AppError('AUTH.FORBIDDEN', '没有权限查看这条上报');
    relation = 'meToo';
  }
  const reporterUser = relation === 'staff' ? await usersRepo(db).find(report.reporter) : null;
  return viewFor(report, caller, now, { relation, meTooByMe: relation === 'meToo', reporterUser });
}

const MINE_STATUSES: Record<'open' | 'toRate' | 'done', ReportStatus[]> = {
  // For the reporter a resolved report still waits on them (the rating).
  open: ['submitted', 'accepted', 'dispatched', 'reopened', 'resolved'],
  toRate: ['resolved'],
  done: ['closed', 'rejected', 'duplicate', 'verified'],
};

export async function listMine(db: Db, caller: Caller, p: ListMinePayload, now = new Date()): Promise<Page<ReportSummary>> {
  const where: ReportFilter = { reporter: caller.openid };
  if (p.status && p.status !== 'all') where.status = MINE_STATUSES[p.status];
  if (p.kind) where.kind = p.kind;
  return pageOfReports(db, { where, sortField: 'createdAt', dir: 'desc', cursor: p.cursor, pageSize: p.pageSize }, caller, now, () => 'reporter');
}

// ---- staff -----------------------------------------------------------------------------------

/** The communities the caller may see: a filter on `communityId`, or FORBIDDEN for a community outside the scope. */
function scopeFilter(caller: Caller, communityId: string | undefined): Pick<ReportFilter, 'community'> {
  if (communityId === 'district') {
    // Reports routed to no community wait in the district queue: an admin's alone (inStaffScope of null).
    if (!inStaffScope(viewerOf(caller), null)) throw new AppError('AUTH.FORBIDDEN', '街道/区级待分派队列只有区管理员可以查看');
    return { community: { is: null } };
  }
  const communities = listScope(viewerOf(caller), communityId, '只能查看自己负责社区的上报');
  if (communities === null) return {};
  return { community: communityId ? { is: communities[0] } : { in: communities } };
}

const DUE_ORDERED: ReadonlyArray<QueuePayload['status']> = ['open', 'submitted', 'accepted', 'dispatched', 'reopened'];

export async function queue(db: Db, caller: Caller, p: QueuePayload, now = new Date()): Promise<Page<ReportSummary>> {
  const where: ReportFilter = { ...scopeFilter(caller, p.communityId) };
  const status = p.status ?? 'open';
  if (p.overdue) {
    const open = status === 'open' || status === 'all' ? OPEN_STATUSES : OPEN_STATUSES.filter((s) => s === status);
    where.status = [...open];
    where.dueBefore = now;
  } else if (status === 'open') {
    where.status = [...OPEN_STATUSES];
  } else if (status !== 'all') {
    where.status = status;
  }
  if (p.kind) where.kind = p.kind;
  if (p.category) where.category = p.category;
  // Work still to do comes most overdue first (earliest deadline); history comes newest first.
  const byDue = p.overdue || DUE_ORDERED.includes(status);
  return pageOfReports(db, { where, sortField: byDue ? 'dueAt' : 'createdAt', dir: byDue ? 'asc' : 'desc', cursor: p.cursor, pageSize: p.pageSize }, caller, now, () => 'staff');
}

export async function queueCounts(db: Db, caller: Caller, now = new Date()): Promise<QueueCounts> {
  return reportsRepo(db).counts(scopeFilter(caller, undefined), now);
}

interface TransitionResult {
  report: ReportDoc;
  template: TemplateKey | null;
}

/**
 * The shape of every transition: read the report inside a transaction (CloudBase locks it, so a
 * concurrent change conflicts and is retried against the new state), let the lifecycle table
 * decide, write the new state, its timeline entry and the messages together. Subscribe messages
 * go out after the commit (they are outside effects and must not be repeated by a retry).
 */
async function transition(
  db: Db,
  caller: Caller,
  id: string,
  pick: (report: ReportDoc) => TransitionAction,
  apply: (ctx: { tx: Tx; report: ReportDoc; action: TransitionAction; rollups: RollupChanges }) => Promise<{ patch: Partial<ReportDoc>; note: string; facts?: Partial<TransitionFacts> }>,
  now: Date,
): Promise<TransitionResult> {
  const repo = reportsRepo(db);
  const viewer = viewerOf(caller);
  const result = await inTransactionRetrying(db, async (tx) => {
    const report = await repo.txFind(tx, id);
    if (!report) throw notFound();
    const action = pick(report);
    const d = decide(report, action, viewer);
    if (!d.ok) throw new AppError(d.code, d.message);
    const rollups = new RollupChanges();
    const { patch, note, facts } = await apply({ tx, report, action, rollups });
    // Counted overdue until it leaves the open states or gets a fresh deadline (reopen).
    if (report.overdueCounted && (!OPEN_STATUSES.includes(d.to) || action === 'reopen')) patch.overdueCounted = false;
    const role = action === 'resolve' ? 'gridworker' : action === 'close' || action === 'reopen' ? 'reporter' : staffRole(caller.roles, report.communityId, viewer.scopes);
    const actorName = nameOf(caller, role === 'reporter' ? '上报人' : '工作人员');
    const entry: TimelineEntry = { at: now, action, status: d.to, actor: { openid: caller.openid, role, name: actorName }, note };
    const template = templateFor(action);
    const credits = report.notify ?? {};
    const useCredit = !!template && (credits[template] ?? 0) > 0;
    const next: ReportDoc = {
      ...report,
      ...patch,
      status: d.to,
      timeline: [...report.timeline, entry],
      notify: useCredit ? { ...credits, ...patch.notify, [template!]: (credits[template!] ?? 0) - 1 } : { ...credits, ...patch.notify },
      updatedAt: now,
    };
    await repo.txUpdate(tx, id, { ...patch, status: next.status, timeline: next.timeline, notify: next.notify, updatedAt: now });
    // Staff decisions (accept, reject, duplicate, verify, dispatch) join the audit trail, in the same transaction.
    if (TRANSITIONS[action].actor === 'staff') {
      await appendAudit(tx, { actor: caller.openid, action: `snapshot.${action}`, target: { type: 'report', id }, before: { status: report.status, assignee: report.assignee }, after: { status: d.to, assignee: next.assignee, note }, at: now, names: auditNames([id, reportAuditName(report)]) });
    }
    // Nobody reads an erased reporter's messages, and a partner system (Open311) follows its requests
    // through the API with no in-app inbox: none are written for either.
    const messages: MessageDoc[] = messagesFor(next, action, { actorName, ...facts }, now).filter((m) => !((next.reporterErased || next.source) && m.openid === next.reporter));
    await messagesRepo(db).txAdd(tx, messages);
    // The dashboard's counters last: they are the documents other transitions of the day share.
    rollups.report(report, next);
    await applyRollups(tx, rollups, now);
    return { report: next, template: useCredit ? template : null };
  });
  if (result.template && !result.report.reporterErased) {
    const ids = templateIds(process.env.SUBSCRIBE_TEMPLATES);
    const last = result.report.timeline[result.report.timeline.length - 1];
    await sendSubscribeMessage({ touser: result.report.reporter, templateId: ids[result.template], page: `${DETAIL_PAGE}?id=${result.report._id}`, data: subscribeData(result.report, last.note, now) });
  }
  return result;
}

export async function review(db: Db, caller: Caller, p: ReviewPayload, now = new Date()): Promise<ReportView> {
  const repo = reportsRepo(db);
  const rules = p.decision === 'accept' ? await cachedPointsRules(db) : null;
  const { report } = await transition(
    db,
    caller,
    p.id,
    (r) => (p.decision === 'accept' ? (r.kind === 'volunteer' ? 'verify' : 'accept') : p.decision),
    async ({ tx, report, action, rollups }) => {
      if (action === 'accept' || action === 'verify') {
        // An erased reporter's report is still handled, but nobody is paid for it.
        const delta = report.reporterErased ? 0 : action === 'accept' ? report.reward : Math.round((report.hours ?? 0) * rules!.perVolunteerHour);
        let paid = 0;
        if (delta > 0) {
          // The report was `submitted` inside this transaction, so its award key cannot exist yet.
          const posted = await postEntry(
            tx,
            {
              key: `${action === 'accept' ? 'award' : 'volunteer'}:${report._id}`,
              openid: report.reporter,
              delta,
              kind: action === 'accept' ? 'award' : 'volunteer',
              reason: action === 'accept' ? `随手拍「${report.categoryName}」被受理` : `志愿服务「${report.activity}」${report.hours} 小时`,
              ref: { type: 'report', id: report._id },
              actor: caller.openid,
              // Counted with the report (its day and community): the acceptance changes one rollup document.
              countedIn: { day: reportDay(report), communityId: report.communityId },
            },
            now,
            rules!,
            { fresh: true, rollups },
          );
          paid = posted.entry.delta;
        }
        return { patch: { points: paid }, note: paid > 0 ? `奖励 ${paid} 积分` : '', facts: { points: paid } };
      }
      if (action === 'reject') return { patch: { rejectReason: p.reason ?? '' }, note: p.reason ?? '', facts: { reason: p.reason } };
      // duplicate: the original must be a real, live report the same staff can see.
      const original = await repo.txFind(tx, p.duplicateOf!);
      if (!original || original.kind !== 'issue' || original.status === 'rejected' || original.status === 'duplicate' || !inStaffScope(viewerOf(caller), original.communityId)) {
        throw new AppError('INPUT.INVALID', '重复的原上报不存在或不可用', 'payload.duplicateOf');
      }
      return { patch: { duplicateOf: original._id }, note: `与「${original.categoryName}」${original.address ? `（${original.address}）` : ''}的上报重复${p.reason ? `：${p.reason}` : ''}`, facts: { reason: p.reason } };
    },
    now,
  );
  return viewFor(report, caller, now, { relation: 'staff' });
}

export async function assignees(db: Db, caller: Caller, p: IdPayload, now = new Date()): Promise<AssigneeView[]> {
  const repo = reportsRepo(db);
  const report = await repo.find(p.id);
  if (!report) throw notFound();
  if (!inStaffScope(viewerOf(caller), report.communityId)) throw new AppError('AUTH.FORBIDDEN', '没有权限处理这条上报');
  const regions = await routingRegions(db, now.getTime());
  const grids = eligibleGrids(report, regions);
  const users = await repo.gridworkersFor(grids);
  const open = await repo.openTasksOf(users.map((u) => u._id));
  const names = new Map(regions.map((r) => [r.id, r.name]));
  return users
    .map((u) => ({
      openid: u._id,
      name: u.profile?.name || '网格员',
      grids: (u.scopes?.gridworker ?? []).filter((g) => !grids || grids.includes(g)).map((g) => names.get(g) ?? g),
      openTasks: open.get(u._id) ?? 0,
    }))
    .sort((a, b) => a.openTasks - b.openTasks || a.name.localeCompare(b.name, 'zh'));
}

/** Grids whose grid workers may take a report: its grid; else its community's grids; else (district queue) any. */
function eligibleGrids(report: ReportDoc, regions: Awaited<ReturnType<typeof routingRegions>>): string[] | null {
  if (report.gridId) return [report.gridId];
  if (report.communityId) return gridsOfCommunity(regions, report.communityId);
  return null;
}

export async function dispatch(db: Db, caller: Caller, p: DispatchPayload, now = new Date()): Promise<ReportView> {
  const repo = reportsRepo(db);
  const regions = await routingRegions(db, now.getTime());
  const { report } = await transition(
    db,
    caller,
    p.id,
    () => 'dispatch',
    async ({ tx, report }) => {
      const user = await repo.txFindUser(tx, p.assignee);
      const grids = eligibleGrids(report, regions);
      const theirs = user?.scopes?.gridworker ?? [];
      if (!user || user.status !== 'active' || !user.roles.includes('gridworker') || (grids && !theirs.some((g) => grids.includes(g)))) {
        throw new AppError('INPUT.INVALID', '请选择负责该网格的网格员', 'payload.assignee');
      }
      const name = publicName(user) || '网格员';
      return {
        patch: { assignee: user._id, assigneeName: name },
        note: `派给网格员${name}${p.note ? `：${p.note}` : ''}`,
        facts: { assigneeName: name },
      };
    },
    now,
  );
  return viewFor(report, caller, now, { relation: 'staff' });
}

// ---- grid workers ----------------------------------------------------------------------------

export async function tasks(db: Db, caller: Caller, p: TasksPayload, now = new Date()): Promise<Page<ReportSummary>> {
  const todo = (p.status ?? 'todo') === 'todo';
  const where: ReportFilter = { assignee: caller.openid, status: todo ? ['dispatched', 'reopened'] : ['resolved', 'closed'] };
  return pageOfReports(db, { where, sortField: todo ? 'dueAt' : 'updatedAt', dir: todo ? 'asc' : 'desc', cursor: p.cursor, pageSize: p.pageSize }, caller, now, () => 'assignee');
}

export async function resolve(db: Db, caller: Caller, p: ResolvePayload, now = new Date()): Promise<ReportView> {
  const photos = ownFiles(p.photos, caller.openid, 'payload.photos');
  const textCheck = await checkUserText(caller.openid, p.note, 'payload.note');
  const stored = await checkImages(caller.openid, await moveToMedia(photos, 'payload.photos'));
  const name = nameOf(caller, '网格员');
  const { report } = await transition(
    db,
    caller,
    p.id,
    () => 'resolve',
    async () => ({
      patch: { resolution: { note: p.note, textCheck, photos: stored, at: now, by: caller.openid, byName: name } },
      note: p.note,
    }),
    now,
  );
  return viewFor(report, caller, now, { relation: 'assignee' });
}

// ---- the reporter's rating -------------------------------------------------------------------

export async function rate(db: Db, caller: Caller, p: RatePayload, now = new Date()): Promise<ReportView> {
  const textCheck = p.comment ? await checkUserText(caller.openid, p.comment, 'payload.comment') : 'pass';
  // A comment held for review is kept for the record but not passed on to the grid worker's message.
  const comment = p.comment ?? '';
  const { report } = await transition(
    db,
    caller,
    p.id,
    () => (p.fixed ? 'close' : 'reopen'),
    async ({ report, action }) => {
      const patch: Partial<ReportDoc> = { rating: { score: p.score, fixed: p.fixed, comment, textCheck, at: now } };
      // Sent back for another try: a fresh deadline, and any new subscriptions for the next result.
      if (action === 'reopen') {
        patch.dueAt = dueAtFor(now, report.slaHours);
        patch.notify = creditsFrom(p.subscribe, report.notify);
      }
      const note = `${p.score} 星 · ${p.fixed ? '已解决' : '未解决'}${comment && textCheck === 'pass' ? `：${comment}` : ''}`;
      return { patch, note, facts: { comment: textCheck === 'pass' ? comment : '' } };
    },
    now,
  );
  return viewFor(report, caller, now, { relation: 'reporter' });
}

// ---- merchants -------------------------------------------------------------------------------

export async function placeFeedback(db: Db, caller: Caller, p: PagePayload, now = new Date()): Promise<Page<ReportSummary>> {
  return pageOfReports(db, { where: { placeOwner: caller.openid }, sortField: 'createdAt', dir: 'desc', cursor: p.cursor, pageSize: p.pageSize }, caller, now, () => 'placeOwner');
}

// ---- messages --------------------------------------------------------------------------------

function toMessageView(m: MessageDoc): MessageView {
  return { id: m._id, title: m.title, body: m.body, reportId: m.reportId, read: m.read, createdAt: new Date(m.createdAt).toISOString() };
}

export async function listMessages(db: Db, caller: Caller, p: PagePayload): Promise<Page<MessageView> & { unread: number }> {
  const repo = messagesRepo(db);
  const size = p.pageSize ?? DEFAULT_PAGE;
  const [rows, unread] = await Promise.all([repo.page(caller.openid, decodeCursor(p.cursor), size + 1), repo.unread(caller.openid)]);
  const page = pageOf(rows, size, (m) => m.createdAt);
  return { items: page.rows.map(toMessageView), nextCursor: page.nextCursor, unread };
}

export async function unreadCount(db: Db, caller: Caller): Promise<{ unread: number }> {
  return { unread: await messagesRepo(db).unread(caller.openid) };
}

export async function markRead(db: Db, caller: Caller, p: MarkReadPayload): Promise<{ unread: number }> {
  const repo = messagesRepo(db);
  await repo.markRead(caller.openid, p.ids);
  return { unread: await repo.unread(caller.openid) };
}
