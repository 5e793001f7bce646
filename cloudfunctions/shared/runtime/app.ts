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
}

/**
 * Runs `fn` in a CloudBase transaction; the SDK retries it on DATABASE_TRANSACTION_CONFLICT,
 * so `fn` must have no effects outside the transaction.
 */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return (db.runTransaction as (cb: (tx: Omit<Tx, 'command'>) => Promise<T>) => Promise<T>)((tx) => fn(Object.assign(tx, { command: db.command })));
}

/** The error the database gives a transaction that lost a race (after the SDK's own retries, too). */
export function isTransactionConflict(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return !!e && (e.code === 'DATABASE_TRANSACTION_CONFLICT' || /TRANSACTION_CONFLICT/.test(String(e.message ?? '')));
}

/**
 * inTransaction for hot documents (one reward's stock under a rush): on a conflict that outlasted
 * the SDK's retries, waits a random, growing while and tries again, up to `tries` times; then the
 * conflict is thrown for the use-case to turn into a message. Nothing commits twice: each try is a
 * whole transaction, and `fn` must still be free of outside effects.
 */
export async function inTransactionRetrying<T>(db: Db, fn: (tx: Tx) => Promise<T>, tries = 5, baseMs = 40, maxWaitMs = Infinity): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(db, fn);
    } catch (err) {
      if (!isTransactionConflict(err) || attempt >= tries) throw err;
      await new Promise((r) => setTimeout(r, Math.min(maxWaitMs, baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random())));
    }
  }
}
