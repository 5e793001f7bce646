import type { z } from 'zod';
import type {
  applyPayload,
  getPayload,
  listPayload,
  managePayload,
  nearbyPayload,
  NearbyResult,
  Page,
  PlaceDetail,
  PlaceOwnView,
  queuePayload,
  ReviewItem,
  reviewPayload,
  suspendPayload,
  updatePayload,
  upsertStationPayload,
  WeeklyHours,
} from '../contracts/place';
import { upcomingClosedDays, weekIntervals } from '../domain/hours';
import {
  canSee,
  editsGoLive,
  fileIdsOf,
  isOwner,
  normalizeOffers,
  placeIdFor,
  publicText,
  toDetail,
  toGeoPoint,
  toNearbyItem,
  toOwnView,
  type PendingChange,
  type PlaceDoc,
} from '../domain/place';
import { decodeOffsetCursor, nextOffsetCursor } from '../domain/cursor';
import { inStaffScope, listScope, viewerOf } from '../domain/scope';
import { AppError, forbidden } from '../errors';
import { appendAudit, auditNames } from '../repositories/audit';
import { tempUrls } from '../repositories/files';
import { ownFiles } from '../domain/uploads';
import { attachImages } from './media';
import { COUNTER_RETRY, txOpenApplications, txSetOpenApplications } from '../repositories/limits';
import { placesRepo, txFindPlace, txUpdatePlace } from '../repositories/places';
import { isDuplicateKey, txGrantMerchant } from '../repositories/users';
import { checkText, SCENE, type Verdict } from '../repositories/wechat';
import { inTransaction, inTransactionRetrying, isTransactionConflict, type Db, type Tx } from '../repositories/transactions';
import { RollupChanges, type PlaceFacts } from '../domain/rollups';
import { applyRollups } from '../repositories/rollups';
import type { Caller } from '../domain/user';

const facts = (d: Pick<PlaceDoc, 'type' | 'status' | 'communityId'>): PlaceFacts => ({ type: d.type, status: d.status, communityId: d.communityId ?? null });

/** The dashboard's place counts move with the place, in the transaction that moves it. */
function countPlace(tx: Tx, before: PlaceDoc | null, after: Partial<PlaceDoc> | null, now: Date): Promise<void> {
  const next = after && before ? { ...before, ...after } : (after as PlaceDoc | null);
  const changes = new RollupChanges().place(before ? facts(before) : null, next ? facts(next) : null);
  return changes.size ? applyRollups(tx, changes, now) : Promise.resolve();
}

type NearbyInput = z.output<typeof nearbyPayload>;
type GetInput = z.output<typeof getPayload>;
type ApplyInput = z.output<typeof applyPayload>;
type ListInput = z.output<typeof listPayload>;
type UpdateInput = z.output<typeof updatePayload>;
type QueueInput = z.output<typeof queuePayload>;
type ReviewInput = z.output<typeof reviewPayload>;
type StationInput = z.output<typeof upsertStationPayload>;
type SuspendInput = z.output<typeof suspendPayload>;
type ManageInput = z.output<typeof managePayload>;

/** A worker may have this many applications waiting at once (against spam). */
export const MAX_OPEN_APPLICATIONS = 3;

const notFound = () => new AppError('PLACE.NOT_FOUND', '地点不存在或已下线');
const outOfArea = () => new AppError('INPUT.INVALID', '所选位置不在本街区的服务范围内，请重新选择', 'payload.location');
const risky = () => new AppError('CONTENT.RISKY', '填写的内容包含不适宜发布的信息，请修改后再提交');

/** Checks text others will read; risky text is refused before anything is stored. */
async function screen(openid: string, text: string): Promise<Verdict> {
  if (!text.trim()) return 'pass';
  const { verdict } = await checkText({ openid, scene: SCENE.profile, content: text });
  if (verdict === 'risky') throw risky();
  return verdict;
}

