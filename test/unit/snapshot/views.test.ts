import { DEFAULT_CATEGORIES, mergeCategories } from '../../../cloudfunctions/shared/domain/categories';
import { messagesFor, subscribeData, templateFor, templateIds } from '../../../cloudfunctions/shared/domain/messages';
import { pageOf } from '../../../cloudfunctions/shared/domain/cursor';
import { dueAtFor, isOverdue, relationOf, reportIdFor, toNearbyItem, toView, uploadDirFor, type ReportDoc } from '../../../cloudfunctions/shared/domain/report';
import { STATUS_LABELS, statusLabel } from '../../../cloudfunctions/shared/domain/report-lifecycle';
import { checkFromSuggest } from '../../../cloudfunctions/shared/usecases/snapshot-media';
import { dueText, statusLabel as frontStatusLabel } from '../../../src/constants/snapshot';
import type { UserDoc } from '../../../cloudfunctions/shared/domain/user';

const NOW = new Date('2026-11-22T04:00:00Z');
const scopes = { staff: [] as string[], gridworker: [] as string[], merchant: [] as string[] };

function report(over: Partial<ReportDoc> = {}): ReportDoc {
  return {
    _id: 'r1',
    kind: 'issue',
    category: 'road_damage',
    categoryName: '道路破损',
    status: 'resolved',
    description: '路面有坑',
    textCheck: 'pass',
    photos: [
      { fileID: 'cloud://e.b/snapshot/u1/a.jpg', check: 'approved' },
      { fileID: 'cloud://e.b/snapshot/u1/b.jpg', check: 'pending' },
      { fileID: 'cloud://e.b/snapshot/u1/c.jpg', check: 'rejected' },
    ],
    location: null,
    coords: { lat: 23.11, lng: 109.56 },
    address: '人民路',
    placeId: null,
    placeName: '',
    placeOwner: null,
    hours: null,
    activity: '',
    reporter: 'w1',
    route: { level: 'grid', gridId: 'g1', gridName: '一网格', communityId: 'c1', communityName: '荷城社区', districtId: 'd' },
    communityId: 'c1',
    gridId: 'g1',
    districtId: 'd',
    assignee: 'gw',
    assigneeName: '周丽',
    meTooCount: 2,
    reward: 10,
    points: 10,
    slaHours: 72,
    dueAt: dueAtFor(new Date('2026-11-20T00:00:00Z'), 72),
    resolution: { note: '已修补', textCheck: 'pass', photos: [{ fileID: 'cloud://e.b/snapshot/ugw/r.jpg', check: 'pending' }], at: NOW, by: 'gw', byName: '周丽' },
    rating: null,
    rejectReason: '',
    duplicateOf: null,
    timeline: [
      { at: new Date('2026-11-20T00:00:00Z'), action: 'submit', status: 'submitted', actor: { openid: 'w1', role: 'reporter', name: '李明' }, note: '' },
      { at: new Date('2026-11-20T01:00:00Z'), action: 'accept', status: 'accepted', actor: { openid: 's1', role: 'staff', name: '韦强' }, note: '奖励 10 积分' },
    ],
    notify: {},
    requestId: 'req-1',
    day: '2026-11-20',
    createdAt: new Date('2026-11-20T00:00:00Z'),
    updatedAt: NOW,
    ...over,
  };
}

const worker = { openid: 'w1', roles: ['worker'] as const, scopes };
const staff = { openid: 's1', roles: ['worker', 'staff'] as const, scopes: { ...scopes, staff: ['c1'] } };
const other = { openid: 'w9', roles: ['worker'] as const, scopes };
const view = (r: ReportDoc, viewer: typeof worker | typeof staff | typeof other, relation = relationOf(r, { ...viewer, roles: [...viewer.roles] }), reporterUser?: UserDoc) =>
  toView(r, { relation, viewer: { ...viewer, roles: [...viewer.roles] }, urls: {}, now: NOW, reporterUser });

