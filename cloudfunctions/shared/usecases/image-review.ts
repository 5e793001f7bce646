// The staff image-review queue: images whose automatic check could not be requested (or that the
// checker wanted a person to look at) wait here, hidden from everyone but their uploader, until staff
// of their community approve or reject them. Each decision is audited in its own transaction.
import type { ImageQueuePayload, ImageReviewItem, ReviewImagePayload } from '../contracts/snapshot';
import { reportAuditName, type StoredPhoto } from '../domain/report';
import { inStaffScope, listScope, viewerOf } from '../domain/scope';
import { AppError, forbidden } from '../errors';
import { appendAudit, auditNames } from '../repositories/audit';
import { tempUrls } from '../repositories/files';
import { mediaRepo } from '../repositories/media';
import { inTransaction, type Db } from '../repositories/transactions';
import type { Caller } from '../domain/user';
import { applyToHolder } from './snapshot-media';

/** Communities whose images the caller reviews: null = all (admins). */
const scopeOf = (caller: Caller, communityId: string | undefined) => listScope(viewerOf(caller), communityId, '只能审核自己负责社区的图片');

const waiting = (photos: readonly StoredPhoto[] | undefined) => (photos ?? []).filter((p) => p.staffReview);

export async function imageQueue(db: Db, caller: Caller, p: ImageQueuePayload): Promise<{ items: ImageReviewItem[] }> {
  const scope = scopeOf(caller, p.communityId);
  if (scope && scope.length === 0) return { items: [] };
  const { reports, places, rewards } = await mediaRepo(db).awaitingStaff(scope);
  const items: Omit<ImageReviewItem, 'url'>[] = [];
  const at = (d: Date) => new Date(d).toISOString();
  for (const r of reports) {
    for (const ph of waiting(r.photos)) items.push({ kind: 'report', id: r._id, title: r.categoryName, communityId: r.communityId, fileID: ph.fileID, createdAt: at(r.createdAt) });
    for (const ph of waiting(r.resolution?.photos)) items.push({ kind: 'resolution', id: r._id, title: `${r.categoryName}（处理结果）`, communityId: r.communityId, fileID: ph.fileID, createdAt: at(r.resolution!.at) });
  }
  for (const pl of places) for (const ph of waiting(pl.imageChecks)) items.push({ kind: 'place', id: pl._id, title: pl.name, communityId: pl.communityId, fileID: ph.fileID, createdAt: at(pl.updatedAt) });
  for (const rw of rewards) for (const ph of waiting(rw.imageCheck ? [rw.imageCheck] : [])) items.push({ kind: 'reward', id: rw._id, title: rw.title, communityId: rw.communityId, fileID: ph.fileID, createdAt: at(rw.updatedAt) });
  items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const urls = await tempUrls(items.map((i) => i.fileID));
  return { items: items.map((i) => ({ ...i, url: urls[i.fileID] ?? '' })) };
}

const notWaiting = () => new AppError('IMAGE.NOT_WAITING', '这张图片不在待审核列表中，可能已被其他人处理');

export async function reviewImage(db: Db, caller: Caller, p: ReviewImagePayload, now = new Date()): Promise<{ fileID: string; check: 'approved' | 'rejected' }> {
  const media = mediaRepo(db);
  const holder = { kind: p.kind === 'resolution' ? ('report' as const) : p.kind, id: p.id };
  const check = p.decision === 'approve' ? ('approved' as const) : ('rejected' as const);
  const viewer = viewerOf(caller);
  await inTransaction(db, async (tx) => {
    const place = holder.kind === 'place' ? await media.txPlace(tx, p.id) : null;
    const reward = holder.kind === 'reward' ? await media.txReward(tx, p.id) : null;
    const report = holder.kind === 'report' ? await media.txReport(tx, p.id) : null;
    const held = place ?? reward ?? report;
    if (!held) throw notWaiting();
    const community = held.communityId;
    if (!inStaffScope(viewer, community)) throw forbidden('只能审核自己负责社区的图片');
    // Only an image still waiting for staff: a decision never overrides the automatic check or another reviewer.
    const hit = await applyToHolder(tx, db, holder, (ph) => ph.fileID === p.fileID && !!ph.staffReview, { check }, now, p.fileID);
    if (!hit) throw notWaiting();
    await appendAudit(tx, {
      actor: caller.openid,
      action: `snapshot.reviewImage.${p.decision}`,
      target: { type: p.kind, id: p.id },
      before: { fileID: p.fileID, check: hit.check, waitingForStaff: true },
      after: { fileID: p.fileID, check },
      at: now,
      // A place or reward by its name, a report by its category and where it is: the trail never shows an id.
      names: auditNames([p.id, place?.name ?? reward?.title ?? (report ? reportAuditName(report) : null)]),
    });
  });
  return { fileID: p.fileID, check };
}