function normalizeHours(h: WeeklyHours, now: Date): WeeklyHours {
  const out: WeeklyHours = { weekly: h.weekly.map((d) => d.map((r) => ({ open: r.open, close: r.close }))) };
  if (h.is24h) out.is24h = true;
  const closed = upcomingClosedDays(h.closedDays, now);
  if (closed.length) out.closedDays = closed;
  return out;
}

async function withUrls<T>(docs: PlaceDoc[], own: (d: PlaceDoc) => boolean, build: (d: PlaceDoc, urls: Record<string, string>) => T): Promise<T[]> {
  const urls = await tempUrls(docs.flatMap((d) => fileIdsOf(d, own(d))));
  return docs.map((d) => build(d, urls));
}

async function ownView(doc: PlaceDoc, caller: Caller, now: Date): Promise<PlaceOwnView> {
  const [view] = await withUrls([doc], () => true, (d, urls) => toOwnView(d, viewerOf(caller), now, urls));
  return view;
}


function pick<T extends object>(obj: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in obj) out[k] = (obj as Record<string, unknown>)[k];
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);


// ---- finding places --------------------------------------------------------------------------

/** Approved places around a location, nearest first, one database query per page. */
export async function nearby(db: Db, _caller: Caller | null, p: NearbyInput, now = new Date()): Promise<NearbyResult> {
  const offset = decodeOffsetCursor(p.cursor);
  const docs = await placesRepo(db).nearby({
    center: p.location,
    radius: p.radius,
    type: p.type,
    services: p.services,
    openAt: p.openNow ? now : undefined,
    offset,
    // One more than a page tells whether there is a next one, in the same query.
    limit: p.pageSize + 1,
  });
  const items = docs.slice(0, p.pageSize).map((d) => toNearbyItem(d, p.location, now));
  return { items, nextCursor: nextOffsetCursor(docs.length, offset, p.pageSize), radius: p.radius };
}

export async function getPlace(db: Db, caller: Caller, p: GetInput, now = new Date()): Promise<PlaceDetail | PlaceOwnView> {
  const doc = await placesRepo(db).find(p.id);
  const viewer = viewerOf(caller);
  if (!doc || !canSee(viewer, doc)) throw notFound();
  const own = isOwner(viewer, doc) || inStaffScope(viewer, doc.communityId) || (!!doc.reviewQueue && inStaffScope(viewer, doc.reviewQueue));
  const [view] = await withUrls([doc], () => own, (d, urls) => (own ? toOwnView(d, viewer, now, urls, p.location) : toDetail(d, viewer, now, urls, p.location)));
  return view;
}

// ---- merchants -------------------------------------------------------------------------------