describe('what each viewer sees', () => {
  it('the reporter sees all their own photos with their check state, and themselves as 我', () => {
    const v = view(report(), worker);
    expect(v.photos.map((p) => p.check)).toEqual(['approved', 'pending', 'rejected']);
    expect(v.hiddenPhotos).toBe(0);
    expect(v.timeline.map((t) => t.actor.name)).toEqual(['我', '韦强']);
    expect(v.resolution!.photos).toEqual([]);
    expect(v.resolution!.hiddenPhotos).toBe(1);
    expect(v.can.sort()).toEqual(['close', 'reopen']);
  });

  it('others see approved photos only, never the reporter, and no notes', () => {
    const v = view(report(), other, 'meToo');
    expect(v.photos.map((p) => p.fileID)).toEqual(['cloud://e.b/snapshot/u1/a.jpg']);
    expect(v.hiddenPhotos).toBe(2);
    expect(v.timeline[0].actor.name).toBe('上报人');
    expect(v.timeline[1].note).toBe('');
    expect(v.reporter).toBeNull();
    expect(JSON.stringify(v)).not.toContain('w1');
  });

  it('staff see the reporter; the phone in full only when the reporter lives in their community', () => {
    const user = { profile: { name: '李明', phone: '13807751001', communityId: 'c1' } } as UserDoc;
    expect(view(report(), staff, 'staff', user).reporter).toEqual({ name: '李明', phone: '13807751001' });
    expect(view(report(), staff, 'staff', { profile: { ...user.profile, communityId: 'c2' } } as UserDoc).reporter).toEqual({ name: '李明', phone: '138****1001' });
  });

  it('text waiting for a human check is held back from other workers', () => {
    const r = report({ textCheck: 'review' });
    expect(view(r, worker).description).toBe('路面有坑');
    expect(view(r, worker).textUnderReview).toBe(true);
    expect(view(r, other, 'meToo').description).toBe('（描述正在审核中）');
    expect(toNearbyItem(r, 12.4, 'w9', false, {}).description).toBe('（描述正在审核中）');
    expect(toNearbyItem(r, 12.4, 'w9', false, {})).toMatchObject({ distance: 12, mine: false, meTooCount: 2 });
  });

  it('relations: reporter, scoped staff, assignee, place owner, nobody', () => {
    const r = report({ placeOwner: 'm1' });
    expect(relationOf(r, { ...worker, roles: ['worker'] })).toBe('reporter');
    expect(relationOf(r, { ...staff, roles: ['worker', 'staff'] })).toBe('staff');
    expect(relationOf(r, { openid: 'gw', roles: ['gridworker'], scopes })).toBe('assignee');
    expect(relationOf(r, { openid: 'm1', roles: ['merchant'], scopes })).toBe('placeOwner');
    expect(relationOf(r, { openid: 's2', roles: ['staff'], scopes: { ...scopes, staff: ['c2'] } })).toBe('none');
  });
});

