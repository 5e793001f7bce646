// The action router: one CloudBase API request body in, one reply out, in the shapes
// @cloudbase/node-sdk sends and reads (see README.md beside this file).
import { randomBytes } from 'node:crypto';
import { type Doc, isPlainObject, parse, parseObject, stringify } from './ejson';
import { DbError } from './errors';
import { type Stage, aggregate, compileQuery, count, find } from './query';
import { AGGREGATE_DEFAULT_LIMIT, GeoIndexes, type IndexSpec } from './rules';
import { Store, type WriteOp, idKey } from './store';
import { TransactionManager, type Transaction } from './transactions';
import { applyUpdate, normalizeUpdate, replaceDocument, upsertSeed } from './update';

export interface AdminReply {
  data?: unknown;
  transactionId?: string;
  code?: string;
  message?: string;
}

export interface EngineOptions {
  file?: string;
  transactionIdleTimeoutMs?: number;
  /** Refuse what CloudBase's rules forbid even where the service would answer (default true). */
  strict?: boolean;
}

/** Who sent a request, as far as the emulator can tell (from the CloudBase API URL). */
export interface RequestContext {
  /** The function invocation the request came from (the runner puts it in TCB_CONTEXT_CNFG). */
  invocation?: string;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

type Body = Record<string, unknown>;

/** CloudBase-style _id: 32 lowercase hex characters. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

function str(body: Body, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || !v) throw new DbError('INVALID_PARAM', `${name} is required`);
  return v;
}

function parseParam(body: Body, name: string, now: number): Doc {
  try {
    return parseObject(body[name], now);
  } catch (e) {
    throw new DbError('INVALID_PARAM', `${name} is not valid EJSON: ${(e as Error).message}`);
  }
}

/** Accepts both `{field: 1|-1}` and the older `[{field, direction}]` order encodings. */
function parseOrder(raw: unknown, now: number): Doc | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const v = typeof raw === 'string' ? parse(raw, now) : raw;
  if (Array.isArray(v)) {
    const out: Doc = {};
    for (const o of v) {
      if (isPlainObject(o) && typeof o.field === 'string') out[o.field] = o.direction === 'desc' || o.direction === -1 ? -1 : 1;
    }
    return out;
  }
  if (!isPlainObject(v)) throw new DbError('INVALID_PARAM', 'order must be an object');
  const out: Doc = {};
  for (const [k, d] of Object.entries(v)) out[k] = d === -1 || d === 'desc' ? -1 : 1;
  return out;
}

function parseLimit(raw: unknown): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) return DEFAULT_LIMIT;
  // The SDK already clamps to 1000; the service does too (it never returns more per call).
  return Math.min(Math.floor(n), MAX_LIMIT);
}

