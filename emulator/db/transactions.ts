// Transactions: document-level locks taken on first touch (read or write) and held until the
// end, like CloudBase's MongoDB underneath. A transaction that finds a document locked waits
// (bounded) for the holder to finish instead of failing at once — the SDK's runTransaction only
// retries 3 times, and real CloudBase also queues on locks for a while. Waits are bounded and
// wait-for cycles are refused immediately, so deadlock is impossible.
// Non-transactional writes never wait; if one changes a document after a transaction read it,
// that transaction fails with DATABASE_TRANSACTION_CONFLICT on its next write or at commit.
import { randomBytes } from 'node:crypto';
import { type Doc } from './ejson';
import { DbError } from './errors';
import { type Store, type WriteOp, docKey } from './store';

export interface TxOptions {
  /** How long a transaction waits for a lock held by another transaction. */
  lockWaitMs: number;
  /** Idle time after which an open transaction is aborted and its locks released. */
  idleTimeoutMs: number;
}

interface Entry {
  coll: string;
  key: string;
  /** Store version when first touched; a different version at write/commit means conflict. */
  version: number;
  existed: boolean;
  /** The transaction's view: committed doc at first touch, then its own writes. */
  doc: Doc | undefined;
  dirty: boolean;
}

type EndReason = 'committed' | 'aborted' | 'conflict' | 'expired' | 'failed';

export class Transaction {
  readonly entries = new Map<string, Entry>();
  state: 'open' | EndReason = 'open';
  lastActive = Date.now();
  busy = 0;
  waitingFor: Transaction | null = null;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(readonly id: string) {
    this.done = new Promise((r) => { this.resolveDone = r; });
  }

  finish(reason: EndReason): void {
    if (this.state !== 'open') return;
    this.state = reason;
    this.resolveDone();
  }
}

function conflict(message = 'database transaction conflict'): DbError {
  return new DbError('DATABASE_TRANSACTION_CONFLICT', message);
}

export class TransactionManager {
  private readonly open = new Map<string, Transaction>();
  /** Recently ended transactions, so late calls get a meaningful error (and conflicts stay retryable). */
  private readonly ended = new Map<string, EndReason>();
  private readonly locks = new Map<string, Transaction>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly store: Store, private readonly opts: TxOptions) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(1000, opts.idleTimeoutMs));
    this.sweeper.unref();
  }

  start(): Transaction {
    this.sweep();
    const tx = new Transaction(randomBytes(16).toString('hex'));
    this.open.set(tx.id, tx);
    return tx;
  }

  /** Runs one request inside a transaction; any DbError aborts it (MongoDB aborts on errors too). */
  async run<T>(id: unknown, fn: (tx: Transaction) => Promise<T> | T): Promise<T> {
    const tx = this.lookup(id);
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

  /** Locks a document for the transaction and returns its view of it. */
  async touch(tx: Transaction, coll: string, key: string): Promise<Entry> {
    const k = docKey(coll, key);
    const known = tx.entries.get(k);
    if (known) return known;
    await this.acquire(tx, k);
    const doc = this.store.get(coll, key);
    const entry: Entry = { coll, key, version: this.store.version(coll, key), existed: doc !== undefined, doc, dirty: false };
    tx.entries.set(k, entry);
    return entry;
  }

  /** Before a write: the document must not have changed since the transaction first read it. */
  checkUnchanged(entry: Entry): void {
    if (this.store.version(entry.coll, entry.key) !== entry.version) throw conflict();
  }

  private async acquire(tx: Transaction, k: string): Promise<void> {
    const deadline = Date.now() + this.opts.lockWaitMs;
    for (;;) {
      if (tx.state !== 'open') throw conflict('transaction was aborted while waiting for a lock');
      const holder = this.locks.get(k);
      if (!holder || holder === tx || holder.state !== 'open') {
        this.locks.set(k, tx);
        return;
      }
      if (this.isExpired(holder)) {
        this.end(holder, 'expired');
        continue;
      }
      for (let t: Transaction | null = holder; t; t = t.waitingFor) {
        if (t === tx) throw conflict('deadlock between transactions');
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw conflict();
      const holderExpiresIn = Math.max(1, holder.lastActive + this.opts.idleTimeoutMs - Date.now());
      tx.waitingFor = holder;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          holder.done,
          new Promise<void>((r) => { timer = setTimeout(r, Math.min(remaining, holderExpiresIn)); }),
        ]);
      } finally {
        if (timer) clearTimeout(timer);
        tx.waitingFor = null;
        tx.lastActive = Date.now();
      }
    }
  }

  /** Applies all writes atomically, after re-checking every touched document. */
  commit(id: unknown): void {
    const tx = this.lookup(id);
    if (tx.busy > 0) throw new DbError('DATABASE_TRANSACTION_FAIL', 'transaction has a request in flight');
    const ops: WriteOp[] = [];
    for (const e of tx.entries.values()) {
      if (this.store.version(e.coll, e.key) !== e.version) {
        this.end(tx, 'conflict');
        throw conflict();
      }
      if (!e.dirty) continue;
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
    for (const k of tx.entries.keys()) if (this.locks.get(k) === tx) this.locks.delete(k);
    // Locks taken for documents whose entry was never created (failed waits) are not held.
    this.open.delete(tx.id);
    this.ended.set(tx.id, reason);
    if (this.ended.size > 10000) {
      const oldest = this.ended.keys().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
    tx.finish(reason);
  }

  private isExpired(tx: Transaction): boolean {
    return tx.busy === 0 && tx.waitingFor === null && Date.now() - tx.lastActive > this.opts.idleTimeoutMs;
  }

  private sweep(): void {
    for (const tx of this.open.values()) if (this.isExpired(tx)) this.end(tx, 'expired');
  }

  openCount(): number {
    return this.open.size;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const tx of [...this.open.values()]) this.end(tx, 'aborted');
  }
}
