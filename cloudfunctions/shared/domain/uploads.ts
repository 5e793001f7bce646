// Where files live, and which of them a caller may attach to what they send. Clients write only
// under their own upload directory (database/storage-rules.json); functions move what is submitted
// to `media/`, which no client can write, and check and serve only that copy.
import { createHash } from 'node:crypto';
import { AppError } from '../errors';

/** Files functions moved out of upload directories: written only server-side, never by a client. */
export const MEDIA_DIR = 'media';

/**
 * Where a person's photos are uploaded. Derived from the openid, so the server can tell whose upload
 * a fileID is, but one-way: the path (visible in fileIDs and URLs) never shows who took the photo.
 */
export function uploadDirFor(openid: string): string {
  return `snapshot/u${createHash('sha256').update(`upload\n${openid}`).digest('hex').slice(0, 20)}`;
}

/** The cloud path inside a `cloud://<env>.<bucket>/<path>` fileID ('' for anything else). */
export function cloudPathOf(fileID: string): string {
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID);
  return m ? m[1] : '';
}

/** A file directly in the caller's upload directory: what Taro.cloud.uploadFile gave them. */
export function isOwnUpload(fileID: string, openid: string): boolean {
  const dir = `${uploadDirFor(openid)}/`;
  const p = cloudPathOf(fileID);
  return p.startsWith(dir) && p.length > dir.length && !p.slice(dir.length).includes('/') && !p.includes('..');
}

/**
 * Where a function moves an upload. The same source always lands on the same path, so a retried
 * action finds its file already moved instead of failing; the hash keeps the uploader's directory
 * out of the new path. The file name stays (storage's copy keeps names).
 */
export function mediaPathFor(uploadPath: string): string {
  const name = uploadPath.slice(uploadPath.lastIndexOf('/') + 1);
  return `${MEDIA_DIR}/${createHash('sha256').update(`media\n${uploadPath}`).digest('hex').slice(0, 24)}/${name}`;
}

/**
 * The one check every action that takes file ids runs: each must be the caller's own upload, or a
 * file already attached to the thing being edited (`kept`). Returns the ids without repeats.
 * Anything else — another person's upload, a moved copy of something else, an export — is refused
 * before any storage call, so there is neither a signed URL nor an existence oracle for it.
 */
export function ownFiles(fileIds: readonly (string | null | undefined)[], openid: string, field: string, kept: readonly string[] = []): string[] {
  const unique = [...new Set(fileIds.filter((x): x is string => !!x))];
  for (const id of unique) {
    if (!isOwnUpload(id, openid) && !kept.includes(id)) throw new AppError('INPUT.INVALID', '图片需由本人在小程序内拍摄或上传', field);
  }
  return unique;
}
