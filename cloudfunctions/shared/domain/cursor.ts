import { AppError } from '../errors';

/**
 * Opaque page cursors for keyset pagination over (time desc, _id desc): stable while new documents
 * arrive, unlike skip counts. The client passes back what it was given and never builds one.
 */
export interface TimeCursor {
  at: string; // ISO time of the last item
  id: string; // its _id, to break ties
}

export function encodeCursor(c: TimeCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | undefined): TimeCursor | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // fall through to the refusal below
  }
  throw new AppError('INPUT.INVALID', '分页参数无效，请刷新后重试', 'payload.cursor');
}

/** Builds the next cursor when a page came back full (a short page is the last one). */
export function nextCursor<T extends { _id: string }>(docs: T[], pageSize: number, timeOf: (d: T) => Date): string | null {
  if (docs.length < pageSize) return null;
  const last = docs[docs.length - 1];
  return encodeCursor({ at: new Date(timeOf(last)).toISOString(), id: last._id });
}
