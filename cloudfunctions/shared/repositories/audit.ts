/** One entry of the append-only audit trail: who did what to which thing, before and after. */
export interface AuditDoc {
  _id?: string;
  actor: string;
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
  at: Date;
}

export const AUDIT_COLLECTION = 'audit';

import type { Db, Tx } from '../runtime/app';

/** Appends one audit entry inside the transaction that makes the change it records. */
export async function appendAudit(tx: Tx, entry: Omit<AuditDoc, '_id'>): Promise<void> {
  await tx.collection(AUDIT_COLLECTION).add(entry);
}

export function auditRepo(db: Db) {
  const col = db.collection(AUDIT_COLLECTION);
  return {
    async page(where: unknown, pageSize: number): Promise<Array<AuditDoc & { _id: string }>> {
      const res = await col.where(where as object).orderBy('at', 'desc').orderBy('_id', 'desc').limit(pageSize).get();
      return res.data as Array<AuditDoc & { _id: string }>;
    },
  };
}
