// The emulated CloudBase database, consumed by the gateway: one call per CloudBase API request body.
import { Engine } from './database';
import type { AdminReply } from './database';

export type { AdminReply } from './database';

export interface EmulatedDatabase {
  /** Handle one `database.*` request body (it carries `action`), as the CloudBase API would. */
  handle(body: Record<string, unknown>): Promise<AdminReply>;
  /** Create a collection if it does not exist (CloudBase requires collections to exist). */
  ensureCollection(name: string): void;
  /** Documents written so far (monotonic): a call that wrote nothing leaves it unchanged. */
  writes(): number;
  close(): void;
}

export interface DatabaseOptions {
  /** SQLite file path; undefined keeps everything in memory (tests). */
  file?: string;
  /** How long a transaction waits for a document locked by another one before conflicting (default 5000). */
  lockWaitMs?: number;
  /** Idle time after which an abandoned transaction is aborted (default 15000). */
  transactionIdleTimeoutMs?: number;
}

export function openDatabase(opts: DatabaseOptions = {}): EmulatedDatabase {
  const engine = new Engine(opts);
  return {
    handle: (body) => engine.handle(body),
    ensureCollection: (name) => engine.ensureCollection(name),
    writes: () => engine.writes(),
    close: () => engine.close(),
  };
}
