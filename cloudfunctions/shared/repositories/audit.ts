/** One entry of the append-only audit trail: who did what to which thing, before and after. */
export interface AuditDoc {
  _id?: string;
  actor: string;
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
  at: Date;
  /**
   * What the places, rewards and reports this entry names (its target, a fulfilled code's reward and
   * place) were called when it was written: the trail reads in names with no lookup, whatever their
   * number. A report is named by its category and where it is (domain/report reportAuditName).
   */
  names?: Record<string, string>;
}

/** An entry's `names` from [id, name] pairs; pairs with no id or no name are left out. */
export function auditNames(...pairs: Array<[string | null | undefined, string | null | undefined]>): Record<string, string> {
  return Object.fromEntries(pairs.filter((p): p is [string, string] => !!p[0] && !!p[1]));
}

export const AUDIT_COLLECTION = 'audit';

import type { TimeCursor } from '../domain/cursor';
import type { Db, Tx } from '../runtime/app';
import { afterCursor } from './pagination';

/** Appends one audit entry inside the transaction that makes the change it records. */
export async function appendAudit(tx: Tx, entry: Omit<AuditDoc, '_id'>): Promise<void> {
  await tx.collection(AUDIT_COLLECTION).add(entry);
}

/**
 * Appends one audit entry on its own, for a step that has no transaction of its own to join
 * (a partner's Open311 call records what it did after doing it).
 */
export async function appendAuditAlone(db: Db, entry: Omit<AuditDoc, '_id'>): Promise<void> {
  await db.collection(AUDIT_COLLECTION).add(entry);
}

export function auditRepo(db: Db) {
  const col = db.collection(AUDIT_COLLECTION);
  return {
    /** One page of the trail, newest first, by actor, action, target and a [from, to) time window. */
    async search(s: { actor?: string; action?: string; targetId?: string; from?: Date; to?: Date }, cursor: TimeCursor | null, pageSize: number): Promise<Array<AuditDoc & { _id: string }>> {
      const _ = db.command;
      const filters: Record<string, unknown> = {};
      if (s.actor) filters.actor = s.actor;
      if (s.action) filters.action = s.action;
      if (s.targetId) filters['target.id'] = s.targetId;
      if (s.from && s.to) filters.at = _.and([_.gte(s.from), _.lt(s.to)]);
      else if (s.from) filters.at = _.gte(s.from);
      else if (s.to) filters.at = _.lt(s.to);
      const res = await col.where(afterCursor(db, filters, 'at', cursor) as object).orderBy('at', 'desc').orderBy('_id', 'desc').limit(pageSize).get();
      return res.data as Array<AuditDoc & { _id: string }>;
    },
  };
}
