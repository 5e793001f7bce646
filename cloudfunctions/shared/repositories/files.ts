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

/** A photo as the front end shows it. */
export interface PhotoView {
  fileID: string;
  url: string;
}

export function photoViews(fileIds: string[], urls: Record<string, string>): PhotoView[] {
  return fileIds.map((fileID) => ({ fileID, url: urls[fileID] ?? '' }));
}
