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

/**
 * Parses one EJSON text (canonical or relaxed) into internal values. `now` anchors serverDate.
 * What the SDK sends is JSON with a few wrapped types ($numberInt, $numberDouble, $numberLong, $date,
 * $oid, $regularExpression): those are decoded in one walk over JSON.parse's result, as bson's
 * EJSON.parse then normalize would decode them; anything rarer goes through bson itself.
 */
export function parse(text: string, now: number = Date.now()): unknown {
  const fast = decode(JSON.parse(text), now);
  return fast === RARE ? parseWithBson(text, now) : fast;
}

/** bson's own decoding: what parse() answers for every text (the fast path's reference). */
export function parseWithBson(text: string, now: number = Date.now()): unknown {
  return normalize(EJSON.parse(text, { relaxed: true }), now);
}

/** A value the fast path leaves to bson. */
const RARE: unique symbol = Symbol('rare');
/** Type wrappers bson decodes that the fast path does not: their presence sends the text to bson. */
const RARE_KEYS = new Set(['$binary', '$uuid', '$symbol', '$numberDecimal', '$minKey', '$maxKey', '$regex', '$timestamp', '$undefined', '$code', '$ref', '$id', '$db', '$dbPointer']);
const FAST_KEYS = new Set(['$numberInt', '$numberDouble', '$numberLong', '$date', '$oid', '$regularExpression']);

function decode(v: unknown, now: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = decode(v[i], now);
      if (x === RARE) return RARE;
      out[i] = x;
    }
    return out;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  let typed: string | null = null;
  for (const k of keys) {
    if (k.includes('\x00') || k === '__proto__') return RARE;
    if (k.charCodeAt(0) !== 36 /* $ */ || o[k] == null) continue;
    if (RARE_KEYS.has(k)) return RARE;
    if (FAST_KEYS.has(k)) typed = k;
  }
  if (typed) return keys.length === 1 ? typedValue(typed, o[typed]) : RARE;
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const spec = decode(o.$tcb_server_date, now);
    if (spec === RARE) return RARE;
    return new Date(now + (Number((spec as { offset?: unknown } | null)?.offset ?? 0) || 0));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const x = decode(o[k], now);
    if (x === RARE) return RARE;
    out[k] = x;
  }
  return out;
}

function typedValue(key: string, x: unknown): unknown {
  switch (key) {
    case '$numberInt':
      return typeof x === 'string' && /^-?\d{1,10}$/.test(x) ? parseInt(x, 10) : RARE;
    case '$numberDouble':
      return typeof x === 'string' ? parseFloat(x) : RARE;
    case '$numberLong': {
      if (typeof x !== 'string' || !/^-?\d{1,16}$/.test(x)) return RARE;
      const n = Number(x);
      return Number.isSafeInteger(n) ? n : RARE;
    }
    case '$date': {
      if (typeof x === 'string') return new Date(Date.parse(x));
      if (typeof x === 'number') return new Date(x);
      const ms = x && typeof x === 'object' && Object.keys(x).length === 1 ? typedValue('$numberLong', (x as { $numberLong?: unknown }).$numberLong) : RARE;
      return typeof ms === 'number' ? new Date(ms) : RARE;
    }
    case '$oid':
      // CloudBase _ids are strings; an ObjectId is compared by its hex form.
      return typeof x === 'string' && /^[0-9a-fA-F]{24}$/.test(x) ? x.toLowerCase() : RARE;
    case '$regularExpression': {
      const r = x as { pattern?: unknown; options?: unknown };
      if (typeof r?.pattern !== 'string' || typeof r.options !== 'string' || !/^[imxlsu]*$/.test(r.options)) return RARE;
      const flags = [...r.options].filter((f) => JS_REGEX_FLAGS.has(f)).sort().join('');
      try {
        return new RegExp(r.pattern, flags);
      } catch {
        return RARE;
      }
    }
    default:
      return RARE;
  }
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

/**
 * Canonical EJSON, as CloudBase replies (the SDK EJSON-parses each list item). Stored values are
 * plain (numbers, strings, booleans, null, Dates, arrays, objects): those are written directly, as
 * bson's EJSON.stringify({ relaxed: false }) writes them; anything else goes through bson.
 */
export function stringify(v: unknown): string {
  const out = encode(v);
  return out === RARE ? EJSON.stringify(v as Doc, { relaxed: false }) : out;
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63 - 1;

function encodeNumber(n: number): string {
  // The smallest BSON integer type that holds it exactly, else a double (bson's rule).
  if (Math.floor(n) === n) {
    if (n >= INT32_MIN && n <= INT32_MAX) return `{"$numberInt":"${n.toString()}"}`;
    if (n >= INT64_MIN && n <= INT64_MAX) return `{"$numberLong":"${n.toString()}"}`;
  }
  return `{"$numberDouble":"${n.toString()}"}`;
}

function encode(v: unknown): string | typeof RARE {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return encodeNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      return RARE;
  }
  if (v === null) return 'null';
  if (v instanceof Date) return `{"$date":{"$numberLong":"${v.getTime().toString()}"}}`;
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) {
      const x = encode(v[i]);
      if (x === RARE) return RARE;
      s += i ? `,${x}` : x;
    }
    return `${s}]`;
  }
  if (!isPlainObject(v)) return RARE;
  let s = '{';
  let first = true;
  for (const k in v) {
    if (k === '__proto__') return RARE;
    const x = encode(v[k]);
    if (x === RARE) return RARE;
    s += `${first ? '' : ','}${JSON.stringify(k)}:${x}`;
    first = false;
  }
  return `${s}}`;
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
