// The emulated CloudBase database, consumed by the gateway: one call per CloudBase API request body.
import { Engine } from './database';
import type { AdminReply, RequestContext } from './database';
import type { IndexSpec } from './rules';

export type { AdminReply, RequestContext } from './database';
export type { IndexSpec } from './rules';

export interface EmulatedDatabase {
  /** Handle one `database.*` request body (it carries `action`), as the CloudBase API would. */
  handle(body: Record<string, unknown>, ctx?: RequestContext): Promise<AdminReply>;
  /** Create a collection if it does not exist (CloudBase requires collections to exist), with its declared indexes. */
  ensureCollection(name: string, indexes?: IndexSpec[]): void;
  /** Documents written so far (monotonic): a call that wrote nothing leaves it unchanged. */
  writes(): number;
  close(): void;
}

export interface DatabaseOptions {
  /** SQLite file path; undefined keeps everything in memory (tests). */
  file?: string;
  /** Idle time after which an abandoned transaction is aborted (default 15000). */
  transactionIdleTimeoutMs?: number;
  /**
   * Strict mode (default on): refuse WHERE/count/aggregate sent by an invocation that has a
   * transaction open, where() inside a transaction, and $geoWithin/$geoIntersects without a
   * 2dsphere index. See README.md.
   */
  strict?: boolean;
}

export function openDatabase(opts: DatabaseOptions = {}): EmulatedDatabase {
  const engine = new Engine(opts);
  return {
    handle: (body, ctx) => engine.handle(body, ctx),
    ensureCollection: (name, indexes) => engine.ensureCollection(name, indexes),
    writes: () => engine.writes(),
    close: () => engine.close(),
  };
}