describe('small rules', () => {
  it('ids are deterministic per person and requestId, and upload dirs do not name the person', () => {
    expect(reportIdFor('w1', 'abc12345')).toBe(reportIdFor('w1', 'abc12345'));
    expect(reportIdFor('w1', 'abc12345')).not.toBe(reportIdFor('w2', 'abc12345'));
    expect(reportIdFor('w1', 'abc12345')).toMatch(/^r[0-9a-f]{24}$/);
    expect(uploadDirFor('demo-worker-1')).not.toContain('demo-worker-1');
  });

  it('a deadline reads in hours for its first two days, so a 48-hour one is not 「还剩 1 天」', () => {
    const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
    const H = 3_600_000;
    expect(dueText(at(48 * H - 60_000), NOW)).toBe('还剩 47 小时');
    expect(dueText(at(26 * H), NOW)).toBe('还剩 26 小时');
    expect(dueText(at(48 * H), NOW)).toBe('还剩 2 天');
    expect(dueText(at(80 * H), NOW)).toBe('还剩 3 天');
    expect(dueText(at(30 * 60_000), NOW)).toBe('还剩 30 分钟');
    expect(dueText(at(-30 * H), NOW)).toBe('已超时 30 小时');
    expect(dueText(at(-75 * H), NOW)).toBe('已超时 3 天');
  });

  it('overdue means open and past the deadline', () => {
    expect(isOverdue(report({ status: 'dispatched', dueAt: new Date(NOW.getTime() - 1) }), NOW)).toBe(true);
    expect(isOverdue(report({ status: 'resolved', dueAt: new Date(NOW.getTime() - 1) }), NOW)).toBe(false);
    expect(isOverdue(report({ status: 'submitted', dueAt: new Date(NOW.getTime() + 1) }), NOW)).toBe(false);
  });

  it('pages carry a cursor only when there is more', () => {
    const rows = [1, 2, 3].map((i) => ({ _id: `r${i}`, createdAt: new Date(NOW.getTime() - i) }));
    expect(pageOf(rows, 3, (r) => r.createdAt).nextCursor).toBeNull();
    const p = pageOf(rows, 2, (r) => r.createdAt);
    expect(p.rows.map((r) => r._id)).toEqual(['r1', 'r2']);
    expect(p.nextCursor).toEqual(expect.any(String));
  });

  it('stored category edits win over the built-in list; unknown codes are added', () => {
    const merged = mergeCategories([{ _id: 'streetlight', code: 'streetlight', points: 8, enabled: false }, { _id: 'bike', code: 'bike', name: '单车乱停', kind: 'issue', points: 2, slaHours: 24, photoRequired: true, routing: 'location', enabled: true, order: 45, glyph: '车' }]);
    expect(merged.find((c) => c.code === 'streetlight')).toMatchObject({ name: '路灯故障', points: 8, enabled: false, slaHours: 72 });
    expect(merged.map((c) => c.code).indexOf('bike')).toBe(merged.map((c) => c.code).indexOf('occupation') + 1);
    expect(merged).toHaveLength(DEFAULT_CATEGORIES.length + 1);
  });

  it('messages go to the reporter, and to the grid worker when work lands on them', () => {
    const dispatched = report({ status: 'dispatched', resolution: null });
    const msgs = messagesFor(dispatched, 'dispatch', { actorName: '韦强', assigneeName: '周丽' }, NOW);
    expect(msgs.map((m) => [m.openid, m.title])).toEqual([
      ['w1', '随手拍「道路破损」已派单'],
      ['gw', '新的待办工单'],
    ]);
    expect(new Set(msgs.map((m) => m._id)).size).toBe(2);
    expect(messagesFor(report({ status: 'accepted' }), 'accept', { actorName: '韦强', points: 10 }, NOW)[0].body).toContain('获得 10 积分');
  });

  it('subscribe templates: which step uses which, configured ids, and field limits', () => {
    expect(templateFor('accept')).toBe('review');
    expect(templateFor('dispatch')).toBe('progress');
    expect(templateFor('resolve')).toBe('resolved');
    expect(templateFor('close')).toBeNull();
    expect(templateIds('review=A, resolved=C')).toEqual({ review: 'A', progress: 'TEMPLATE_ID_PROGRESS', resolved: 'C' });
    const data = subscribeData(report({ categoryName: '一二三四五六七八九十一二三四五六七八九十一' }), '', NOW);
    expect(data.thing1.value).toHaveLength(20);
    expect(data.time3.value).toBe('2026-11-22 12:00');
    expect(data.phrase2.value.length).toBeLessThanOrEqual(5);
  });

  it('image verdicts: pass approves, risky rejects, review waits for staff', () => {
    expect(checkFromSuggest('pass')).toEqual({ check: 'approved' });
    expect(checkFromSuggest('risky')).toEqual({ check: 'rejected' });
    expect(checkFromSuggest('review')).toEqual({ staffReview: true });
    expect(checkFromSuggest(undefined)).toBeNull();
  });
});

test('a volunteer record waits 待认定 everywhere (queue filter, chips, exports); an issue waits 待受理', () => {
  expect(statusLabel('submitted', 'volunteer')).toBe('待认定');
  expect(statusLabel('submitted', 'issue')).toBe('待受理');
  // The pages take the same function (the shared labels), with an issue as the default kind.
  expect(frontStatusLabel).toBe(statusLabel);
  expect(frontStatusLabel('submitted')).toBe('待受理');
  expect(STATUS_LABELS.verified).toBe('已认定');
});