export async function apply(db: Db, caller: Caller, p: ApplyInput, now = new Date()): Promise<PlaceOwnView> {
  const repo = placesRepo(db);
  const id = placeIdFor('merchant', caller.openid, p.requestId);
  // A retried request returns what the first one made, and checks nothing again.
  const existing = await repo.find(id);
  if (existing && existing.ownerOpenid === caller.openid) return ownView(existing, caller, now);
  // Only an erased account's application can sit on this id: never the new account's.
  if (existing) throw new AppError('INPUT.INVALID', '请求编号已被使用，请重新提交', 'payload.requestId');

  ownFiles([p.licencePhoto], caller.openid, 'payload.licencePhoto');
  ownFiles(p.photos, caller.openid, 'payload.photos');
  const offers = normalizeOffers(p.offers);
  const verdict = await screen(caller.openid, publicText({ name: p.name, address: p.address, offers }));
  const region = await repo.locate(p.location);
  if (!region) throw outOfArea();
  // Refuses early, before anything is written; the transaction below decides.
  if ((await repo.countOpenApplications(caller.openid)) >= MAX_OPEN_APPLICATIONS) throw tooManyApplications();
  // With everything else checked: the licence and photos move to media/ and are checked there.
  const licence = await attachImages(caller.openid, [p.licencePhoto], 'payload.licencePhoto');
  const pictures = await attachImages(caller.openid, p.photos, 'payload.photos');

  const hours = normalizeHours(p.hours, now);
  const profile = caller.user?.profile;
  const doc: PlaceDoc = {
    _id: id,
    type: 'merchant',
    name: p.name,
    status: 'pending',
    ownerOpenid: caller.openid,
    communityId: region.communityId,
    gridId: region.gridId,
    location: toGeoPoint(p.location),
    address: p.address,
    phone: p.phone,
    services: p.services,
    offers,
    hours,
    openWeek: weekIntervals(hours),
    photos: p.photos.map(pictures.idOf),
    licencePhoto: licence.idOf(p.licencePhoto),
    imageChecks: [...licence.added, ...pictures.added],
    createdAt: now,
    updatedAt: now,
    createdBy: caller.openid,
    reviewedBy: null,
    reviewedAt: null,
    rejectReason: null,
    suspendReason: null,
    pendingChange: null,
    reviewQueue: region.communityId,
    reviewQueuedAt: now,
    lastReview: null,
    contentFlag: verdict === 'review' ? 'review' : null,
    applicant: profile ? { name: profile.name, phone: profile.phone } : null,
    requestId: p.requestId,
  };
  try {
    await inTransactionRetrying(
      db,
      async (tx) => {
        await claimApplicationSlot(tx, caller.openid, id, now);
        await repo.txCreate(tx, doc);
        await countPlace(tx, null, doc, now);
      },
      COUNTER_RETRY.tries,
      COUNTER_RETRY.baseMs,
      COUNTER_RETRY.maxWaitMs,
    );
  } catch (err) {
    if (isTransactionConflict(err)) throw new AppError('RATE.BUSY', '提交太频繁了，请稍后再试（本次没有保存）');
    if (!isDuplicateKey(err)) throw err;
    // Two copies of the same request raced; the first one won and was counted once.
    const first = await repo.find(id);
    if (!first) throw err;
    return ownView(first, caller, now);
  }
  return ownView(doc, caller, now);
}

const tooManyApplications = () => new AppError('RATE.LIMITED', `你已有 ${MAX_OPEN_APPLICATIONS} 个申请在审核中，请等审核结果出来后再申请`);

/**
 * Counts an application that becomes pending (a new one, or a rejected one sent back) against
 * MAX_OPEN_APPLICATIONS, in the transaction that makes it pending: parallel applications all write
 * the person's one counter document, so at most one of them commits per count.
 */
async function claimApplicationSlot(tx: Tx, openid: string, placeId: string, now: Date): Promise<void> {
  const open = (await txOpenApplications(tx, openid)).filter((id) => id !== placeId);
  if (open.length >= MAX_OPEN_APPLICATIONS) throw tooManyApplications();
  await txSetOpenApplications(tx, openid, [...open, placeId], now);
}

export async function mine(db: Db, caller: Caller, p: ListInput, now = new Date()): Promise<Page<PlaceOwnView>> {
  const offset = decodeOffsetCursor(p.cursor);
  const docs = await placesRepo(db).listByOwner(caller.openid, offset, p.pageSize + 1);
  const page = docs.slice(0, p.pageSize);
  const viewer = viewerOf(caller);
  return {
    items: await withUrls(page, () => true, (d, urls) => toOwnView(d, viewer, now, urls)),
    nextCursor: nextOffsetCursor(docs.length, offset, p.pageSize),
  };
}

/**
 * The owner edits their place. Pending and rejected applications change in place (a rejected one goes
 * back to review). On an approved or suspended place, phone, services, hours and offers change at once
 * and are audited; name, address, location, licence and photos wait for staff in `pendingChange`, and
 * so do offers the content check wants a person to read.
 */