function parseOffset(raw: unknown): number {
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** The _id a DOC query (or a plain WHERE on _id) addresses, if any. */
function directIds(query: Doc): unknown[] | null {
  if (!('_id' in query)) return null;
  const v = query._id;
  if (typeof v === 'string' || typeof v === 'number') return [v];
  if (isPlainObject(v)) {
    if (Object.keys(v).length === 1 && (typeof v.$eq === 'string' || typeof v.$eq === 'number')) return [v.$eq];
    if (Object.keys(v).length === 1 && Array.isArray(v.$in) && v.$in.every((x) => typeof x === 'string' || typeof x === 'number')) return v.$in;
  }
  return null;
}

function hasOperators(d: Doc): boolean {
  return Object.keys(d).some((k) => k.startsWith('$'));
}

export class Engine {
  private readonly store: Store;
  private readonly tx: TransactionManager;
  private readonly geo = new GeoIndexes();
  readonly strict: boolean;

  constructor(opts: EngineOptions = {}) {
    this.store = new Store(opts.file);
    this.strict = opts.strict ?? true;
    this.tx = new TransactionManager(this.store, {
      idleTimeoutMs: opts.transactionIdleTimeoutMs ?? 15000,
    });
  }

  ensureCollection(name: string, indexes?: IndexSpec[]): void {
    this.store.createCollection(name);
    if (indexes) this.geo.declare(name, indexes);
  }

  close(): void {
    this.tx.close();
    this.store.close();
  }

  openTransactions(): number {
    return this.tx.openCount();
  }

  writes(): number {
    return this.store.writes();
  }

  async handle(body: Body, ctx: RequestContext = {}): Promise<AdminReply> {
    try {
      return await this.dispatch(body, ctx);
    } catch (e) {
      if (e instanceof DbError) return { code: e.code, message: e.message };
      return { code: 'DATABASE_REQUEST_FAILED', message: (e as Error)?.message ?? String(e) };
    }
  }

  private async dispatch(body: Body, ctx: RequestContext): Promise<AdminReply> {
    const action = body.action;
    const now = Date.now();
    const txId = body.transactionId;
    if (!txId) this.refuseOutsideOpenTransaction(body, ctx);
    switch (action) {
      case 'database.addCollection': {
        const name = str(body, 'collectionName');
        if (!this.store.createCollection(name)) throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
        return { data: {} };
      }
      case 'database.checkCollectionExists':
        return { data: { exists: this.store.hasCollection(str(body, 'collectionName')) } };
      case 'database.startTransaction':
        return { transactionId: this.tx.start(ctx.invocation).id };
      case 'database.commitTransaction':
        this.tx.commit(body.transactionId);
        return { data: {} };
      case 'database.abortTransaction':
        this.tx.abort(body.transactionId);
        return { data: {} };
      case 'database.getDocument':
        if (txId) return this.tx.run(txId, (t) => this.txGet(t, body, now));
        return this.getDocument(body, now);
      case 'database.insertDocument':
        if (txId) return this.tx.run(txId, (t) => this.txInsert(t, body, now));
        return this.insertDocument(body, now, ctx);
      case 'database.modifyDocument':
        if (txId) return this.tx.run(txId, (t) => this.txModify(t, body, now));
        return this.modifyDocument(body, now, ctx);
      case 'database.removeDocument':
        if (txId) return this.tx.run(txId, (t) => this.txRemove(t, body, now));
        return this.removeDocument(body, now, ctx);
      case 'database.calculateDocument': {
        const coll = this.collection(body);
        const query = parseParam(body, 'query', now);
        this.geo.checkQuery(coll, query, this.strict);
        return { data: { total: count(this.candidates(coll, query), query) } };
      }
      case 'database.aggregateDocuments':
        return this.aggregate(body, now);
      default:
        throw new DbError('INVALID_PARAM', `unsupported action ${String(action)}`);
    }
  }

  /**
   * Strict mode: a WHERE read or write, count or aggregation sent without a transaction id while
   * the same function invocation has a transaction open. The SDK never puts these in the
   * transaction, so code that issues them inside a runTransaction callback reads or writes
   * outside its snapshot and its atomicity. CloudBase would run them; the emulator refuses, so
   * the mistake shows in tests.
   */
  private refuseOutsideOpenTransaction(body: Body, ctx: RequestContext): void {
    if (!this.strict || !ctx.invocation) return;
    const action = body.action;
    const whereLike = action === 'database.calculateDocument' || action === 'database.aggregateDocuments'
      || ((action === 'database.getDocument' || action === 'database.modifyDocument' || action === 'database.removeDocument') && body.queryType !== 'DOC');
    if (!whereLike || !this.tx.invocationHasOpenTransaction(ctx.invocation)) return;
    const what = action === 'database.calculateDocument' ? 'count()' : action === 'database.aggregateDocuments' ? 'aggregate()' : 'where()';
    throw new DbError('DATABASE_REQUEST_FAILED',
      `${what} on ${String(body.collectionName)} was sent while this invocation has a transaction open: it is not part of the transaction (the SDK sends no transaction id for it). Read by _id through the transaction, or query before it starts (emulator strict mode)`);
  }

  /**
   * A non-transactional write waits while an open transaction holds the write lock on any
   * document it would change (CloudBase: 普通的更新操作会被阻塞，直到事务锁释放或者超时).
   * Returns true when it waited, so the caller re-reads what it matched.
   */
  private async waitForWriters(coll: string, keys: string[], ctx: RequestContext): Promise<boolean> {
    for (const key of keys) {
      const holder = this.tx.lockHolder(coll, key);
      if (!holder) continue;
      if (ctx.invocation && holder.invocation === ctx.invocation) {
        // It would wait for itself until the transaction expires: say so instead.
        throw new DbError('DATABASE_REQUEST_FAILED', `a write to ${coll}/${key} outside the transaction waits for this invocation's own open transaction, which has written it`);
      }
      await this.tx.waitFor(holder);
      return true;
    }
    return false;
  }

  private collection(body: Body): string {
    const name = str(body, 'collectionName');
    if (!this.store.hasCollection(name)) throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
    return name;
  }

  /** Narrows by _id when the query names it; otherwise every document in natural order. */
  private candidates(coll: string, query: Doc): Doc[] {
    const ids = directIds(query);
    if (!ids) return this.store.all(coll);
    const out: Doc[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      const k = idKey(id);
      if (seen.has(k)) continue;
      seen.add(k);
      const d = this.store.get(coll, k);
      if (d) out.push(d);
    }
    return out;
  }

  private getDocument(body: Body, now: number): AdminReply {
    const coll = this.collection(body);
    const query = parseParam(body, 'query', now);
    this.geo.checkQuery(coll, query, this.strict);
    const projection = body.projection ? parseParam(body, 'projection', now) : undefined;
    const offset = parseOffset(body.offset);
    const limit = body.queryType === 'DOC' ? 1 : parseLimit(body.limit);
    const docs = find(this.candidates(coll, query), query, { order: parseOrder(body.order, now), offset, limit, projection });
    return { data: { list: docs.map(stringify), offset, limit } };
  }

  private parseDocs(body: Body, now: number): Doc[] {
    const raw = body.data;
    const items = Array.isArray(raw) ? raw : [raw];
    if (items.length === 0) throw new DbError('INVALID_PARAM', 'data is empty');
    return items.map((item) => {
      let d: Doc;
      try {
        d = parseObject(item, now);
      } catch (e) {
        throw new DbError('INVALID_PARAM', `data is not valid EJSON: ${(e as Error).message}`);
      }
      if (d._id === undefined || d._id === null || d._id === '') d = { _id: newId(), ...d };
      else if (typeof d._id !== 'string' && typeof d._id !== 'number') throw new DbError('INVALID_PARAM', '_id must be a string or number');
      return d;
    });
  }

  private duplicate(coll: string, id: unknown): DbError {
    return new DbError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`);
  }

  private async insertDocument(body: Body, now: number, ctx: RequestContext): Promise<AdminReply> {
    const coll = this.collection(body);
    const docs = this.parseDocs(body, now);
    // An _id an open transaction has inserted (or deleted) is locked until it ends.
    while (await this.waitForWriters(coll, docs.map((d) => idKey(d._id)), ctx));
    const seen = new Set<string>();
    const ops: WriteOp[] = [];
    // All or nothing: a duplicate anywhere inserts none of the batch.
    for (const d of docs) {
      const k = idKey(d._id);
      if (seen.has(k) || this.store.get(coll, k)) throw this.duplicate(coll, d._id);
      seen.add(k);
      ops.push({ kind: 'insert', coll, key: k, doc: d });
    }
    this.store.apply(ops);
    return { data: { insertedIds: docs.map((d) => d._id) } };
  }

  private async modifyDocument(body: Body, now: number, ctx: RequestContext): Promise<AdminReply> {
    const coll = this.collection(body);
    const query = parseParam(body, 'query', now);
    const data = parseParam(body, 'data', now);
    const merge = body.merge !== false;
    const multi = body.queryType === 'DOC' ? false : body.multi !== false;
    const upsert = body.upsert === true;
    if (!merge && hasOperators(data)) throw new DbError('DATABASE_REQUEST_FAILED', 'update operators are not allowed in set()');
    const clauses = merge ? normalizeUpdate(data) : null;
    this.geo.checkQuery(coll, query, this.strict);
    const matches = compileQuery(query);
    let hits: Doc[];
    const seed = upsert ? upsertSeed(query) : {};
    for (;;) {
      hits = [];
      for (const doc of this.candidates(coll, query)) {
        if (!matches(doc)) continue;
        hits.push(doc);
        if (!multi) break;
      }
      const keys = hits.map((d) => idKey(d._id));
      if (hits.length === 0 && seed._id !== undefined) keys.push(idKey(seed._id));
      if (!(await this.waitForWriters(coll, keys, ctx))) break;
    }
    // From here to store.apply nothing awaits, so the matched documents are still current.
    const ops: WriteOp[] = [];
    const matched = hits.length;
    for (const doc of hits) {
      const next = clauses ? applyUpdate(doc, clauses, false) : replaceDocument(doc._id, data);
      if (stringify(next) !== stringify(doc)) ops.push({ kind: 'update', coll, key: idKey(doc._id), doc: next });
    }
    if (matched === 0 && upsert) {
      const id = seed._id ?? newId();
      const fresh = clauses ? applyUpdate({ ...seed, _id: id }, clauses, true) : replaceDocument(id, data);
      if (this.store.get(coll, idKey(id))) throw this.duplicate(coll, id);
      this.store.apply([{ kind: 'insert', coll, key: idKey(id), doc: fresh }]);
      return { data: { updated: 0, upsert_id: id } };
    }
    this.store.apply(ops);
    return { data: { updated: ops.length } };
  }

  private async removeDocument(body: Body, now: number, ctx: RequestContext): Promise<AdminReply> {
    const coll = this.collection(body);
    const query = parseParam(body, 'query', now);
    const multi = body.queryType === 'DOC' ? false : body.multi !== false;
    this.geo.checkQuery(coll, query, this.strict);
    const matches = compileQuery(query);
    let ops: WriteOp[];
    do {
      ops = [];
      for (const doc of this.candidates(coll, query)) {
        if (!matches(doc)) continue;
        ops.push({ kind: 'delete', coll, key: idKey(doc._id) });
        if (!multi) break;
      }
    } while (await this.waitForWriters(coll, ops.map((o) => o.key), ctx));
    this.store.apply(ops);
    return { data: { deleted: ops.length } };
  }

  private aggregate(body: Body, now: number): AdminReply {
    const coll = this.collection(body);
    if (!Array.isArray(body.stages)) throw new DbError('INVALID_PARAM', 'stages must be an array');
    const stages: Stage[] = body.stages.map((s: unknown) => {
      if (!isPlainObject(s) || typeof s.stageKey !== 'string') throw new DbError('INVALID_PARAM', 'invalid stage');
      let value: unknown;
      try {
        value = typeof s.stageValue === 'string' ? parse(s.stageValue, now) : s.stageValue;
      } catch (e) {
        throw new DbError('INVALID_PARAM', `invalid stage value: ${(e as Error).message}`);
      }
      return { key: s.stageKey.startsWith('$') ? s.stageKey : `$${s.stageKey}`, value };
    });
    if (stages.length > 0 && stages[0].key === '$geoNear') {
      // MongoDB answers $geoNear only from a geo index: `key` must name one, or there must be exactly one.
      const key = this.geo.geoNearKey(coll, stages[0].value);
      if (isPlainObject(stages[0].value)) stages[0] = { key: '$geoNear', value: { ...stages[0].value, key } };
    }
    for (const s of stages) if (s.key === '$match') this.geo.checkQuery(coll, isPlainObject(s.value) ? s.value : {}, this.strict);
    // CloudBase returns at most 20 rows from a pipeline that has no $limit stage.
    if (!stages.some((s) => s.key === '$limit')) stages.push({ key: '$limit', value: AGGREGATE_DEFAULT_LIMIT });
    const list = aggregate(this.store.all(coll), stages, (name) => {
      if (!this.store.hasCollection(name)) throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
      return this.store.all(name);
    });
    return { data: { list: list.map(stringify) } };
  }

  // ---- inside a transaction: single documents by _id only, as CloudBase allows ----

  private txDocId(body: Body, now: number): unknown {
    const query = parseParam(body, 'query', now);
    const ids = directIds(query);
    if (!ids || ids.length !== 1 || Object.keys(query).length !== 1) {
      throw new DbError('DATABASE_REQUEST_FAILED', 'only single-document operations by _id are allowed in a transaction');
    }
    return ids[0];
  }

  private async txGet(t: Transaction, body: Body, now: number): Promise<AdminReply> {
    const coll = this.collection(body);
    const projection = body.projection ? parseParam(body, 'projection', now) : undefined;
    if (body.queryType !== 'DOC') {
      // CloudBase: 在事务中不支持批量操作（where 语句）. The SDK does put the transaction id on
      // tx.collection().where().get(); strict mode refuses it, otherwise it reads the snapshot.
      if (this.strict) throw new DbError('DATABASE_REQUEST_FAILED', 'where() is not supported in a transaction: only doc(id) reads and writes and add() (emulator strict mode)');
      const query = parseParam(body, 'query', now);
      this.geo.checkQuery(coll, query, this.strict);
      const offset = parseOffset(body.offset);
      const limit = parseLimit(body.limit);
      const docs = find(this.tx.readAll(t, coll), query, { order: parseOrder(body.order, now), offset, limit, projection });
      return { data: { list: docs.map(stringify), offset, limit } };
    }
    const id = this.txDocId(body, now);
    const doc = this.tx.read(t, coll, idKey(id));
    const docs = doc ? find([doc], {}, { projection }) : [];
    return { data: { list: docs.map(stringify) } };
  }

  private async txInsert(t: Transaction, body: Body, now: number): Promise<AdminReply> {
    const coll = this.collection(body);
    const docs = this.parseDocs(body, now);
    for (const d of docs) {
      if (this.tx.read(t, coll, idKey(d._id)) !== undefined) throw this.duplicate(coll, d._id);
      const entry = this.tx.lockForWrite(t, coll, idKey(d._id));
      if (entry.doc !== undefined) throw this.duplicate(coll, d._id);
      entry.doc = d;
    }
    return { data: { insertedIds: docs.map((d) => d._id) } };
  }

  private async txModify(t: Transaction, body: Body, now: number): Promise<AdminReply> {
    const coll = this.collection(body);
    const id = this.txDocId(body, now);
    const data = parseParam(body, 'data', now);
    const merge = body.merge !== false;
    if (!merge && hasOperators(data)) throw new DbError('DATABASE_REQUEST_FAILED', 'update operators are not allowed in set()');
    const clauses = merge ? normalizeUpdate(data) : null;
    // An update of a document that does not exist changes nothing and takes no lock.
    if (this.tx.read(t, coll, idKey(id)) === undefined && body.upsert !== true) return { data: { updated: 0 } };
    const entry = this.tx.lockForWrite(t, coll, idKey(id));
    if (entry.doc === undefined) {
      if (body.upsert !== true) return { data: { updated: 0 } };
      entry.doc = clauses ? applyUpdate({ _id: id }, clauses, true) : replaceDocument(id, data);
      return { data: { updated: 0, upsert_id: id } };
    }
    const next = clauses ? applyUpdate(entry.doc, clauses, false) : replaceDocument(id, data);
    const changed = stringify(next) !== stringify(entry.doc);
    entry.doc = next;
    return { data: { updated: changed ? 1 : 0 } };
  }

  private async txRemove(t: Transaction, body: Body, now: number): Promise<AdminReply> {
    const coll = this.collection(body);
    const id = this.txDocId(body, now);
    if (this.tx.read(t, coll, idKey(id)) === undefined) return { data: { deleted: 0 } };
    const entry = this.tx.lockForWrite(t, coll, idKey(id));
    if (entry.doc === undefined) return { data: { deleted: 0 } };
    entry.doc = undefined;
    return { data: { deleted: 1 } };
  }
}
