import tcb from '@cloudbase/node-sdk';

type App = ReturnType<typeof tcb.init>;
let app: App | undefined;

/**
 * One SDK instance per warm function instance. The environment comes from the runtime
 * (SYMBOL_CURRENT_ENV): in the cloud that is the function's own environment; in the local
 * emulator the runner injects TCB_ENV and TCB_CONTEXT_CNFG, so this code is the same in both.
 */
export function getApp(): App {
  if (!app) app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  return app;
}

export function getDb() {
  return getApp().database();
}

/** The caller's openid as the platform injected it; never read from the event. */
export function callerOpenid(): string {
  const info = getApp().auth().getUserInfo() as { openId?: string };
  return info.openId ?? '';
}

/**
 * Whether the platform itself started this invocation from a timer trigger. CloudBase sets
 * TRIGGER_SRC=timer in the instance's environment for a timer run (the SDK's own wxCloudToken picks
 * the timer token on exactly that) and WeChat's SOURCE (TCB_SOURCE) `wx_trigger`; a client or server
 * `callFunction` gets neither, whatever its event says. Never read from the event.
 */
export function isTimerInvocation(): boolean {
  const ctx = tcb.getCloudbaseContext() as { TRIGGER_SRC?: string; TCB_SOURCE?: string };
  return ctx.TRIGGER_SRC === 'timer' && !callerOpenid();
}

export type CloudApp = App;
export type Db = ReturnType<App['database']>;

/** What a transaction offers: single-document operations only, as in CloudBase. */
export interface TxCollection {
  doc(id: string): {
    get(): Promise<{ data: unknown }>;
    update(data: object): Promise<unknown>;
    set(data: object): Promise<unknown>;
    remove(): Promise<unknown>;
  };
  add(data: object): Promise<{ id?: string }>;
}
export interface Tx {
  collection(name: string): TxCollection;
  /** The database's operators (`inc` …), so writes inside the transaction need no read first. */
  readonly command: Db['command'];
  /** Which run of the transaction this is (1 = first; more after conflicts). */
  readonly attempt?: number;
}

export interface RetryPolicy {
  /** Attempts in all (each a whole transaction). */
  tries: number;
  /** First backoff ceiling in ms; it doubles per attempt up to `capMs`. */
  baseMs: number;
  capMs: number;
}

/** Enough for a handful of writers on one document; each wait is a few milliseconds. */
export const DEFAULT_RETRY: RetryPolicy = { tries: 6, baseMs: 4, capMs: 80 };

/**
 * Full jitter: a random wait below a ceiling that doubles per attempt (so racers spread out), in
 * milliseconds. (Waiting as long as the losing attempt took, up to 1 s, was tried: on the loaded
 * 2-core machine the load bench fell from 8.0 to 4.8 calls/s, so the waits stay short.)
 */
export function backoffMs(attempt: number, p: RetryPolicy = DEFAULT_RETRY): number {
  return Math.random() * Math.min(p.capMs, p.baseMs * 2 ** (attempt - 1));
}

/**
 * Runs `fn` in a CloudBase transaction and retries it on DATABASE_TRANSACTION_CONFLICT, so `fn`
 * must have no effects outside the transaction.
 *
 * The database answers a write–write conflict at once (snapshot isolation, as MongoDB), so the
 * retry is ours: the SDK's own runTransaction retries a conflict immediately, with no wait, up to
 * 3 more times (its `times` argument), which makes racing callers collide again on every round.
 * Here each attempt is one SDK attempt (`times` = 0: on any error it rolls back and throws), and
 * conflicts are retried after a short random wait, a bounded number of times; then the conflict
 * is thrown for the use-case to turn into a message.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  const once = db.runTransaction as (cb: (tx: Omit<Tx, 'command'>) => Promise<T>, times?: number) => Promise<T>;
  let attempt = 1;
  const withCommand = (tx: Omit<Tx, 'command'>) => fn(Object.assign(tx, { command: db.command, attempt }));
  for (; ; attempt++) {
    try {
      return await once.call(db, withCommand, 0);
    } catch (err) {
      if (!isTransactionConflict(err) || attempt >= policy.tries) throw err;
      await new Promise((r) => setTimeout(r, backoffMs(attempt, policy)));
    }
  }
}

/** The error the database gives a transaction that lost a race (after the retries, too). */
export function isTransactionConflict(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return !!e && (e.code === 'DATABASE_TRANSACTION_CONFLICT' || /TRANSACTION_CONFLICT/.test(String(e.message ?? '')));
}

/**
 * inTransaction for hot documents (one reward's stock under a rush): more attempts, same short
 * jittered waits, so a crowd on one document drains in milliseconds per winner.
 */
export function inTransactionRetrying<T>(db: Db, fn: (tx: Tx) => Promise<T>, tries = 20, baseMs = 4, maxWaitMs = 120): Promise<T> {
  return inTransaction(db, fn, { tries, baseMs, capMs: maxWaitMs });
}
