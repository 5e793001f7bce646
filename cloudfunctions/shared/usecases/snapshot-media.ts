import type { PhotoCheck } from '../contracts/snapshot';
import type { MessageDoc } from '../domain/messages';
import type { ReportDoc, StoredPhoto } from '../domain/report';
import { messagesRepo } from '../repositories/messages';
import { reportsRepo } from '../repositories/reports';
import { inTransaction, type Db } from '../runtime/app';

export const MEDIA_CHECKS_COLLECTION = 'media_checks';

/** What WeChat pushes when an async media check finishes (mediaCheckAsync 2.0). */
export interface MediaCheckEvent {
  MsgType?: string;
  Event?: string;
  trace_id?: string;
  result?: { suggest?: string; label?: number };
}

/** `review` has no human image-review flow here, so it is treated like `risky`: hidden from others. */
export function checkFromSuggest(suggest: string | undefined): PhotoCheck | null {
  if (suggest === 'pass') return 'approved';
  if (suggest === 'risky' || suggest === 'review') return 'rejected';
  return null;
}

function flip(photos: StoredPhoto[], traceId: string, check: PhotoCheck): { photos: StoredPhoto[]; hit: StoredPhoto | null } {
  let hit: StoredPhoto | null = null;
  const out = photos.map((p) => {
    if (p.traceId !== traceId) return p;
    hit = p;
    return { ...p, check };
  });
  return { photos: out, hit };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Records a verdict and flips the photo it is about from pending to approved or rejected. The
 * verdict can arrive before the report that asked for it is written (the check is requested just
 * before the insert), so the lookup is retried briefly; a verdict that never finds its photo writes
 * nothing. Trace ids never leave the server (no reply or export carries one), and only WeChat's
 * message push can invoke this (see wxmessage).
 */
export async function onMediaVerdict(db: Db, event: MediaCheckEvent, now = new Date(), retryDelaysMs: number[] = [200, 500, 1000, 1500]): Promise<{ applied: boolean }> {
  const traceId = typeof event.trace_id === 'string' ? event.trace_id : '';
  const check = checkFromSuggest(event.result?.suggest);
  if (event.Event !== 'wxa_media_check' || !traceId || !check) return { applied: false };

  const repo = reportsRepo(db);
  let found: ReportDoc | null = await repo.findByTraceId(traceId);
  for (const delay of retryDelaysMs) {
    if (found) break;
    await sleep(delay);
    found = await repo.findByTraceId(traceId);
  }
  // A trace id no photo carries is not ours (or is forged): nothing is written for it.
  if (!found) return { applied: false };
  await db
    .collection(MEDIA_CHECKS_COLLECTION)
    .doc(traceId)
    .set({ suggest: event.result?.suggest ?? '', label: event.result?.label ?? null, check, reportId: found._id, at: now });

  const reportId = found._id;
  await inTransaction(db, async (tx) => {
    const report = await repo.txFind(tx, reportId);
    if (!report) return;
    const own = flip(report.photos, traceId, check);
    const res = report.resolution ? flip(report.resolution.photos, traceId, check) : { photos: [], hit: null };
    const patch: Partial<ReportDoc> = {};
    if (own.hit) patch.photos = own.photos;
    if (res.hit && report.resolution) patch.resolution = { ...report.resolution, photos: res.photos };
    if (!own.hit && !res.hit) return;
    await repo.txUpdate(tx, reportId, patch);
    const hit = own.hit ?? res.hit;
    if (check === 'rejected' && hit && hit.check !== 'rejected') {
      const uploader = own.hit ? report.reporter : report.resolution!.by;
      const msg: MessageDoc = {
        _id: `m-${reportId}-img-${traceId.replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}`,
        openid: uploader,
        kind: 'report',
        title: '有一张照片未通过内容审核',
        body: `你在「${report.categoryName}」中上传的一张照片未通过内容审核，已对他人隐藏。`,
        reportId,
        read: false,
        createdAt: now,
      };
      await messagesRepo(db).txAdd(tx, [msg]);
    }
  });
  return { applied: true };
}
