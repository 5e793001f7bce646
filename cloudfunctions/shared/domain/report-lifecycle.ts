import type { Role, Scopes } from '../contracts/user';
import type { ReportKind } from './categories';
import { inStaffScope } from './scope';
import { STATUS_LABELS } from '../isomorphic/labels';

/**
 * The report lifecycle of DESIGN.md as one table:
 *   issue      submitted → accepted → dispatched → resolved → closed
 *              submitted → rejected | duplicate;  resolved → reopened (not fixed) → resolved …
 *   volunteer  submitted → verified | rejected
 * Every change goes through `decide`, which checks who may do it before what state it is in, so a
 * caller without the right gets AUTH.FORBIDDEN and never learns the state, while a caller with the
 * right who is too late (another staff member accepted first) gets SNAPSHOT.BAD_STATE.
 */
export const REPORT_STATUSES = ['submitted', 'accepted', 'dispatched', 'resolved', 'closed', 'rejected', 'duplicate', 'reopened', 'verified'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Statuses someone still has to act on. */
export const OPEN_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted', 'dispatched', 'reopened'];
/** Open statuses of an issue that another worker may still run into on the street (for 我也遇到了). */
export const ACTIVE_ISSUE_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted', 'dispatched', 'reopened'];

export type TransitionAction = 'accept' | 'reject' | 'duplicate' | 'verify' | 'dispatch' | 'resolve' | 'close' | 'reopen';

/** Who may take a transition: scoped staff (or admin), the grid worker it is assigned to, or the reporter. */
export type ActorKind = 'staff' | 'assignee' | 'reporter';

interface Transition {
  kinds: readonly ReportKind[];
  from: readonly ReportStatus[];
  to: ReportStatus;
  actor: ActorKind;
}

export const TRANSITIONS: Record<TransitionAction, Transition> = {
  accept: { kinds: ['issue'], from: ['submitted'], to: 'accepted', actor: 'staff' },
  reject: { kinds: ['issue', 'volunteer'], from: ['submitted'], to: 'rejected', actor: 'staff' },
  duplicate: { kinds: ['issue'], from: ['submitted'], to: 'duplicate', actor: 'staff' },
  verify: { kinds: ['volunteer'], from: ['submitted'], to: 'verified', actor: 'staff' },
  // Re-dispatching (another grid worker, or after the reporter reopened it) is allowed.
  dispatch: { kinds: ['issue'], from: ['accepted', 'dispatched', 'reopened'], to: 'dispatched', actor: 'staff' },
  resolve: { kinds: ['issue'], from: ['dispatched', 'reopened'], to: 'resolved', actor: 'assignee' },
  close: { kinds: ['issue'], from: ['resolved'], to: 'closed', actor: 'reporter' },
  reopen: { kinds: ['issue'], from: ['resolved'], to: 'reopened', actor: 'reporter' },
};

export interface ActorContext {
  openid: string;
  roles: readonly Role[];
  scopes: Scopes;
}

/** The fields of a report the rules look at. */
export interface LifecycleSubject {
  kind: ReportKind;
  status: ReportStatus;
  reporter: string;
  communityId: string | null;
  assignee: string | null;
}

export function mayAct(report: LifecycleSubject, actor: ActorContext, kind: ActorKind): boolean {
  switch (kind) {
    case 'staff':
      // Staff act on reports of their communities; admins on every report, the district queue included.
      return inStaffScope(actor, report.communityId);
    case 'assignee':
      return actor.roles.includes('gridworker') && !!report.assignee && report.assignee === actor.openid;
    case 'reporter':
      return report.reporter === actor.openid;
  }
}

export type Decision =
  | { ok: true; to: ReportStatus }
  | { ok: false; code: 'AUTH.FORBIDDEN' | 'SNAPSHOT.BAD_STATE'; message: string };

export { STATUS_LABELS, statusLabel } from '../isomorphic/labels';

export function decide(report: LifecycleSubject, action: TransitionAction, actor: ActorContext): Decision {
  const t = TRANSITIONS[action];
  if (!mayAct(report, actor, t.actor)) return { ok: false, code: 'AUTH.FORBIDDEN', message: '没有权限处理这条上报' };
  // Nobody reviews their own report: acceptance pays points to the reporter.
  if (t.actor === 'staff' && report.reporter === actor.openid) return { ok: false, code: 'AUTH.FORBIDDEN', message: '不能审核或派发自己的上报' };
  if (!t.kinds.includes(report.kind)) return { ok: false, code: 'SNAPSHOT.BAD_STATE', message: report.kind === 'volunteer' ? '志愿服务记录不能进行此操作' : '随手拍上报不能进行此操作' };
  if (!t.from.includes(report.status)) {
    return { ok: false, code: 'SNAPSHOT.BAD_STATE', message: `这条上报当前为「${STATUS_LABELS[report.status]}」，不能进行此操作，请刷新后查看` };
  }
  return { ok: true, to: t.to };
}

/** What the caller may do next, for the page to show the right buttons (the server still decides). */
export function allowedActions(report: LifecycleSubject, actor: ActorContext): TransitionAction[] {
  return (Object.keys(TRANSITIONS) as TransitionAction[]).filter((a) => decide(report, a, actor).ok);
}
