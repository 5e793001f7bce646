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
}

/**
 * Runs `fn` in a CloudBase transaction; the SDK retries it on DATABASE_TRANSACTION_CONFLICT,
 * so `fn` must have no effects outside the transaction.
 */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return (db.runTransaction as (cb: (tx: Tx) => Promise<T>) => Promise<T>)(fn);
}
