import { AppError } from '../errors';

/**
 * The page cursors of every paginated list, in one place. The client passes back what it was given
 * and never builds one, so a cursor is opaque: base64url of a small JSON value.
 *
 * Two kinds, because two kinds of order exist:
 * - keyset (time desc, _id desc) — `[at, id]`: stable while new documents arrive, unlike skip counts;
 *   every list ordered by time uses it.
 * - offset — `{ o: n }`: for orders no keyset can continue (places by distance from the caller,
 *   the review queue by waiting time then name), capped so a forged one cannot ask for a deep skip.
 * Every list reads one row more than it shows (pageOf, nextOffsetCursor): the extra row says there
 * is a next page, so a list never hands out a cursor to an empty last page.
 * The wire shapes are what earlier builds handed out, so a cursor a page already holds keeps working.
 * Whatever is wrong with a cursor — not base64, not JSON, the other kind, out of range — the caller
 * gets one clear INPUT.INVALID on `payload.cursor`, never INTERNAL.
 */
export interface TimeCursor {
  at: string; // ISO time of the last item
  id: string; // its _id, to break ties
}

/** The deepest offset a cursor may carry: 5 000 pages of 20. Offsets beyond it are refused. */
export const MAX_CURSOR_OFFSET = 100_000;

export const badCursor = () => new AppError('INPUT.INVALID', '分页参数无效，请刷新后重试', 'payload.cursor');

const pack = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function unpack(raw: string): unknown {
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw badCursor();
  }
}

export function encodeCursor(c: TimeCursor): string {
  return pack([c.at, c.id]);
}

/** A keyset cursor; none (the first page) is null. */
export function decodeCursor(raw: string | undefined): TimeCursor | null {
  if (!raw) return null;
  const v = unpack(raw);
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) {
    return { at: v[0], id: v[1] };
  }
  throw badCursor();
}

export function encodeOffsetCursor(offset: number): string {
  return pack({ o: offset });
}

/** An offset cursor; none (the first page) is 0. */
export function decodeOffsetCursor(raw: string | undefined): number {
  if (!raw) return 0;
  const v = unpack(raw);
  const o = v && typeof v === 'object' && !Array.isArray(v) ? (v as { o?: unknown }).o : undefined;
  if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && o <= MAX_CURSOR_OFFSET) return o;
  throw badCursor();
}

/** The next offset cursor of a page fetched with one extra row: the extra row says there is more. */
export function nextOffsetCursor(fetched: number, offset: number, pageSize: number): string | null {
  return fetched > pageSize ? encodeOffsetCursor(offset + pageSize) : null;
}

/** Cuts a keyset page fetched with one extra row: the extra row says there is a next page (no empty last page). */
export function pageOf<T extends { _id: string }>(rows: T[], size: number, timeOf: (row: T) => Date): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= size) return { rows, nextCursor: null };
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: encodeCursor({ at: new Date(timeOf(last)).toISOString(), id: last._id }) };
}
