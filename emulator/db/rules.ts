// Query rules CloudBase enforces that mingo alone would not: geo queries need a declared 2dsphere
// index, and an aggregation without a $limit stage returns at most 20 rows. The facts and where
// they come from are in emulator/db/README.md.
import { isPlainObject, type Doc } from './ejson';
import { DbError } from './errors';
import type { IndexDecl } from '../../database/collections';

/** Rows an aggregation without any $limit stage returns (what WeChat developers measured). */
export const AGGREGATE_DEFAULT_LIMIT = 20;

/** An index as database/collections.json declares it (the one declaration deploy uses too). */
export type IndexSpec = IndexDecl;

const NEAR_OPS = new Set(['$nearSphere', '$near', '$geoNear']);
const AREA_OPS = new Set(['$geoWithin', '$within', '$geoIntersects']);

export interface GeoUse {
  field: string;
  op: string;
  near: boolean;
}

/** Every geo operator in a query, with the field it applies to (through $and/$or/$nor). */
export function geoUses(query: unknown, out: GeoUse[] = []): GeoUse[] {
  if (Array.isArray(query)) {
    for (const q of query) geoUses(q, out);
    return out;
  }
  if (!isPlainObject(query)) return out;
  for (const [k, v] of Object.entries(query)) {
    if (k === '$and' || k === '$or' || k === '$nor') {
      geoUses(v, out);
      continue;
    }
    if (k.startsWith('$') || !isPlainObject(v)) continue;
    for (const op of Object.keys(v)) {
      if (NEAR_OPS.has(op)) out.push({ field: k, op, near: true });
      else if (AREA_OPS.has(op)) out.push({ field: k, op, near: false });
    }
  }
  return out;
}

/** The fields of a collection that have a 2dsphere key, by collection. */
export class GeoIndexes {
  private readonly byCollection = new Map<string, Set<string>>();

  declare(coll: string, indexes: IndexSpec[]): void {
    const fields = this.byCollection.get(coll) ?? new Set<string>();
    for (const ix of indexes) {
      for (const k of ix.keys ?? []) if (String(k.direction) === '2dsphere') fields.add(k.name);
    }
    this.byCollection.set(coll, fields);
  }

  fields(coll: string): string[] {
    return [...(this.byCollection.get(coll) ?? [])];
  }

  has(coll: string, field: string): boolean {
    return this.byCollection.get(coll)?.has(field) ?? false;
  }

  /**
   * A WHERE query's geo operators against the declared indexes. $nearSphere/$near fail as
   * MongoDB's planner fails them; $geoWithin/$geoIntersects fail only in strict mode (MongoDB
   * answers them with a collection scan, but CloudBase documents the index as required).
   */
  checkQuery(coll: string, query: Doc, strict: boolean): void {
    for (const use of geoUses(query)) {
      if (this.has(coll, use.field)) continue;
      if (use.near) throw noNearIndex(coll, use.field);
      if (strict) {
        throw new DbError('DATABASE_REQUEST_FAILED',
          `[FailedOperation.Query] ${use.op} on ${coll}.${use.field} needs a 2dsphere index: CloudBase requires a geo index for every geo query (declare it in database/collections.json)`);
      }
    }
  }

  /** The field a $geoNear stage runs on: its `key`, else the collection's only 2dsphere field. */
  geoNearKey(coll: string, spec: unknown): string {
    const key = isPlainObject(spec) && typeof spec.key === 'string' ? spec.key : undefined;
    const fields = this.fields(coll);
    if (key !== undefined) {
      if (!fields.includes(key)) throw noNearIndex(coll, key);
      return key;
    }
    if (fields.length === 0) throw new DbError('DATABASE_REQUEST_FAILED', '[FailedOperation.Query] $geoNear requires a 2d or 2dsphere index, but none were found');
    if (fields.length > 1) throw new DbError('DATABASE_REQUEST_FAILED', '[FailedOperation.Query] There is more than one 2dsphere index; unsure which to use for $geoNear: specify key');
    return fields[0];
  }
}

function noNearIndex(coll: string, field: string): DbError {
  // The text MongoDB's planner gives (CloudBase passes it through under errCode -502001).
  return new DbError('DATABASE_REQUEST_FAILED',
    `[FailedOperation.Query] (BadValue) error processing query: ns=${coll}Tree: GEONEAR field=${field} planner returned error :: caused by :: unable to find index for $geoNear query`);
}
