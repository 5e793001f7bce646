import type { TimeCursor } from '../domain/cursor';
import type { Db } from '../runtime/app';

/**
 * The query condition for "after this cursor" in (field desc, _id desc) order, combined with the
 * page's filters: (field < at) or (field = at and _id < id).
 */
export function afterCursor(db: Db, filters: Record<string, unknown>, field: string, cursor: TimeCursor | null): unknown {
  if (!cursor) return filters;
  const _ = db.command;
  const at = new Date(cursor.at);
  const after = _.or([{ [field]: _.lt(at) }, { [field]: at, _id: _.lt(cursor.id) }]);
  return Object.keys(filters).length ? _.and([filters, after]) : after;
}

/**
 * Pages through a query in (time, _id) ascending order, 500 at a time: exports read everything a
 * scope holds without one giant query, and a document added meanwhile is neither skipped nor repeated.
 */
export async function* pagesByTime(db: Db, collection: string, where: Record<string, unknown>, timeField: string, pageSize = 500): AsyncGenerator<Array<Record<string, any>>> {
  const _ = db.command;
  let last: { at: Date; id: string } | null = null;
  for (;;) {
    const cond = last ? _.and([where, _.or([{ [timeField]: _.gt(last.at) }, { [timeField]: last.at, _id: _.gt(last.id) }])]) : where;
    const res = await db.collection(collection).where(cond).orderBy(timeField, 'asc').orderBy('_id', 'asc').limit(pageSize).get();
    const docs = res.data as Array<Record<string, any>>;
    if (docs.length) yield docs;
    if (docs.length < pageSize) return;
    const tail = docs[docs.length - 1];
    last = { at: new Date(tail[timeField]), id: tail._id };
  }
}

/**
 * Every document of a collection matching `where`, in _id order, `pageSize` at a time, with only the
 * fields asked for: the repair jobs read whole collections without one giant query.
 */
export async function* pagesById<T>(db: Db, collection: string, fields: string[], where: Record<string, unknown> = {}, pageSize = 1000): AsyncGenerator<Array<T & { _id: string }>> {
  const _ = db.command;
  const projection = Object.fromEntries(fields.map((f) => [f, true]));
  let after = '';
  for (;;) {
    const q = after ? { ...where, _id: _.gt(after) } : where;
    const page = (await db.collection(collection).where(q).orderBy('_id', 'asc').field(projection).limit(pageSize).get()).data as Array<T & { _id: string }>;
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]._id;
  }
}
