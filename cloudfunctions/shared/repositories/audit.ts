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
