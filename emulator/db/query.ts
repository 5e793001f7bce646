// Query, sort, page and project documents with mingo, plus the distance ordering of $nearSphere
// and the $geoNear aggregation stage, which mingo does not know.
import { Aggregator, Query } from 'mingo';
import { Context, type Options } from 'mingo/core';
import fullContext from 'mingo/init/context';
import { compare, resolve, setValue } from 'mingo/util';
import { type Doc, clone, isPlainObject, stringify } from './ejson';
import { distanceMetres, findNearClause, geoQueryOperators, inferGeoField, parseNear, pointOf, withinNear } from './geo';
import { DbError } from './errors';

const queryContext = Context.init().addQueryOps(geoQueryOperators);
const aggregateContext = fullContext().addQueryOps(geoQueryOperators);

const QUERY_OPTIONS: Partial<Options> = { context: queryContext };

export type Matcher = (doc: Doc) => boolean;

/** Compiled matchers by query text: the same queries come back call after call. */
const compiled = new Map<string, Matcher>();
const COMPILED_MAX = 1000;

export function compileQuery(query: Doc): Matcher {
  if (Object.keys(query).length === 0) return () => true;
  const key = stringify(query);
  const known = compiled.get(key);
  if (known) return known;
  let matcher: Matcher;
  try {
    const q = new Query(query, QUERY_OPTIONS);
    matcher = (doc) => q.test(doc);
  } catch (e) {
    throw new DbError('DATABASE_REQUEST_FAILED', `invalid query: ${(e as Error).message}`);
  }
  if (compiled.size >= COMPILED_MAX) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, matcher);
  return matcher;
}

export interface FindOptions {
  order?: Doc;
  offset?: number;
  limit?: number;
  projection?: Doc;
}

export function project(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const fields = simpleInclusion(projection);
  const general = () => {
    try {
      return new Query({}, QUERY_OPTIONS).find<Doc>(docs, projection).all();
    } catch (e) {
      throw new DbError('DATABASE_REQUEST_FAILED', `invalid projection: ${(e as Error).message}`);
    }
  };
  if (!fields) return general();
  const out: Doc[] = [];
  for (const doc of docs) {
    const projected = includeFields(doc, fields);
    // A path through an array: MongoDB's rules for those are mingo's to apply.
    if (!projected) return general();
    out.push(projected);
  }
  return out;
}

/**
 * The paths of a projection that only includes fields (`{ a: true, 'b.c': 1 }`, `_id` included
 * unless excluded), none a prefix of another; null for anything else (exclusions, operators,
 * overlapping paths), which mingo handles. The common case is done by hand: mingo's general
 * projection was a tenth of the database's CPU under load.
 */
function simpleInclusion(projection: Doc): { paths: string[][]; withId: boolean } | null {
  const paths: string[][] = [];
  let withId = true;
  for (const [k, v] of Object.entries(projection)) {
    if (k === '_id' && (v === false || v === 0 || v === true || v === 1)) {
      withId = v === true || v === 1;
      continue;
    }
    if (v !== true && v !== 1) return null;
    const parts = k.split('.');
    if (parts.some((p) => p === '' || p.startsWith('$'))) return null;
    paths.push(parts);
  }
  if (paths.length === 0) return null;
  const joined = paths.map((p) => p.join('.'));
  if (joined.some((a) => joined.some((b) => a !== b && b.startsWith(`${a}.`)))) return null;
  if (joined.some((a) => a === '_id' || a.startsWith('_id.'))) return null;
  return { paths, withId };
}

/** The included fields of one document (fresh objects along each path), or null at an array. */
function includeFields(doc: Doc, { paths, withId }: { paths: string[][]; withId: boolean }): Doc | null {
  const out: Doc = {};
  if (withId && '_id' in doc) out._id = doc._id;
  for (const path of paths) {
    let from: unknown = doc;
    let to = out;
    for (let i = 0; i < path.length; i++) {
      if (Array.isArray(from)) return null;
      if (!isPlainObject(from) || !(path[i] in from)) break;
      const v: unknown = from[path[i]];
      if (i === path.length - 1) {
        to[path[i]] = v;
        break;
      }
      if (Array.isArray(v)) return null;
      if (!isPlainObject(v)) break;
      if (!isPlainObject(to[path[i]])) to[path[i]] = {};
      to = to[path[i]] as Doc;
      from = v;
    }
  }
  return out;
}

/** Runs a WHERE query over candidate documents (already narrowed by _id when possible). */
export function find(candidates: Iterable<Doc>, query: Doc, opts: FindOptions): Doc[] {
  const offset = Math.max(0, opts.offset ?? 0);
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const near = findNearClause(query);
  const hits: Doc[] = [];
  const order = opts.order && Object.keys(opts.order).length > 0 ? opts.order : undefined;
  if (near) {
    // Nearest first. Distance is checked before the rest of the query so most documents never
    // reach mingo. An orderBy re-orders the matches, as MongoDB's sort() overrides the distance
    // order of $nearSphere; the sort is stable, so ties stay nearest first. Skip and limit apply
    // after the sort.
    const rest = compileQuery(near.rest);
    const scored: Array<{ d: number; doc: Doc }> = [];
    for (const doc of candidates) {
      const p = pointOf(getPath(doc, near.field));
      if (!p) continue;
      const d = distanceMetres(p, near.center);
      if (withinNear(near, d) && rest(doc)) scored.push({ d, doc });
    }
    scored.sort((a, b) => a.d - b.d);
    let ordered = scored.map((s) => s.doc);
    if (order) ordered = sortStable(ordered, order);
    for (const doc of ordered.slice(offset, offset + limit)) hits.push(doc);
    return project(hits, opts.projection);
  }
  const matches = compileQuery(query);
  if (!order) {
    // Natural (insertion) order: stop scanning as soon as the page is full.
    let skipped = 0;
    for (const doc of candidates) {
      if (!matches(doc)) continue;
      if (skipped < offset) { skipped++; continue; }
      if (hits.length >= limit) break;
      hits.push(doc);
    }
    return project(hits, opts.projection);
  }
  for (const doc of candidates) if (matches(doc)) hits.push(doc);
  const sorted = sortStable(hits, order);
  return project(Number.isFinite(limit) ? sorted.slice(offset, offset + limit) : sorted.slice(offset), opts.projection);
}

