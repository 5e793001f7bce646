import { cloudPathOf, MEDIA_DIR, mediaPathFor } from '../domain/uploads';
import { AppError } from '../errors';
import { getApp } from '../runtime/app';

/** How long a temporary URL handed to a client stays valid. */
const TEMP_URL_SECONDS = 2 * 3600;

/**
 * Temporary HTTPS URLs for stored files, in one storage call for a whole page of results.
 * weapp can show `cloud://` fileIDs directly, H5 cannot, so replies carry both.
 * Unknown or deleted files map to ''.
 */
export async function tempUrls(fileIds: string[]): Promise<Record<string, string>> {
  const unique = [...new Set(fileIds.filter((id) => typeof id === 'string' && id.startsWith('cloud://')))];
  if (unique.length === 0) return {};
  const out: Record<string, string> = {};
  // The storage API takes at most 50 files per call.
  for (let i = 0; i < unique.length; i += 50) {
    const batch = unique.slice(i, i + 50);
    const res = await getApp().getTempFileURL({ fileList: batch.map((fileID) => ({ fileID, maxAge: TEMP_URL_SECONDS })) });
    for (const f of res.fileList ?? []) out[f.fileID] = f.code === 'SUCCESS' ? f.tempFileURL : '';
  }
  return out;
}

/** Stores a file the functions made (an export) and returns its fileID. */
export async function uploadFile(cloudPath: string, content: Buffer): Promise<string> {
  const { fileID } = await getApp().uploadFile({ cloudPath, fileContent: content });
  return fileID;
}

/** A photo as the front end shows it. */
export interface PhotoView {
  fileID: string;
  url: string;
}

export function photoViews(fileIds: string[], urls: Record<string, string>): PhotoView[] {
  return fileIds.map((fileID) => ({ fileID, url: urls[fileID] ?? '' }));
}

/**
 * Moves the caller's uploads to `media/` (mediaPathFor), a path only functions write, and returns
 * the new fileIDs in the same order. What is checked and served is this copy: the uploader can no
 * longer change its bytes. One storage call for up to 50 files (copyFile with removeOriginal, as
 * @cloudbase/node-sdk sends `storage.batchCopyFile`). A file already moved by an earlier try of the
 * same action is found at its media path; an upload that is gone is refused in Chinese.
 * `fileIds` must already have passed ownFiles; ids already under media/ are kept as they are.
 */
export async function moveToMedia(fileIds: string[], field: string): Promise<string[]> {
  const out = new Map<string, string>();
  const toMove = fileIds.filter((id) => !cloudPathOf(id).startsWith(`${MEDIA_DIR}/`));
  for (const id of fileIds) if (!toMove.includes(id)) out.set(id, id);
  for (let i = 0; i < toMove.length; i += 50) {
    const batch = toMove.slice(i, i + 50);
    const moves = batch.map((id) => {
      const srcPath = cloudPathOf(id);
      const dstPath = mediaPathFor(srcPath);
      return { id, srcPath, dstPath, dstId: `${id.slice(0, id.length - srcPath.length)}${dstPath}` };
    });
    // overwrite: false — a media copy never changes once made, even if its source path is uploaded again.
    const res = (await getApp().copyFile({ fileList: moves.map((m) => ({ srcPath: m.srcPath, dstPath: m.dstPath, overwrite: false, removeOriginal: true })) })) as {
      code?: string;
      fileList?: Array<{ fileId?: string; code?: string }>;
    };
    const retry: typeof moves = [];
    moves.forEach((m, k) => {
      const item = res.fileList?.[k];
      if (!res.code && item?.fileId) out.set(m.id, item.fileId);
      else retry.push(m);
    });
    if (retry.length) {
      // Not moved now: moved already (a retried action), or the upload is gone.
      const urls = await tempUrls(retry.map((m) => m.dstId));
      for (const m of retry) {
        if (!urls[m.dstId]) throw new AppError('INPUT.INVALID', '有照片已失效，请重新上传后再提交', field);
        out.set(m.id, m.dstId);
      }
    }
  }
  return fileIds.map((id) => out.get(id)!);
}
