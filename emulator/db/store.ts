// SQLite is the source of truth; a parsed copy of every collection lives in memory so queries
// never re-parse JSON. Stored documents are immutable objects: a write replaces the object, so
// references handed to readers or transactions stay valid snapshots.
import Database from 'better-sqlite3';
import { type Doc, parse, stringify } from './ejson';

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

  /**
   * Applies writes atomically: one SQLite transaction, then the in-memory copy. Callers have
   * already validated them (duplicates, existence), so SQLite failure here is exceptional.
   */
  apply(ops: WriteOp[]): void {
    if (ops.length === 0) return;
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
      if (op.kind === 'delete') c.docs.delete(op.key);
      else c.docs.set(op.key, op.doc);
      c.array = null;
      this.versions.set(docKey(op.coll, op.key), ++this.seq);
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
