// Update semantics of database.modifyDocument: merge:true applies Mongo update operators,
// merge:false replaces the whole document (keeping _id).
import { update as mingoUpdate } from 'mingo/updater';
import type { UpdateExpression } from 'mingo/updater';
import { type Doc, clone, isPlainObject } from './ejson';
import { DbError } from './errors';

const SUPPORTED = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pull', '$pullAll',
  '$addToSet', '$pop', '$currentDate', '$setOnInsert', '$bit',
]);

/** Splits an update document into operator clauses; bare fields are treated as $set (merge semantics). */
export function normalizeUpdate(data: Doc): Array<[string, Doc]> {
  const clauses: Array<[string, Doc]> = [];
  const bare: Doc = {};
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith('$')) {
      if (!SUPPORTED.has(k)) throw new DbError('DATABASE_REQUEST_FAILED', `unknown update operator ${k}`);
      if (!isPlainObject(v)) throw new DbError('DATABASE_REQUEST_FAILED', `${k} needs an object`);
      clauses.push([k, v]);
    } else {
      bare[k] = v;
    }
  }
  if (Object.keys(bare).length > 0) clauses.unshift(['$set', bare]);
  for (const [, v] of clauses) {
    for (const path of Object.keys(v)) {
      if (path === '_id' || path.startsWith('_id.')) throw new DbError('DATABASE_REQUEST_FAILED', 'cannot update _id');
    }
  }
  return clauses;
}

/** Returns a new document with the update applied (the input is never mutated). */
export function applyUpdate(doc: Doc, clauses: Array<[string, Doc]>, inserting: boolean): Doc {
  const out = clone(doc);
  for (const [op, expr] of clauses) {
    if (op === '$setOnInsert') {
      if (!inserting) continue;
      applyOne(out, '$set', expr);
      continue;
    }
    applyOne(out, op, expr);
  }
  return out;
}

function applyOne(doc: Doc, op: string, expr: Doc): void {
  try {
    // cloneMode "deep" so stored documents never share nested objects with request values.
    mingoUpdate(doc, { [op]: expr } as unknown as UpdateExpression, undefined, undefined, { cloneMode: 'deep' });
  } catch (e) {
    throw new DbError('DATABASE_REQUEST_FAILED', `${op} failed: ${(e as Error).message}`);
  }
}

/** Replacement for set(): whole new body, _id preserved. */
export function replaceDocument(id: unknown, data: Doc): Doc {
  const rest = clone(data);
  delete rest._id;
  return { _id: id, ...rest };
}

/** Seed of an upserted document: the equality fields of the query (as MongoDB does). */
export function upsertSeed(query: Doc): Doc {
  const seed: Doc = {};
  for (const [k, v] of Object.entries(query)) {
    if (k.startsWith('$')) continue;
    if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
      if ('$eq' in v) seed[k] = clone(v.$eq);
      continue;
    }
    if (v instanceof RegExp) continue;
    if (k.includes('.')) continue;
    seed[k] = clone(v);
  }
  return seed;
}