export async function update(db: Db, caller: Caller, p: UpdateInput, now = new Date()): Promise<PlaceOwnView> {
  const repo = placesRepo(db);
  // Files the place already has may be sent back as they are; anything new must be the caller's own upload.
  const current = p.licencePhoto !== undefined || p.photos ? await repo.find(p.id) : null;
  const kept = current && isOwner(viewerOf(caller), current) ? fileIdsOf(current, true) : [];
  ownFiles([p.licencePhoto], caller.openid, 'payload.licencePhoto', kept);
  ownFiles(p.photos ?? [], caller.openid, 'payload.photos', kept);
  // Outside the transaction: it may re-run, and these have no effects to repeat.
  const textVerdict = p.name !== undefined || p.address !== undefined ? await screen(caller.openid, publicText({ name: p.name, address: p.address })) : 'pass';
  const offers = p.offers ? normalizeOffers(p.offers) : undefined;
  const offersVerdict = offers ? await screen(caller.openid, publicText({ offers })) : 'pass';
  const region = p.location ? await repo.locate(p.location) : null;
  if (p.location && !region) throw outOfArea();
  const licence = await attachImages(caller.openid, [p.licencePhoto], 'payload.licencePhoto', kept);
  const pictures = await attachImages(caller.openid, p.photos ?? [], 'payload.photos', kept);
  const licencePhoto = p.licencePhoto === undefined ? undefined : licence.idOf(p.licencePhoto);
  const photos = p.photos ? p.photos.map(pictures.idOf) : undefined;
  const addedChecks = [...licence.added, ...pictures.added];

  const saved = await inTransaction(db, async (tx) => {
    const doc = await txFindPlace(tx, p.id);
    if (!doc) throw notFound();
    if (!isOwner(viewerOf(caller), doc)) throw forbidden('只能修改自己的店铺');

    const next: Partial<PlaceDoc> = {};
    if (p.phone !== undefined && p.phone !== doc.phone) next.phone = p.phone;
    if (p.services && !same(p.services, doc.services)) next.services = p.services;
    if (p.hours) {
      const hours = normalizeHours(p.hours, now);
      if (!same(hours, doc.hours)) {
        next.hours = hours;
        next.openWeek = weekIntervals(hours);
      }
    }
    const changedOffers = offers ? normalizeOffers(p.offers!, doc.offers) : undefined;
    const offersChanged = !!changedOffers && !same(changedOffers, doc.offers);

    const reviewed: Partial<PendingChange> = {};
    if (p.name !== undefined && p.name !== doc.name) reviewed.name = p.name;
    if (p.address !== undefined && p.address !== doc.address) reviewed.address = p.address;
    if (p.location && !same(toGeoPoint(p.location), doc.location)) reviewed.location = toGeoPoint(p.location);
    if (licencePhoto !== undefined && licencePhoto !== doc.licencePhoto) reviewed.licencePhoto = licencePhoto;
    if (photos && !same(photos, doc.photos)) reviewed.photos = photos;

    let queued = false;
    if (editsGoLive(doc.status)) {
      Object.assign(next, reviewed.location ? { ...reviewed, communityId: region!.communityId, gridId: region!.gridId } : reviewed);
      if (offersChanged) next.offers = changedOffers;
      const flagged = textVerdict === 'review' || offersVerdict === 'review';
      if (flagged && (Object.keys(reviewed).length > 0 || offersChanged)) next.contentFlag = 'review';
      if (doc.status === 'rejected' && Object.keys(next).length > 0) {
        // Fixing a rejected application is applying again, and counts as one.
        await claimApplicationSlot(tx, caller.openid, doc._id, now);
        next.status = 'pending';
        next.rejectReason = null;
      }
      if (Object.keys(next).length > 0) {
        queued = true;
        next.reviewQueue = next.communityId ?? doc.communityId;
        next.reviewQueuedAt = doc.status === 'pending' && doc.reviewQueuedAt ? doc.reviewQueuedAt : now;
      }
    } else {
      if (offersChanged) {
        if (offersVerdict === 'review') reviewed.offers = changedOffers;
        else next.offers = changedOffers;
      }
      if (Object.keys(reviewed).length > 0) {
        const prior = doc.pendingChange;
        const communityId = region && reviewed.location ? region.communityId : prior?.communityId ?? doc.communityId;
        const gridId = region && reviewed.location ? region.gridId : prior?.gridId ?? doc.gridId;
        next.pendingChange = { ...(prior ?? {}), ...reviewed, communityId, gridId, submittedAt: now };
        next.reviewQueue = communityId;
        next.reviewQueuedAt = doc.reviewQueuedAt ?? now;
        next.contentFlag = textVerdict === 'review' || reviewed.offers ? 'review' : prior ? doc.contentFlag : null;
        queued = true;
      }
    }
    if (Object.keys(next).length === 0) return doc;

    next.updatedAt = now;
    if (addedChecks.length) next.imageChecks = [...(doc.imageChecks ?? []).filter((c) => !addedChecks.some((a) => a.fileID === c.fileID)), ...addedChecks];
    await txUpdatePlace(db, tx, doc._id, next);
    await countPlace(tx, doc, next, now);
    const changed = Object.keys(next).filter((k) => !['updatedAt', 'openWeek', 'reviewQueue', 'reviewQueuedAt', 'contentFlag', 'imageChecks'].includes(k));
    await appendAudit(tx, {
      actor: caller.openid,
      action: 'place.update',
      target: { type: 'place', id: doc._id },
      before: pick(doc, changed),
      after: { ...pick(next, changed), queuedForReview: queued },
      at: now,
      names: auditNames([doc._id, next.name ?? doc.name]),
    });
    return { ...doc, ...next } as PlaceDoc;
  });
  return ownView(saved, caller, now);
}

