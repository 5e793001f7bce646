import type { PhotoCheck } from '../contracts/snapshot';
import type { MessageDoc } from '../domain/messages';
import type { ReportDoc, StoredPhoto } from '../domain/report';
import { mediaRepo } from '../repositories/media';
import { messagesRepo } from '../repositories/messages';
import { reportsRepo } from '../repositories/reports';
import { inTransaction, type Db, type Tx } from '../repositories/transactions';

/** What WeChat pushes when an async media check finishes (mediaCheckAsync 2.0). */
export interface MediaCheckEvent {
  MsgType?: string;
  Event?: string;
  trace_id?: string;
  result?: { suggest?: string; label?: number };
}

/** What a verdict does to a photo: `review` (the checker wants a person) goes to the staff image-review queue. */
export type Outcome = { check: PhotoCheck } | { staffReview: true };

export function checkFromSuggest(suggest: string | undefined): Outcome | null {
  if (suggest === 'pass') return { check: 'approved' };
  if (suggest === 'risky') return { check: 'rejected' };
  if (suggest === 'review') return { staffReview: true };
  return null;
}

/** Applies an outcome to the photos carrying `key` (a trace id, or a fileID for staff decisions). */
export function flip(photos: readonly StoredPhoto[], match: (p: StoredPhoto) => boolean, outcome: Outcome): { photos: StoredPhoto[]; hit: StoredPhoto | null } {
  let hit: StoredPhoto | null = null;
  const out = photos.map((p) => {
    if (!match(p)) return p;
    hit = p;
    if ('staffReview' in outcome) return { ...p, check: 'pending' as const, staffReview: true as const };
    const { staffReview: _drop, ...rest } = p;
    return { ...rest, check: outcome.check };
  });
  return { photos: out, hit };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Holder = { kind: 'report'; id: string } | { kind: 'place'; id: string } | { kind: 'reward'; id: string };

async function findHolder(db: Db, traceId: string): Promise<Holder | null> {
  const media = mediaRepo(db);
  const [report, place, reward] = await Promise.all([reportsRepo(db).findByTraceId(traceId), media.placeByTrace(traceId), media.rewardByTrace(traceId)]);
  if (report) return { kind: 'report', id: report._id };
  if (place) return { kind: 'place', id: place._id };
  if (reward) return { kind: 'reward', id: reward._id };
  return null;
}

/**
 * Applies an outcome to the image `match` picks in one holder (report and resolution photos, place
 * images, reward image), in the caller's transaction. Returns the image as it was, or null when the
 * holder has no such image. A photo of a report that turns out rejected is reported to its uploader.
 */
export async function applyToHolder(tx: Tx, db: Db, holder: Holder, match: (p: StoredPhoto) => boolean, outcome: Outcome, now: Date, msgKey: string): Promise<StoredPhoto | null> {
  const media = mediaRepo(db);
  if (holder.kind === 'place') {
    const place = await media.txPlace(tx, holder.id);
    const r = flip(place?.imageChecks ?? [], match, outcome);
    if (!place || !r.hit) return null;
    await media.txUpdatePlace(tx, holder.id, { imageChecks: r.photos });
    return r.hit;
  }
  if (holder.kind === 'reward') {
    const reward = await media.txReward(tx, holder.id);
    const r = flip(reward?.imageCheck ? [reward.imageCheck] : [], match, outcome);
    if (!reward || !r.hit) return null;
    await media.txUpdateReward(tx, holder.id, { imageCheck: r.photos[0] });
    return r.hit;
  }
  const report = await media.txReport(tx, holder.id);
  if (!report) return null;
  const own = flip(report.photos, match, outcome);
  const res = report.resolution ? flip(report.resolution.photos, match, outcome) : { photos: [], hit: null };
  if (!own.hit && !res.hit) return null;
  const patch: Partial<ReportDoc> = {};
  if (own.hit) patch.photos = own.photos;
  if (res.hit && report.resolution) patch.resolution = { ...report.resolution, photos: res.photos };
  await media.txUpdateReport(tx, holder.id, patch);
  const hit = (own.hit ?? res.hit)!;
  if ('check' in outcome && outcome.check === 'rejected' && hit.check !== 'rejected') {
    const uploader = own.hit ? report.reporter : report.resolution!.by;
    const msg: MessageDoc = {
      _id: `m-${holder.id}-img-${msgKey.replace(/[^A-Za-z0-9]/g, '').slice(-16)}`,
      openid: uploader,
      kind: 'report',
      title: '有一张照片未通过内容审核',
      body: `你在「${report.categoryName}」中上传的一张照片未通过内容审核，已对他人隐藏。`,
      reportId: holder.id,
      read: false,
      createdAt: now,
    };
    await messagesRepo(db).txAdd(tx, [msg]);
  }
  return hit;
}

/**
 * Records a verdict and applies it to the image it is about (a report or resolution photo, a place's
 * licence or photo, a reward's image). The verdict can arrive before the thing that asked for it is
 * written (the check is requested just before the insert), so the lookup is retried briefly; a
 * verdict that never finds its image writes nothing. Trace ids never leave the server (no reply or
 * export carries one), and only WeChat's message push can invoke this (see wxmessage).
 */
export async function onMediaVerdict(db: Db, event: MediaCheckEvent, now = new Date(), retryDelaysMs: number[] = [200, 500, 1000, 1500]): Promise<{ applied: boolean }> {
  const traceId = typeof event.trace_id === 'string' ? event.trace_id : '';
  const outcome = checkFromSuggest(event.result?.suggest);
  if (event.Event !== 'wxa_media_check' || !traceId || !outcome) return { applied: false };

  let holder = await findHolder(db, traceId);
  for (const delay of retryDelaysMs) {
    if (holder) break;
    await sleep(delay);
    holder = await findHolder(db, traceId);
  }
  // A trace id no image carries is not ours (or is forged): nothing is written for it.
  if (!holder) return { applied: false };
  const found = holder;
  await mediaRepo(db).recordVerdict(traceId, { suggest: event.result?.suggest ?? '', label: event.result?.label ?? null, holder: found, at: now });
  const hit = await inTransaction(db, (tx) => applyToHolder(tx, db, found, (p) => p.traceId === traceId, outcome, now, traceId));
  return { applied: !!hit };
}
