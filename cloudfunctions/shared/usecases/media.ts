// Images people attach to what they send (report and resolution photos, place licence and photos,
// reward images): one path for all of them. Each must be the caller's own upload (or already
// attached to the thing being edited); each new one is moved to media/, where no client can write,
// and that copy is what the image check sees and what is served — only once approved to anyone but
// the uploader. A copy whose check could not be requested waits for staff in the image-review queue.
import type { StoredPhoto } from '../domain/report';
import { ownFiles } from '../domain/uploads';
import { moveToMedia } from '../repositories/files';
import { requestImageCheck, SCENE } from '../repositories/wechat';

/** Asks for every image check at once. */
export async function checkImages(openid: string, fileIds: string[]): Promise<StoredPhoto[]> {
  return Promise.all(
    fileIds.map(async (fileID) => {
      const r = await requestImageCheck({ openid, scene: SCENE.forum, fileID }).catch(() => null);
      return r ? { fileID, check: 'pending' as const, traceId: r.traceId } : { fileID, check: 'pending' as const, staffReview: true as const };
    }),
  );
}

export interface AttachedImages {
  /** The stored fileID for each id the caller sent (their upload → its media copy; kept ones as they are). */
  idOf: (sent: string) => string;
  /** Checks for the newly attached copies (kept files keep the checks they have). */
  added: StoredPhoto[];
}

/**
 * Runs the shared ownership check over `sent` (ids the caller's payload carries), moves their own
 * uploads to media/ and requests checks for those copies. `kept`: files the thing already has.
 */
export async function attachImages(openid: string, sent: readonly (string | null | undefined)[], field: string, kept: readonly string[] = []): Promise<AttachedImages> {
  const ids = ownFiles(sent, openid, field, kept);
  const fresh = ids.filter((id) => !kept.includes(id));
  const moved = await moveToMedia(fresh, field);
  const map = new Map(fresh.map((id, i) => [id, moved[i]]));
  const added = await checkImages(openid, moved.filter((id) => !kept.includes(id)));
  return { idOf: (id) => map.get(id) ?? id, added };
}

/** Whether others may see a file: approved by the check. */
export function approvedIn(checks: readonly StoredPhoto[] | undefined, fileID: string): boolean {
  return !!checks?.some((c) => c.fileID === fileID && c.check === 'approved');
}