/**
 * Sorts with mingo's value resolution and comparison (BSON order), keeping the input order of
 * ties: what mingo's $sort does, without its per-value hashing and grouping, which made sorted
 * queries the database's largest cost under load.
 */
export function sortStable(docs: Doc[], order: Doc): Doc[] {
  const keys = Object.entries(order).map(([k, dir]) => ({ k, dir: dir === -1 ? -1 : 1 }));
  // A missing field sorts as null (MongoDB; mingo groups them together too).
  const rows = docs.map((doc, pos) => ({ doc, pos, values: keys.map(({ k }) => resolve(doc, k) ?? null) }));
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compare(a.values[i], b.values[i]);
      if (c !== 0) return c * keys[i].dir;
    }
    return a.pos - b.pos;
  });
  return rows.map((r) => r.doc);
}

export function count(candidates: Iterable<Doc>, query: Doc): number {
  const matches = compileQuery(query);
  let n = 0;
  for (const doc of candidates) if (matches(doc)) n++;
  return n;
}

function getPath(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

export interface Stage {
  key: string;
  value: unknown;
}

// Stages that never write into their input documents; anything else gets cloned inputs so that
// mingo's in-place path updates (e.g. $addFields with "a.b") cannot corrupt the stored copies.
const NON_MUTATING = new Set(['$match', '$group', '$sort', '$project', '$limit', '$skip', '$count', '$sortByCount', '$lookup', '$sample', '$bucket', '$bucketAuto']);

function geoNearStage(docs: Doc[], spec: unknown): Doc[] {
  if (!isPlainObject(spec)) throw new DbError('DATABASE_REQUEST_FAILED', '$geoNear needs an object');
  const distanceField = spec.distanceField;
  if (typeof distanceField !== 'string' || !distanceField) throw new DbError('DATABASE_REQUEST_FAILED', '$geoNear requires distanceField');
  let near;
  try {
    near = parseNear(isPlainObject(spec.near) && spec.near.type ? { $geometry: spec.near } : spec.near);
  } catch (e) {
    throw new DbError('DATABASE_REQUEST_FAILED', (e as Error).message);
  }
  const bounds = {
    center: near.center,
    maxDistance: typeof spec.maxDistance === 'number' ? spec.maxDistance : undefined,
    minDistance: typeof spec.minDistance === 'number' ? spec.minDistance : undefined,
  };
  const key = typeof spec.key === 'string' ? spec.key : inferGeoField(docs);
  if (!key) return [];
  const matches = compileQuery(isPlainObject(spec.query) ? spec.query : {});
  const multiplier = typeof spec.distanceMultiplier === 'number' ? spec.distanceMultiplier : 1;
  const scored: Array<{ d: number; doc: Doc; loc: unknown }> = [];
  for (const doc of docs) {
    const loc = getPath(doc, key);
    const p = pointOf(loc);
    if (!p) continue;
    const d = distanceMetres(p, near.center);
    if (!withinNear(bounds, d) || !matches(doc)) continue;
    scored.push({ d, doc, loc });
  }
  scored.sort((a, b) => a.d - b.d);
  return scored.map(({ d, doc, loc }) => {
    const out = distanceField.includes('.') ? clone(doc) : { ...doc };
    setValue(out, distanceField, d * multiplier);
    if (typeof spec.includeLocs === 'string') setValue(out, spec.includeLocs, loc);
    return out;
  });
}

/** Runs an aggregation pipeline; `resolveCollection` serves $lookup's `from`. */
export function aggregate(source: Doc[], stages: Stage[], resolveCollection: (name: string) => Doc[]): Doc[] {
  let docs = source;
  let rest = stages;
  if (rest.length > 0 && rest[0].key === '$geoNear') {
    docs = geoNearStage(docs, rest[0].value);
    rest = rest.slice(1);
  }
  if (rest.some((s) => s.key === '$geoNear')) throw new DbError('DATABASE_REQUEST_FAILED', '$geoNear is only valid as the first stage');
  // Leading $match stages run without copying so large collections are filtered cheaply.
  while (rest.length > 0 && rest[0].key === '$match') {
    const matches = compileQuery(isPlainObject(rest[0].value) ? rest[0].value : {});
    docs = docs.filter(matches);
    rest = rest.slice(1);
  }
  if (rest.length === 0) return docs;
  if (rest.some((s) => !NON_MUTATING.has(s.key))) docs = docs.map((d) => clone(d));
  try {
    const agg = new Aggregator(rest.map((s) => ({ [s.key]: s.value })), {
      context: aggregateContext,
      collectionResolver: resolveCollection,
    });
    return agg.run(docs) as Doc[];
  } catch (e) {
    if (e instanceof DbError) throw e;
    throw new DbError('DATABASE_REQUEST_FAILED', `aggregation failed: ${(e as Error).message}`);
  }
}
