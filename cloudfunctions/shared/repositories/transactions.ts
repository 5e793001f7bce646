// The transaction runner and the database handle, as use-cases see them. The runtime owns the SDK
// instance and the retry policy; use-cases take both from here so that none of them imports the
// runtime (the layer rule in .dependency-cruiser.cjs refuses that).
import type { CallerInTx } from '../domain/user';
import type { Tx } from '../runtime/app';

export { inTransaction, inTransactionRetrying, isTransactionConflict } from '../runtime/app';
export type { Db, Tx, TxCollection, RetryPolicy } from '../runtime/app';

/** The caller an action identifies inside its own transaction (runtime/handler.ts `actionInTx`). */
export type TxCaller = CallerInTx<Tx>;
