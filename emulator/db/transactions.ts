// Transactions with snapshot isolation, as CloudBase's MongoDB (WiredTiger) runs them:
// - the snapshot is taken by the transaction's first operation; reads see that snapshot plus the
//   transaction's own writes, and never take a lock or wait;
// - a write takes the document's write lock. If another open transaction holds it, or the
//   document was written (committed) after this transaction's snapshot, the write fails at once
//   with DATABASE_TRANSACTION_CONFLICT (MongoDB's WriteConflict) and the transaction is aborted;
// - a non-transactional write to a document locked by an open transaction waits until that
//   transaction ends (see Engine.waitForWriters);
// - write skew (two transactions that read the same documents and write different ones) commits.
// Sources: emulator/db/README.md, "Transactions".
import { randomBytes } from 'node:crypto';
import { type Doc } from './ejson';
import { DbError } from './errors';
import { type Store, type WriteOp, docKey, idKey } from './store';

export interface TxOptions {
  /** Idle time after which an open transaction is aborted and its locks released. */
  idleTimeoutMs: number;
}

/** A document this transaction has written: its view of it, and whether it existed before. */
interface Entry {
  coll: string;
  key: string;
  existed: boolean;
  doc: Doc | undefined;
}

type EndReason = 'committed' | 'aborted' | 'conflict' | 'expired' | 'failed';

export class Transaction {
  /** Written documents by docKey; reads of other documents go to the snapshot. */
  readonly entries = new Map<string, Entry>();
  state: 'open' | EndReason = 'open';
  /** Store sequence the transaction reads at; set by its first operation. */
  snapshot: number | null = null;
  lastActive = Date.now();
  busy = 0;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(readonly id: string, readonly invocation: string | undefined) {
    this.done = new Promise((r) => { this.resolveDone = r; });
  }

  finish(reason: EndReason): void {
    if (this.state !== 'open') return;
    this.state = reason;
    this.resolveDone();
  }
}

export function conflict(message = 'database transaction conflict'): DbError {
  return new DbError('DATABASE_TRANSACTION_CONFLICT', message);
}

