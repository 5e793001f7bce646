// Values cross the wire as canonical EJSON strings. Internally documents are plain JS values
// (number, string, boolean, null, Date, RegExp, arrays, objects) because that is what mingo
// evaluates; this module converts between the two and resolves CloudBase's server-side values.
import { EJSON } from 'bson';

export type Doc = Record<string, unknown>;

// JS RegExp rejects BSON-only flags (x, l), so they are dropped rather than failing the query.
const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Converts bson wrapper types to the plain values mingo understands, and resolves serverDate. */
function normalize(v: unknown, now: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date || v instanceof RegExp) return v;
  if (Array.isArray(v)) return v.map((x) => normalize(x, now));
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$tcb_server_date') {
      const spec = v.$tcb_server_date as { offset?: unknown } | null;
      const offset = Number(spec?.offset ?? 0) || 0;
      return new Date(now + offset);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = normalize(v[k], now);
    return out;
  }
  const bsontype = (v as { _bsontype?: string })._bsontype;
  switch (bsontype) {
    case 'BSONRegExp': {
      const r = v as unknown as { pattern: string; options: string };
      const flags = [...r.options].filter((f) => JS_REGEX_FLAGS.has(f)).join('');
      return new RegExp(r.pattern, flags);
    }
    case 'Long':
      return (v as unknown as { toNumber(): number }).toNumber();
    case 'Int32':
    case 'Double':
      return (v as unknown as { valueOf(): number }).valueOf();
    case 'Decimal128':
      return Number(String(v));
    case 'ObjectId':
    case 'ObjectID':
      // CloudBase _ids are strings; an ObjectId is compared by its hex form.
      return (v as unknown as { toHexString(): string }).toHexString();
    default:
      return v;
  }
}

/** Parses one EJSON text (canonical or relaxed) into internal values. `now` anchors serverDate. */
export function parse(text: string, now: number = Date.now()): unknown {
  return normalize(EJSON.parse(text, { relaxed: true }), now);
}

/** Parses an EJSON text that must be an object (query, update, document). */
export function parseObject(text: unknown, now: number = Date.now()): Doc {
  if (text === undefined || text === null || text === '') return {};
  if (typeof text === 'object') return normalize(text, now) as Doc;
  if (typeof text !== 'string') throw new TypeError('expected an EJSON string');
  const v = parse(text, now);
  if (!isPlainObject(v)) throw new TypeError('expected an EJSON object');
  return v;
}

/** Canonical EJSON, as CloudBase replies (the SDK EJSON-parses each list item). */
export function stringify(v: unknown): string {
  return EJSON.stringify(v as Doc, { relaxed: false });
}

/**
 * Deep copy preserving Dates. Stored documents are treated as immutable (copy-on-write), so
 * readers and open transactions can hold references without seeing later writes.
 */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T;
  if (v instanceof RegExp) return v;
  if (Array.isArray(v)) return v.map((x) => clone(x)) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = clone(x);
  return out as T;
}

export { isPlainObject };
