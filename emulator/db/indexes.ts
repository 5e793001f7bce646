// The one index rule MongoDB enforces on every write: a compound index may hold at most one array
// ("multikey") field per document. A document with arrays under two keys of one compound index is
// refused on insert and update with "cannot index parallel arrays [b] [a]" (MongoDB error 171,
// CannotIndexParallelArrays), so a deployed index over two array fields breaks every write of such
// a document. The emulator applies the indexes declared in database/collections.json (what deploy
// creates) to each write before it is stored; see README.md beside this file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Doc } from './ejson';
import { DbError } from './errors';
import type { WriteOp } from './store';
import type { IndexDecl } from '../../database/collections';

const COLLECTIONS_FILE = path.resolve(__dirname, '..', '..', 'database', 'collections.json');

let declared: Map<string, IndexDecl[]> | null = null;

function load(): Map<string, IndexDecl[]> {
  if (!declared) {
    declared = new Map();
    try {
      const file = JSON.parse(readFileSync(COLLECTIONS_FILE, 'utf8')) as { collections?: Array<{ name: string; indexes?: IndexDecl[] }> };
      for (const c of file.collections ?? []) declared.set(c.name, c.indexes ?? []);
    } catch {
      // No declaration file (a test's own functions dir): no indexes to keep.
    }
  }
  return declared;
}

/** The indexes the emulator keeps for a collection (database/collections.json, or registerIndexes). */
export function indexesOf(collection: string): IndexDecl[] {
  return load().get(collection) ?? [];
}

/** Declares indexes for a collection, as deploy would create them (tests of collections not in the file). */
export function registerIndexes(collection: string, indexes: IndexDecl[]): void {
  load().set(collection, indexes);
}

/**
 * The array prefix a key path runs through in `doc` ('' when none): for `scopes.gridworker` over
 * `{scopes:{gridworker:[…]}}` it is `scopes.gridworker`; for `photos.check` over `{photos:[…]}`,
 * `photos`. A 2dsphere key's own value is a GeoJSON object or a legacy [lng, lat] pair, not a
 * multikey, so only arrays above it count.
 */
export function arrayPrefix(doc: unknown, keyPath: string, geo = false): string {
  const parts = keyPath.split('.');
  let value: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return '';
    value = (value as Record<string, unknown>)[parts[i]];
    const last = i === parts.length - 1;
    if (Array.isArray(value) && !(last && geo)) return parts.slice(0, i + 1).join('.');
  }
  return '';
}

/** MongoDB's refusal for `doc` under `index`, or null when the document can be indexed. */
export function parallelArrays(doc: Doc, index: IndexDecl): string | null {
  const prefixes: string[] = [];
  for (const key of index.keys) {
    const p = arrayPrefix(doc, key.name, key.direction === '2dsphere');
    // Keys under the same array (`a.x`, `a.y`) index together; only distinct arrays are parallel.
    if (p && !prefixes.includes(p)) prefixes.push(p);
  }
  if (prefixes.length < 2) return null;
  // MongoDB names the later key's array first: index {a:1, b:1} → "[b] [a]".
  return `cannot index parallel arrays [${prefixes[1]}] [${prefixes[0]}]`;
}

/** Refuses a batch of writes (nothing stored) when any written document cannot be indexed. */
export function checkIndexable(ops: readonly WriteOp[]): void {
  for (const op of ops) {
    if (op.kind === 'delete') continue;
    for (const index of indexesOf(op.coll)) {
      const refusal = parallelArrays(op.doc, index);
      if (refusal) throw new DbError('DATABASE_REQUEST_FAILED', `${refusal} (collection ${op.coll}, index ${index.name})`);
    }
  }
}