export class TransactionManager {
  private readonly open = new Map<string, Transaction>();
  /** Recently ended transactions, so late calls get a meaningful error (and conflicts stay retryable). */
  private readonly ended = new Map<string, EndReason>();
  /** Write locks: the open transaction that has written each document. */
  private readonly writers = new Map<string, Transaction>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly store: Store, private readonly opts: TxOptions) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(1000, opts.idleTimeoutMs));
    this.sweeper.unref();
  }

  start(invocation?: string): Transaction {
    this.sweep();
    const tx = new Transaction(randomBytes(16).toString('hex'), invocation);
    this.open.set(tx.id, tx);
    return tx;
  }

  /** Runs one request inside a transaction; any DbError aborts it (MongoDB aborts on errors too). */
  async run<T>(id: unknown, fn: (tx: Transaction) => Promise<T> | T): Promise<T> {
    const tx = this.lookup(id);
    if (tx.snapshot === null) {
      this.store.pinned = true;
      tx.snapshot = this.store.sequence();
    }
    tx.busy++;
    tx.lastActive = Date.now();
    try {
      return await fn(tx);
    } catch (e) {
      if (e instanceof DbError) this.end(tx, e.code === 'DATABASE_TRANSACTION_CONFLICT' ? 'conflict' : 'failed');
      throw e;
    } finally {
      tx.busy--;
      tx.lastActive = Date.now();
    }
  }

  private lookup(id: unknown): Transaction {
    if (typeof id !== 'string' || !id) throw new DbError('INVALID_PARAM', 'transactionId is required');
    const tx = this.open.get(id);
    if (tx) return tx;
    const reason = this.ended.get(id);
    // A transaction killed by a conflict stays retryable from the SDK's point of view.
    if (reason === 'conflict') throw conflict('transaction was aborted by a conflict');
    if (reason) throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction already ${reason}`);
    throw new DbError('DATABASE_TRANSACTION_FAIL', 'transaction not found');
  }

  /** The transaction's view of a document: its own write, else the snapshot. Never waits. */
  read(tx: Transaction, coll: string, key: string): Doc | undefined {
    const own = tx.entries.get(docKey(coll, key));
    if (own) return own.doc;
    return this.store.getAt(coll, key, tx.snapshot ?? this.store.sequence());
  }

  /** Committed documents as of the snapshot, overlaid with the transaction's own writes. */
  readAll(tx: Transaction, coll: string): Doc[] {
    const base = this.store.allAt(coll, tx.snapshot ?? this.store.sequence());
    const own = new Map<string, Doc | undefined>();
    for (const e of tx.entries.values()) if (e.coll === coll) own.set(e.key, e.doc);
    if (own.size === 0) return base;
    const out: Doc[] = [];
    const seen = new Set<string>();
    for (const d of base) {
      const key = idKey(d._id);
      if (own.has(key)) {
        seen.add(key);
        const mine = own.get(key);
        if (mine) out.push(mine);
      } else {
        out.push(d);
      }
    }
    for (const [key, d] of own) if (!seen.has(key) && d) out.push(d);
    return out;
  }

  /**
   * Takes the write lock on a document, or fails at once with a conflict (first writer wins):
   * another open transaction wrote it, or someone committed a write to it after our snapshot.
   */
  lockForWrite(tx: Transaction, coll: string, key: string): Entry {
    const k = docKey(coll, key);
    const known = tx.entries.get(k);
    if (known) return known;
    const holder = this.writers.get(k);
    if (holder && holder !== tx && holder.state === 'open') {
      if (this.isExpired(holder)) this.end(holder, 'expired');
      else throw conflict(`write conflict: ${coll}/${key} is being written by another transaction`);
    }
    if (this.store.version(coll, key) > (tx.snapshot ?? 0)) {
      throw conflict(`write conflict: ${coll}/${key} changed after the transaction's snapshot`);
    }
    this.writers.set(k, tx);
    const doc = this.store.get(coll, key);
    const entry: Entry = { coll, key, existed: doc !== undefined, doc };
    tx.entries.set(k, entry);
    return entry;
  }

  /** The open transaction holding a document's write lock, if any (expired holders are ended). */
  lockHolder(coll: string, key: string): Transaction | undefined {
    const holder = this.writers.get(docKey(coll, key));
    if (!holder || holder.state !== 'open') return undefined;
    if (this.isExpired(holder)) {
      this.end(holder, 'expired');
      return undefined;
    }
    return holder;
  }

  /** Resolves when `tx` ends or would expire, whichever comes first. */
  async waitFor(tx: Transaction): Promise<void> {
    const expiresIn = Math.max(1, tx.lastActive + this.opts.idleTimeoutMs - Date.now());
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([tx.done, new Promise<void>((r) => { timer = setTimeout(r, expiresIn + 5); })]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** Whether this invocation (function instance call) has a transaction open. */
  invocationHasOpenTransaction(invocation: string): boolean {
    for (const tx of this.open.values()) if (tx.invocation === invocation && !this.isExpired(tx)) return true;
    return false;
  }

  /** Applies all writes atomically. Conflicts were settled when each write took its lock. */
  commit(id: unknown): void {
    const tx = this.lookup(id);
    if (tx.busy > 0) throw new DbError('DATABASE_TRANSACTION_FAIL', 'transaction has a request in flight');
    const ops: WriteOp[] = [];
    for (const e of tx.entries.values()) {
      if (e.doc === undefined) {
        if (e.existed) ops.push({ kind: 'delete', coll: e.coll, key: e.key });
      } else if (e.existed) {
        ops.push({ kind: 'update', coll: e.coll, key: e.key, doc: e.doc });
      } else {
        if (!this.store.hasCollection(e.coll)) this.store.createCollection(e.coll);
        ops.push({ kind: 'insert', coll: e.coll, key: e.key, doc: e.doc });
      }
    }
    try {
      this.store.apply(ops);
    } catch (err) {
      this.end(tx, 'failed');
      throw new DbError('DATABASE_TRANSACTION_FAIL', `commit failed: ${(err as Error).message}`);
    }
    this.end(tx, 'committed');
  }

  /** Aborting an already-ended transaction succeeds, so the SDK's rollback after an error is clean. */
  abort(id: unknown): void {
    if (typeof id !== 'string' || !id) throw new DbError('INVALID_PARAM', 'transactionId is required');
    const tx = this.open.get(id);
    if (tx) this.end(tx, 'aborted');
    else if (!this.ended.has(id)) throw new DbError('DATABASE_TRANSACTION_FAIL', 'transaction not found');
  }

  private end(tx: Transaction, reason: EndReason): void {
    if (tx.state !== 'open') return;
    for (const k of tx.entries.keys()) if (this.writers.get(k) === tx) this.writers.delete(k);
    this.open.delete(tx.id);
    this.ended.set(tx.id, reason);
    if (this.ended.size > 10000) {
      const oldest = this.ended.keys().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
    tx.finish(reason);
    this.releaseSnapshots();
  }

  /** Old versions are kept only as long as an open snapshot can still read them. */
  private releaseSnapshots(): void {
    let oldest: number | null = null;
    for (const t of this.open.values()) {
      if (t.snapshot !== null && (oldest === null || t.snapshot < oldest)) oldest = t.snapshot;
    }
    if (this.open.size === 0) this.store.pinned = false;
    this.store.prune(oldest);
  }

  private isExpired(tx: Transaction): boolean {
    return tx.busy === 0 && Date.now() - tx.lastActive > this.opts.idleTimeoutMs;
  }

  private sweep(): void {
    for (const tx of [...this.open.values()]) if (this.isExpired(tx)) this.end(tx, 'expired');
  }

  openCount(): number {
    return this.open.size;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const tx of [...this.open.values()]) this.end(tx, 'aborted');
  }
}
