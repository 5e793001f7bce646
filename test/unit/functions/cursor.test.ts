// The one cursor codec (domain/cursor.ts): both kinds round-trip, what earlier builds handed out still
// decodes (the pages hold cursors as opaque strings), and every tampered cursor is one clear Chinese
// INPUT.INVALID on payload.cursor — never INTERNAL, never a silent first page.
import {
  decodeCursor,
  decodeOffsetCursor,
  encodeCursor,
  encodeOffsetCursor,
  MAX_CURSOR_OFFSET,
  nextOffsetCursor,
  pageOf,
} from '../../../cloudfunctions/shared/domain/cursor';
import { AppError } from '../../../cloudfunctions/shared/errors';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const refused = (fn: () => unknown) => {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ code: 'INPUT.INVALID', field: 'payload.cursor' });
  expect((err as AppError).message).toMatch(/^[^A-Za-z]*分页[^A-Za-z]*$/);
};

describe('keyset cursors', () => {
  it('round-trip, and the first page has none', () => {
    const c = { at: '2026-11-22T01:00:00.000Z', id: 'r-1' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it('still read the cursors earlier builds handed out', () => {
    expect(encodeCursor({ at: '2026-11-22T01:00:00.000Z', id: 'r-1' })).toBe(b64('["2026-11-22T01:00:00.000Z","r-1"]'));
    expect(decodeCursor(b64('["2026-11-22T01:00:00.000Z","r-1"]'))).toEqual({ at: '2026-11-22T01:00:00.000Z', id: 'r-1' });
  });

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['an offset cursor', b64('{"o":20}')],
    ['a time that is no time', b64('["yesterday","r-1"]')],
    ['an id that is no string', b64('["2026-11-22T01:00:00.000Z",{"$gt":""}]')],
    ['three parts', b64('["2026-11-22T01:00:00.000Z","r-1","x"]')],
    ['JSON null', b64('null')],
  ])('refuse %s', (_what, raw) => refused(() => decodeCursor(raw)));
});

describe('offset cursors', () => {
  it('round-trip, and the first page is offset 0', () => {
    expect(decodeOffsetCursor(encodeOffsetCursor(40))).toBe(40);
    expect(decodeOffsetCursor(undefined)).toBe(0);
  });

  it('still read the cursors earlier builds handed out', () => {
    expect(encodeOffsetCursor(40)).toBe(b64('{"o":40}'));
    expect(decodeOffsetCursor(b64('{"o":40}'))).toBe(40);
  });

  it.each([
    ['not base64 JSON', 'abc'],
    ['a keyset cursor', encodeCursor({ at: '2026-11-22T01:00:00.000Z', id: 'r-1' })],
    ['a negative offset', b64('{"o":-1}')],
    ['a fraction', b64('{"o":1.5}')],
    ['a string offset', b64('{"o":"1"}')],
    ['an offset past the cap', b64(`{"o":${MAX_CURSOR_OFFSET + 1}}`)],
    ['JSON null', b64('null')],
  ])('refuse %s', (_what, raw) => refused(() => decodeOffsetCursor(raw)));

  it('are offered only while a page came back with its extra row', () => {
    expect(nextOffsetCursor(21, 40, 20)).toBe(encodeOffsetCursor(60));
    expect(nextOffsetCursor(20, 40, 20)).toBeNull();
  });
});

describe('next-page cursors', () => {
  const rows = [3, 2, 1].map((n) => ({ _id: `r${n}`, at: new Date(Date.UTC(2026, 0, n)) }));

  it('pageOf cuts the extra row and points after the last row kept', () => {
    const p = pageOf(rows, 2, (r) => r.at);
    expect(p.rows.map((r) => r._id)).toEqual(['r3', 'r2']);
    expect(decodeCursor(p.nextCursor!)).toEqual({ at: rows[1].at.toISOString(), id: 'r2' });
    expect(pageOf(rows, 3, (r) => r.at).nextCursor).toBeNull();
  });
});
