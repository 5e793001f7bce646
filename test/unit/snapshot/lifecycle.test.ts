import { allowedActions, decide, REPORT_STATUSES, TRANSITIONS, type ActorContext, type LifecycleSubject, type ReportStatus, type TransitionAction } from '../../../cloudfunctions/shared/domain/report-lifecycle';

const scopes = (over: Partial<ActorContext['scopes']> = {}) => ({ staff: [], gridworker: [], merchant: [], ...over });
const reporter: ActorContext = { openid: 'w1', roles: ['worker'], scopes: scopes() };
const staff: ActorContext = { openid: 's1', roles: ['worker', 'staff'], scopes: scopes({ staff: ['c1'] }) };
const otherStaff: ActorContext = { openid: 's2', roles: ['worker', 'staff'], scopes: scopes({ staff: ['c2'] }) };
const admin: ActorContext = { openid: 'a1', roles: ['worker', 'admin'], scopes: scopes() };
const grid: ActorContext = { openid: 'g1', roles: ['worker', 'gridworker'], scopes: scopes({ gridworker: ['g-1'] }) };
const otherGrid: ActorContext = { openid: 'g2', roles: ['worker', 'gridworker'], scopes: scopes({ gridworker: ['g-1'] }) };
const stranger: ActorContext = { openid: 'w2', roles: ['worker'], scopes: scopes() };

const subject = (status: ReportStatus, over: Partial<LifecycleSubject> = {}): LifecycleSubject => ({ kind: 'issue', status, reporter: 'w1', communityId: 'c1', assignee: 'g1', ...over });

// The whole table, spelled out: which (action, status) pairs are legal for an issue.
const LEGAL_ISSUE: Record<TransitionAction, ReportStatus[]> = {
  accept: ['submitted'],
  reject: ['submitted'],
  duplicate: ['submitted'],
  verify: [],
  dispatch: ['accepted', 'dispatched', 'reopened'],
  resolve: ['dispatched', 'reopened'],
  close: ['resolved'],
  reopen: ['resolved'],
};
const ACTOR_FOR: Record<TransitionAction, ActorContext> = { accept: staff, reject: staff, duplicate: staff, verify: staff, dispatch: staff, resolve: grid, close: reporter, reopen: reporter };

describe('the report lifecycle table', () => {
  it.each(Object.keys(LEGAL_ISSUE) as TransitionAction[])('%s: allowed exactly from its statuses, else SNAPSHOT.BAD_STATE', (action) => {
    for (const status of REPORT_STATUSES) {
      const d = decide(subject(status), action, ACTOR_FOR[action]);
      if (LEGAL_ISSUE[action].includes(status)) expect({ status, d }).toEqual({ status, d: { ok: true, to: TRANSITIONS[action].to } });
      else expect({ status, code: d.ok ? 'ok' : d.code }).toEqual({ status, code: 'SNAPSHOT.BAD_STATE' });
    }
  });

  it('volunteer records: only verify or reject, from submitted', () => {
    const v = subject('submitted', { kind: 'volunteer' });
    expect(decide(v, 'verify', staff)).toEqual({ ok: true, to: 'verified' });
    expect(decide(v, 'reject', staff)).toEqual({ ok: true, to: 'rejected' });
    for (const a of ['accept', 'duplicate', 'dispatch'] as const) expect(decide(v, a, staff)).toMatchObject({ ok: false, code: 'SNAPSHOT.BAD_STATE' });
    expect(decide(subject('verified', { kind: 'volunteer' }), 'verify', staff)).toMatchObject({ ok: false, code: 'SNAPSHOT.BAD_STATE' });
  });

  it('checks who before what state: the wrong person is forbidden whatever the state', () => {
    for (const status of REPORT_STATUSES) {
      expect(decide(subject(status), 'accept', otherStaff)).toMatchObject({ ok: false, code: 'AUTH.FORBIDDEN' });
      expect(decide(subject(status), 'accept', stranger)).toMatchObject({ ok: false, code: 'AUTH.FORBIDDEN' });
      expect(decide(subject(status), 'resolve', otherGrid)).toMatchObject({ ok: false, code: 'AUTH.FORBIDDEN' });
      expect(decide(subject(status), 'close', stranger)).toMatchObject({ ok: false, code: 'AUTH.FORBIDDEN' });
      expect(decide(subject(status), 'close', staff)).toMatchObject({ ok: false, code: 'AUTH.FORBIDDEN' });
    }
  });

  it('lets admins act on any community and on the district queue; staff never on the district queue', () => {
    expect(decide(subject('submitted', { communityId: 'c9' }), 'accept', admin)).toEqual({ ok: true, to: 'accepted' });
    expect(decide(subject('submitted', { communityId: null }), 'accept', admin)).toEqual({ ok: true, to: 'accepted' });
    expect(decide(subject('submitted', { communityId: null }), 'accept', staff)).toMatchObject({ ok: false, code: 'AUTH.FORBIDDEN' });
  });

  it('never lets staff review or dispatch their own report', () => {
    const own = subject('submitted', { reporter: 's1' });
    expect(decide(own, 'accept', staff)).toMatchObject({ ok: false, code: 'AUTH.FORBIDDEN' });
    expect(decide({ ...own, status: 'accepted' }, 'dispatch', staff)).toMatchObject({ ok: false, code: 'AUTH.FORBIDDEN' });
  });

  it('a grid worker who lost the gridworker role cannot resolve what is still assigned to them', () => {
    expect(decide(subject('dispatched'), 'resolve', { ...grid, roles: ['worker'] })).toMatchObject({ ok: false, code: 'AUTH.FORBIDDEN' });
  });

  it('lists the actions for the page buttons', () => {
    expect(allowedActions(subject('submitted'), staff).sort()).toEqual(['accept', 'duplicate', 'reject']);
    expect(allowedActions(subject('resolved'), reporter).sort()).toEqual(['close', 'reopen']);
    expect(allowedActions(subject('reopened'), grid)).toEqual(['resolve']);
    expect(allowedActions(subject('reopened'), staff)).toEqual(['dispatch']);
    expect(allowedActions(subject('closed'), staff)).toEqual([]);
  });
});
