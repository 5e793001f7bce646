// The storage side of erasing a person (use-case: usecases/privacy.ts deleteMe). Every step finds the
// documents that still name the person and rewrites them; a rewritten document no longer matches,
// so each step pages by re-querying until nothing is left, and a retry after a failure picks up
// where the last run stopped.
import { getApp, type Db, type Tx } from '../runtime/app';

type Doc = Record<string, any>;

const PAGE = 100;

/** Object values replace the stored value whole (the SDK would otherwise merge them field by field). */
function whole(db: Db, patch: Record<string, unknown>): Record<string, unknown> {
  const _ = db.command;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) out[k] = v !== null && typeof v === 'object' && !(v instanceof Date) ? _.set(v) : v;
  return out;
}

export function erasureRepo(db: Db) {
  const _ = db.command;
  /**
   * Calls `each` for every document of `collection` matching any of `conds`, re-querying after
   * each page; `each` must make the document stop matching. Stops if a page makes no progress.
   */
  async function forEachNaming(collection: string, conds: object[], each: (doc: Doc) => Promise<void>): Promise<number> {
    const where = conds.length === 1 ? conds[0] : _.or(conds as any[]);
    let done = 0;
    let previous = '';
    for (;;) {
      const res = await db.collection(collection).where(where).limit(PAGE).get();
      const docs = res.data as Doc[];
      const ids = docs.map((d) => d._id).join(',');
      if (docs.length === 0 || ids === previous) return done;
      previous = ids;
      for (const d of docs) await each(d);
      done += docs.length;
    }
  }

  return {
    forEachNaming,

    /** Like forEachNaming, over the messages about a report that went to anyone but `openid`. */
    async forEachMessageToOthers(collection: string, reportId: string, openid: string, each: (doc: Doc) => Promise<void>): Promise<number> {
      return forEachNaming(collection, [{ reportId, openid: _.neq(openid) }], each);
    },

    /** One write, no transaction: for documents nothing else changes (audit and ledger entries, messages). */
    async patchDoc(collection: string, id: string, patch: Record<string, unknown>): Promise<void> {
      if (Object.keys(patch).length) await db.collection(collection).doc(id).update(whole(db, patch));
    },

    async removeWhere(collection: string, where: object): Promise<void> {
      await db.collection(collection).where(where).remove();
    },

    async removeDoc(collection: string, id: string): Promise<void> {
      await db.collection(collection).doc(id).remove();
    },

    /** Deletes stored files; files already gone are fine (a retry, or a file moved away before). */
    async deleteFiles(fileIds: string[]): Promise<void> {
      const unique = [...new Set(fileIds.filter((f) => typeof f === 'string' && f.startsWith('cloud://')))];
      for (let i = 0; i < unique.length; i += 50) await getApp().deleteFile({ fileList: unique.slice(i, i + 50) });
    },
  };
}

/** Reads one document inside a transaction. */
export async function txGet(tx: Tx, collection: string, id: string): Promise<Doc | null> {
  const d = (await tx.collection(collection).doc(id).get()).data as Doc | Doc[] | null;
  return (Array.isArray(d) ? d[0] : d) ?? null;
}

export async function txPatch(db: Db, tx: Tx, collection: string, id: string, patch: Record<string, unknown>): Promise<void> {
  if (Object.keys(patch).length) await tx.collection(collection).doc(id).update(whole(db, patch));
}

/** Moves a document to a new `_id` (ledger keys that carried the openid), once: a retry finds it moved. */
export async function txMove(tx: Tx, collection: string, from: string, to: Doc & { _id: string }): Promise<void> {
  if (!(await txGet(tx, collection, to._id))) await tx.collection(collection).add(to);
  await tx.collection(collection).doc(from).remove();
}
