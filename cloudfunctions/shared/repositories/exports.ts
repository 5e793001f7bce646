// Export files (user.exportMine, stats.export): stored under an unguessable path that names no one,
// handed to the requester only as a short-lived temporary URL (storage rules let no client read
// exports/ directly), recorded so the filejobs timer deletes them soon after.
import { randomBytes } from 'node:crypto';
import { getApp, type Db, type Tx } from '../runtime/app';

export const EXPORTS_COLLECTION = 'exports';
/** How long the download link works. */
export const EXPORT_URL_SECONDS = 10 * 60;
/** How long the file itself is kept (the link, and a retry or two, fit well inside). */
export const EXPORT_TTL_MS = 30 * 60_000;

export interface ExportDoc {
  _id: string;
  fileID: string;
  openid: string;
  kind: string;
  createdAt: Date;
  deleteAt: Date;
}

/**
 * Uploads an export and signs a short link to it. Its record (what the filejobs timer deletes by) is
 * written by the caller with txRecordExport, in the transaction of the export's audit entry; if that
 * transaction fails, the caller drops the file with dropExport.
 */
export async function storeExport(o: { openid: string; kind: string; fileName: string; content: Buffer; now: Date }): Promise<{ fileID: string; url: string; record: ExportDoc }> {
  const key = randomBytes(16).toString('hex');
  // The file name is kept readable for the person who downloads it; the folder is the secret.
  const { fileID } = await getApp().uploadFile({ cloudPath: `exports/${key}/${o.fileName}`, fileContent: o.content });
  const record: ExportDoc = { _id: key, fileID, openid: o.openid, kind: o.kind, createdAt: o.now, deleteAt: new Date(o.now.getTime() + EXPORT_TTL_MS) };
  const res = await getApp().getTempFileURL({ fileList: [{ fileID, maxAge: EXPORT_URL_SECONDS }] });
  const item = res.fileList?.[0];
  return { fileID, url: item?.code === 'SUCCESS' ? item.tempFileURL : '', record };
}

export async function txRecordExport(tx: Tx, record: ExportDoc): Promise<void> {
  await tx.collection(EXPORTS_COLLECTION).add(record);
}

/** Best effort: an export whose recording failed is not kept. */
export async function dropExport(fileID: string): Promise<void> {
  await getApp().deleteFile({ fileList: [fileID] }).catch(() => undefined);
}

/** Erasure: every export a person made goes now, file and record. */
export async function removeExportsOf(db: Db, openid: string): Promise<void> {
  for (let page = 0; page < 20; page++) {
    const docs = (await db.collection(EXPORTS_COLLECTION).where({ openid }).limit(50).get()).data as ExportDoc[];
    if (docs.length === 0) return;
    await getApp().deleteFile({ fileList: docs.map((d) => d.fileID) });
    await db.collection(EXPORTS_COLLECTION).where({ _id: db.command.in(docs.map((d) => d._id)) }).remove();
  }
}

/** Deletes export files past their time, a page at a time; returns how many went. */
export async function purgeExports(db: Db, now: Date, pageSize = 50): Promise<number> {
  const _ = db.command;
  let deleted = 0;
  for (let page = 0; page < 20; page++) {
    const res = await db.collection(EXPORTS_COLLECTION).where({ deleteAt: _.lte(now) }).orderBy('deleteAt', 'asc').limit(pageSize).get();
    const docs = res.data as ExportDoc[];
    if (docs.length === 0) break;
    // A file already gone (deleted by an earlier, interrupted run) is fine: the record goes too.
    await getApp().deleteFile({ fileList: docs.map((d) => d.fileID) });
    await db.collection(EXPORTS_COLLECTION).where({ _id: _.in(docs.map((d) => d._id)) }).remove();
    deleted += docs.length;
    if (docs.length < pageSize) break;
  }
  return deleted;
}