// ---- staff -----------------------------------------------------------------------------------

/** Which communities' places a staff call covers: their scope, narrowed to one if asked; null = all (admin). */
const scopedCommunities = (caller: Caller, communityId: string | undefined) => listScope(viewerOf(caller), communityId, '只能查看本社区的地点');

export async function queue(db: Db, caller: Caller, p: QueueInput, now = new Date()): Promise<Page<ReviewItem>> {
  const communities = scopedCommunities(caller, p.communityId);
  if (communities && communities.length === 0) return { items: [], nextCursor: null };
  const offset = decodeOffsetCursor(p.cursor);
  const repo = placesRepo(db);
  const docs = await repo.queue(communities, offset, p.pageSize + 1);
  const page = docs.slice(0, p.pageSize);
  // Grids are regions too: one lookup names both the reviewing community and the place's grid.
  const gridOf = (d: (typeof page)[number]) => (d.pendingChange?.location ? d.pendingChange.gridId : d.gridId) ?? null;
  const names = await repo.communityNames([...page.map((d) => d.reviewQueue ?? d.communityId), ...page.map(gridOf).filter((g): g is string => !!g)]);
  const viewer = viewerOf(caller);
  const items = await withUrls(page, () => true, (d, urls) => ({
    ...toOwnView(d, viewer, now, urls),
    kind: d.status === 'pending' ? ('application' as const) : ('change' as const),
    applicant: d.ownerOpenid ? { openid: d.ownerOpenid, name: d.applicant?.name ?? '', phone: d.applicant?.phone ?? '' } : null,
    communityName: names[d.reviewQueue ?? d.communityId] ?? '',
    gridName: names[gridOf(d) ?? ''] ?? '',
  }));
  return { items, nextCursor: nextOffsetCursor(docs.length, offset, p.pageSize) };
}

/**
 * Approves or rejects what waits on a place: a new application, or a change to an approved place.
 * Approving an application makes the applicant a merchant of this place in the same transaction.
 */
