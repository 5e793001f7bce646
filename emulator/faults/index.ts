// Fault injection for tests: make chosen CloudBase API calls fail, hang or vanish, so tests can show
// that every multi-document change is all-or-nothing and every retry is idempotent.

export type FaultKind =
  /** Answer with a CloudBase error code (default DATABASE_REQUEST_FAILED). */
  | 'error'
  /** Close the connection without answering: the caller sees a network failure. */
  | 'drop'
  /** Answer late (then normally): slow storage, a database under load. */
  | 'delay';

export interface FaultRule {
  /** Exact action (`database.modifyDocument`) or a prefix ending in '*' (`storage.*`); `gateway.upload` for the H5 upload route. */
  action: string;
  collection?: string;
  /** Only `wx.openApi` calls of this WeChat API (`security.msgSecCheck` …). */
  apiName?: string;
  /** Only calls inside (true) or outside (false) a transaction. */
  transactional?: boolean;
  /** Let this many matching calls through first. */
  after?: number;
  /** How many matching calls to hit (default 1). */
  times?: number;
  kind: FaultKind;
  code?: string;
  delayMs?: number;
}

export interface Fault {
  kind: FaultKind;
  code: string;
  message: string;
  delayMs: number;
}

interface ActiveRule extends FaultRule {
  seen: number;
  hit: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  /** Calls that were hit, for tests to assert the fault really fired. */
  hits = 0;

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, seen: 0, hit: 0 });
  }

  clear(): void {
    this.rules = [];
    this.hits = 0;
  }

  /** The fault for this request body, if a rule matches and still has hits left. */
  match(body: Record<string, unknown>): Fault | undefined {
    const action = typeof body.action === 'string' ? body.action : '';
    for (const r of this.rules) {
      const actionOk = r.action.endsWith('*') ? action.startsWith(r.action.slice(0, -1)) : action === r.action;
      if (!actionOk) continue;
      if (r.collection && body.collectionName !== r.collection) continue;
      if (r.apiName && body.apiName !== r.apiName) continue;
      if (r.transactional !== undefined && r.transactional !== (typeof body.transactionId === 'string')) continue;
      r.seen++;
      if (r.seen <= (r.after ?? 0)) continue;
      if (r.hit >= (r.times ?? 1)) continue;
      r.hit++;
      this.hits++;
      return {
        kind: r.kind,
        code: r.code ?? 'DATABASE_REQUEST_FAILED',
        message: `injected fault on ${action}`,
        delayMs: r.delayMs ?? 0,
      };
    }
    return undefined;
  }
}
