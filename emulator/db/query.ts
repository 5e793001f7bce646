// Query, sort, page and project documents with mingo, plus the distance ordering of $nearSphere
// and the $geoNear aggregation stage, which mingo does not know.
import { Aggregator, Query } from 'mingo';
import { Context, type Options } from 'mingo/core';
import fullContext from 'mingo/init/context';
import { setValue } from 'mingo/util';
import { type Doc, clone, isPlainObject } from './ejson';
import { distanceMetres, findNearClause, geoQueryOperators, inferGeoField, parseNear, pointOf, withinNear } from './geo';
import { DbError } from './errors';

const queryContext = Context.init().addQueryOps(geoQueryOperators);
const aggregateContext = fullContext().addQueryOps(geoQueryOperators);

const QUERY_OPTIONS: Partial<Options> = { context: queryContext };

export type Matcher = (doc: Doc) => boolean;

export function compileQuery(query: Doc): Matcher {
  if (Object.keys(query).length === 0) return () => true;
  try {
    const q = new Query(query, QUERY_OPTIONS);
    return (doc) => q.test(doc);
  } catch (e) {
    throw new DbError('DATABASE_REQUEST_FAILED', `invalid query: ${(e as Error).message}`);
  }
}

export interface FindOptions {
  order?: Doc;
  offset?: number;
  limit?: number;
  projection?: Doc;
}

function project(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  try {
    return new Query({}, QUERY_OPTIONS).find<Doc>(docs, projection).all();
  } catch (e) {
    throw new DbError('DATABASE_REQUEST_FAILED', `invalid projection: ${(e as Error).message}`);
  }
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
  let cursor = new Query({}, QUERY_OPTIONS).find<Doc>(hits).sort(order as Record<string, 1 | -1>).skip(offset);
  if (Number.isFinite(limit)) cursor = cursor.limit(limit);
  return project(cursor.all(), opts.projection);
}

/** Sorts with mingo's comparison (BSON order), keeping the input order of ties. */
function sortStable(docs: Doc[], order: Doc): Doc[] {
  const indexed = docs.map((doc, i) => ({ ...doc, __pos: i }));
  const sorted = new Query({}, QUERY_OPTIONS)
    .find<Doc>(indexed)
    .sort({ ...(order as Record<string, 1 | -1>), __pos: 1 })
    .all();
  return sorted.map((d) => docs[d.__pos as number]);
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