export async function review(db: Db, caller: Caller, p: ReviewInput, now = new Date()): Promise<PlaceOwnView> {
  const saved = await inTransaction(db, async (tx) => {
    const doc = await txFindPlace(tx, p.id);
    const viewer = viewerOf(caller);
    if (!doc) throw notFound();
    if (!doc.reviewQueue) throw new AppError('PLACE.NOT_PENDING', '这条申请已经处理过了，请刷新列表');
    if (!inStaffScope(viewer, doc.reviewQueue)) throw forbidden('只能审核本社区的申请');
    if (isOwner(viewer, doc)) throw forbidden('不能审核自己提交的申请');

    const kind = doc.status === 'pending' ? 'application' : 'change';
    const reason = p.decision === 'reject' ? p.reason ?? null : null;
    const next: Partial<PlaceDoc> = {
      reviewQueue: null,
      reviewQueuedAt: null,
      reviewedBy: caller.openid,
      reviewedAt: now,
      lastReview: { decision: p.decision, kind, reason, at: now, by: caller.openid },
      contentFlag: null,
      updatedAt: now,
    };
    if (kind === 'application') {
      next.status = p.decision === 'approve' ? 'approved' : 'rejected';
      next.rejectReason = reason;
    } else {
      const change = doc.pendingChange;
      next.pendingChange = null;
      if (p.decision === 'approve' && change) {
        const { submittedAt: _s, ...fields } = change;
        Object.assign(next, fields);
      }
    }
    await txUpdatePlace(db, tx, doc._id, next);
    await countPlace(tx, doc, next, now);
    const grantsMerchant = kind === 'application' && p.decision === 'approve' && doc.type === 'merchant' && !!doc.ownerOpenid;
    if (grantsMerchant) {
      await txGrantMerchant(db, tx, doc.ownerOpenid!, doc._id, now);
    }
    await appendAudit(tx, {
      actor: caller.openid,
      action: 'place.review',
      target: { type: 'place', id: doc._id },
      before: { status: doc.status, pendingChange: doc.pendingChange },
      after: { status: next.status ?? doc.status, decision: p.decision, kind, reason, ...(grantsMerchant ? { merchant: doc.ownerOpenid } : {}) },
      at: now,
      names: auditNames([doc._id, next.name ?? doc.name]),
    });
    return { ...doc, ...next } as PlaceDoc;
  });
  return ownView(saved, caller, now);
}

/** Staff create and edit the stations of their communities directly (no review). */
export async function upsertStation(db: Db, caller: Caller, p: StationInput, now = new Date()): Promise<PlaceOwnView> {
  const repo = placesRepo(db);
  const viewer = viewerOf(caller);
  const region = await repo.locate(p.location);
  if (!region) throw outOfArea();
  if (!inStaffScope(viewer, region.communityId)) throw forbidden('只能管理本社区的服务站');
  const hours = normalizeHours(p.hours, now);
  // Station photos: the staff member's own uploads (or ones the station already has), moved and checked like any image.
  const current = p.id ? await repo.find(p.id) : null;
  const pictures = await attachImages(caller.openid, p.photos, 'payload.photos', current?.type === 'station' && inStaffScope(viewer, current.communityId) ? current.photos : []);
  const photos = p.photos.map(pictures.idOf);

  if (!p.id) {
    const id = placeIdFor('station', caller.openid, p.requestId!);
    const doc: PlaceDoc = {
      _id: id,
      type: 'station',
      name: p.name,
      status: 'approved',
      ownerOpenid: null,
      communityId: region.communityId,
      gridId: region.gridId,
      location: toGeoPoint(p.location),
      address: p.address,
      phone: p.phone ?? '',
      services: p.services,
      offers: normalizeOffers(p.offers),
      hours,
      openWeek: weekIntervals(hours),
      photos,
      licencePhoto: null,
      imageChecks: pictures.added,
      createdAt: now,
      updatedAt: now,
      createdBy: caller.openid,
      reviewedBy: caller.openid,
      reviewedAt: now,
      rejectReason: null,
      suspendReason: null,
      pendingChange: null,
      reviewQueue: null,
      reviewQueuedAt: null,
      lastReview: null,
      contentFlag: null,
      applicant: null,
      requestId: p.requestId ?? null,
    };
    // Created and audited together; a retried request finds the station it made and writes nothing.
    const saved = await inTransaction(db, async (tx) => {
      const first = await txFindPlace(tx, id);
      if (first) return first;
      await placesRepo(db).txCreate(tx, doc);
      await appendAudit(tx, { actor: caller.openid, action: 'place.createStation', target: { type: 'place', id }, before: null, after: { name: doc.name, communityId: doc.communityId }, at: now, names: auditNames([id, doc.name]) });
      await countPlace(tx, null, doc, now);
      return doc;
    });
    return ownView(saved, caller, now);
  }

  const saved = await inTransaction(db, async (tx) => {
    const doc = await txFindPlace(tx, p.id!);
    if (!doc || doc.type !== 'station') throw notFound();
    // Both the community it is in and the one it moves to must be the caller's.
    if (!inStaffScope(viewer, doc.communityId)) throw forbidden('只能管理本社区的服务站');
    const next: Partial<PlaceDoc> = {
      name: p.name,
      address: p.address,
      phone: p.phone ?? '',
      location: toGeoPoint(p.location),
      communityId: region.communityId,
      gridId: region.gridId,
      services: p.services,
      offers: normalizeOffers(p.offers, doc.offers),
      hours,
      openWeek: weekIntervals(hours),
      photos,
      updatedAt: now,
    };
    if (pictures.added.length) next.imageChecks = [...(doc.imageChecks ?? []), ...pictures.added];
    const changed = Object.keys(next).filter((k) => k !== 'updatedAt' && k !== 'openWeek' && k !== 'imageChecks' && !same((next as Record<string, unknown>)[k], (doc as unknown as Record<string, unknown>)[k]));
    if (changed.length === 0) return doc;
    await txUpdatePlace(db, tx, doc._id, next);
    await countPlace(tx, doc, next, now);
    await appendAudit(tx, { actor: caller.openid, action: 'place.updateStation', target: { type: 'place', id: doc._id }, before: pick(doc, changed), after: pick(next, changed), at: now, names: auditNames([doc._id, next.name ?? doc.name]) });
    return { ...doc, ...next } as PlaceDoc;
  });
  return ownView(saved, caller, now);
}

