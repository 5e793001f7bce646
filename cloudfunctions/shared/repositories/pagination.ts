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
