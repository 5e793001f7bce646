// SQLite is the source of truth; a parsed copy of every collection lives in memory so queries
// never re-parse JSON. Stored documents are immutable objects: a write replaces the object, so
// references handed to readers or transactions stay valid snapshots.
// While a transaction is open (`pinned`), every overwritten version is kept in `history`, so a
// transaction can read the database as it was at its snapshot (MVCC, as MongoDB/WiredTiger does).
import Database from 'better-sqlite3';
import { type Doc, parse, stringify } from './ejson';
import { checkIndexable } from './indexes';

export type WriteOp =
  | { kind: 'insert'; coll: string; key: string; doc: Doc }
  | { kind: 'update'; coll: string; key: string; doc: Doc }
  | { kind: 'delete'; coll: string; key: string };

/** Stable map key for an _id (strings as-is; other types tagged so "1" and 1 differ). */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return id;
  return `\u0000${typeof id}:${stringify({ v: id })}`;
}

export function docKey(coll: string, key: string): string {
  return `${coll}\u0001${key}`;
}

/** An overwritten version: `doc` was the value for snapshots in [from, until). */
interface PastVersion {
  until: number;
  doc: Doc | undefined;
}

interface Collection {
  docs: Map<string, Doc>;
  array: Doc[] | null;
}

export class Store {
  private readonly db: Database.Database;
  private readonly collections = new Map<string, Collection>();
  /** Write sequence per document key (also for deleted/absent ids) — used for conflict checks. */
  private readonly versions = new Map<string, number>();
  private seq = 0;
  /** Old versions per document key, oldest first; kept only while some snapshot may need them. */
  private readonly history = new Map<string, PastVersion[]>();
  /** Whether a snapshot is open (set by the transaction manager): then overwrites keep history. */
  pinned = false;
  private readonly stmts: {
    insert: Database.Statement;
    update: Database.Statement;
    remove: Database.Statement;
    addColl: Database.Statement;
  };

  constructor(file?: string) {
    this.db = new Database(file ?? ':memory:');
    if (file) {
      // WAL + synchronous=FULL: a commit returns only after the WAL is fsynced, so an
      // acknowledged write survives kill -9 (and power loss, as far as the disk honours fsync).
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS documents (
        coll TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (coll, id)
      );
    `);
    this.stmts = {
      insert: this.db.prepare('INSERT INTO documents (coll, id, body) VALUES (?, ?, ?)'),
      update: this.db.prepare('UPDATE documents SET body = ? WHERE coll = ? AND id = ?'),
      remove: this.db.prepare('DELETE FROM documents WHERE coll = ? AND id = ?'),
      addColl: this.db.prepare('INSERT OR IGNORE INTO collections (name, created_at) VALUES (?, ?)'),
    };
    this.load();
  }

  private load(): void {
    for (const row of this.db.prepare('SELECT name FROM collections ORDER BY rowid').all() as Array<{ name: string }>) {
      this.collections.set(row.name, { docs: new Map(), array: null });
    }
    // rowid order is insertion order (UPDATE keeps the rowid), i.e. MongoDB's natural order.
    const rows = this.db.prepare('SELECT coll, id, body FROM documents ORDER BY rowid').iterate() as IterableIterator<{ coll: string; id: string; body: string }>;
    for (const row of rows) {
      let c = this.collections.get(row.coll);
      if (!c) {
        c = { docs: new Map(), array: null };
        this.collections.set(row.coll, c);
      }
      c.docs.set(row.id, parse(row.body) as Doc);
    }
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  /** Returns false when it already existed. */
  createCollection(name: string): boolean {
    if (this.collections.has(name)) return false;
    this.stmts.addColl.run(name, Date.now());
    this.collections.set(name, { docs: new Map(), array: null });
    return true;
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  get(coll: string, key: string): Doc | undefined {
    return this.collections.get(coll)?.docs.get(key);
  }

  /** All documents in natural order; the array is cached until the next write. */
  all(coll: string): Doc[] {
    const c = this.collections.get(coll);
    if (!c) return [];
    if (!c.array) c.array = [...c.docs.values()];
    return c.array;
  }

  size(coll: string): number {
    return this.collections.get(coll)?.docs.size ?? 0;
  }

  version(coll: string, key: string): number {
    return this.versions.get(docKey(coll, key)) ?? 0;
  }

  /** The sequence number of the last write: a snapshot taken now sees every write up to it. */
  sequence(): number {
    return this.seq;
  }

  /** The document as a reader with snapshot `snap` sees it (undefined = did not exist then). */
  getAt(coll: string, key: string, snap: number): Doc | undefined {
    const k = docKey(coll, key);
    if ((this.versions.get(k) ?? 0) <= snap) return this.get(coll, key);
    for (const v of this.history.get(k) ?? []) if (v.until > snap) return v.doc;
    // No history older than the write: the document was created after the snapshot.
    return undefined;
  }

  /** Every document of a collection as of snapshot `snap`, in natural order. */
  allAt(coll: string, snap: number): Doc[] {
    const out: Doc[] = [];
    const prefix = docKey(coll, '');
    for (const doc of this.all(coll)) {
      const key = idKey(doc._id);
      const seen = this.getAt(coll, key, snap);
      if (seen) out.push(seen);
    }
    // Documents deleted since the snapshot are no longer in the collection: add their old selves.
    for (const [k, versions] of this.history) {
      if (!k.startsWith(prefix)) continue;
      const key = k.slice(prefix.length);
      if (this.get(coll, key) !== undefined) continue;
      const v = versions.find((x) => x.until > snap);
      if (v?.doc) out.push(v.doc);
    }
    return out;
  }

  /** Drops versions no snapshot at or after `oldest` can see; `null` = no snapshot open. */
  prune(oldest: number | null): void {
    if (oldest === null) {
      this.history.clear();
      return;
    }
    for (const [k, versions] of this.history) {
      const keep = versions.filter((v) => v.until > oldest);
      if (keep.length === 0) this.history.delete(k);
      else if (keep.length !== versions.length) this.history.set(k, keep);
    }
  }

  /**
   * Applies writes atomically: one SQLite transaction, then the in-memory copy. Callers have
   * already validated them (duplicates, existence), so SQLite failure here is exceptional.
   */
  apply(ops: WriteOp[]): void {
    if (ops.length === 0) return;
    // Indexes MongoDB could not build over a written document refuse the whole batch, as the
    // server refuses the write (inside a transaction: at commit, so the transaction aborts).
    checkIndexable(ops);
    const run = this.db.transaction((list: WriteOp[]) => {
      for (const op of list) {
        if (op.kind === 'insert') this.stmts.insert.run(op.coll, op.key, stringify(op.doc));
        else if (op.kind === 'update') this.stmts.update.run(stringify(op.doc), op.coll, op.key);
        else this.stmts.remove.run(op.coll, op.key);
      }
    });
    run(ops);
    for (const op of ops) {
      const c = this.collections.get(op.coll);
      if (!c) continue;
      const k = docKey(op.coll, op.key);
      const seq = ++this.seq;
      if (this.pinned) {
        const versions = this.history.get(k) ?? [];
        versions.push({ until: seq, doc: c.docs.get(op.key) });
        this.history.set(k, versions);
      }
      if (op.kind === 'delete') c.docs.delete(op.key);
      else c.docs.set(op.key, op.doc);
      c.array = null;
      this.versions.set(k, seq);
    }
  }

  /** Documents written since the store opened: tests use it to prove a refusal wrote nothing. */
  writes(): number {
    return this.seq;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