/** Takes an approved place off the map (or puts it back), with the reason the owner will see. */
export async function suspend(db: Db, caller: Caller, p: SuspendInput, now = new Date()): Promise<PlaceOwnView> {
  const saved = await inTransaction(db, async (tx) => {
    const doc = await txFindPlace(tx, p.id);
    if (!doc) throw notFound();
    if (!inStaffScope(viewerOf(caller), doc.communityId)) throw forbidden('只能管理本社区的地点');
    const from = p.suspended ? 'approved' : 'suspended';
    if (doc.status !== from) {
      throw new AppError('PLACE.BAD_STATE', p.suspended ? '只能暂停已通过审核的地点' : '这个地点没有被暂停');
    }
    const next: Partial<PlaceDoc> = p.suspended
      ? { status: 'suspended', suspendReason: p.reason ?? null, updatedAt: now }
      : { status: 'approved', suspendReason: null, updatedAt: now };
    await txUpdatePlace(db, tx, doc._id, next);
    await countPlace(tx, doc, next, now);
    await appendAudit(tx, {
      actor: caller.openid,
      action: p.suspended ? 'place.suspend' : 'place.resume',
      target: { type: 'place', id: doc._id },
      before: { status: doc.status },
      after: { status: next.status, reason: p.reason ?? null },
      at: now,
      names: auditNames([doc._id, doc.name]),
    });
    return { ...doc, ...next } as PlaceDoc;
  });
  return ownView(saved, caller, now);
}

export async function manage(db: Db, caller: Caller, p: ManageInput, now = new Date()): Promise<Page<PlaceOwnView>> {
  const communities = scopedCommunities(caller, p.communityId);
  if (communities && communities.length === 0) return { items: [], nextCursor: null };
  const offset = decodeOffsetCursor(p.cursor);
  const docs = await placesRepo(db).manage({ communityIds: communities, type: p.type, status: p.status }, offset, p.pageSize + 1);
  const page = docs.slice(0, p.pageSize);
  const viewer = viewerOf(caller);
  return {
    items: await withUrls(page, () => true, (d, urls) => toOwnView(d, viewer, now, urls)),
    nextCursor: nextOffsetCursor(docs.length, offset, p.pageSize),
  };
}
