// The one community-scope rule every staff-side check goes through (isomorphic/scope.ts, with the
// functions' list scope in domain/scope.ts), and the
// checks that now delegate to it agree with it: report transitions, places, rewards, phones.
import type { Role, Scopes } from '../../../cloudfunctions/shared/contracts/user';
import { canSee, type PlaceDoc } from '../../../cloudfunctions/shared/domain/place';
import { relationOf, staffRole, type ReportDoc } from '../../../cloudfunctions/shared/domain/report';
import { decide } from '../../../cloudfunctions/shared/domain/report-lifecycle';
import { mayFulfil, mayManage } from '../../../cloudfunctions/shared/domain/rewards';
import { inStaffScope, listScope, staffCommunities, viewerOf } from '../../../cloudfunctions/shared/domain/scope';
import { toOthersView, type UserDoc } from '../../../cloudfunctions/shared/domain/user';

const scopes = (staff: string[] = []): Scopes => ({ staff, gridworker: [], merchant: [] });
const actor = (roles: Role[], staff: string[] = []) => ({ openid: 'me', roles, scopes: scopes(staff) });

const HECHENG = 'community-hecheng';
const SHIYANGTANG = 'community-shiyangtang';
const staff = actor(['worker', 'staff'], [HECHENG]);
const admin = actor(['worker', 'admin']);
const worker = actor(['worker']);
// A stale scope list on someone whose staff role was revoked (withoutRole clears it; older data may not).
const exStaff = actor(['worker'], [HECHENG]);

describe('inStaffScope', () => {
  it('lets staff act in their own communities and nowhere else', () => {
    expect(inStaffScope(staff, HECHENG)).toBe(true);
    expect(inStaffScope(staff, SHIYANGTANG)).toBe(false);
  });

  it('lets an admin act everywhere, the district queue (no community) included; staff never there', () => {
    expect(inStaffScope(admin, SHIYANGTANG)).toBe(true);
    expect(inStaffScope(admin, null)).toBe(true);
    expect(inStaffScope(staff, null)).toBe(false);
    expect(inStaffScope(staff, undefined)).toBe(false);
    expect(inStaffScope(staff, '')).toBe(false);
  });

  it('gives a scope without the staff role nothing (DESIGN.md: staff are the ones scoped to communities)', () => {
    expect(inStaffScope(exStaff, HECHENG)).toBe(false);
    expect(staffCommunities(exStaff)).toEqual([]);
    expect(inStaffScope(worker, HECHENG)).toBe(false);
  });
});

describe('listScope', () => {
  it('an admin lists everything, or the one community asked for', () => {
    expect(listScope(admin, undefined, 'x')).toBeNull();
    expect(listScope(admin, SHIYANGTANG, 'x')).toEqual([SHIYANGTANG]);
  });

  it('staff list their communities, or one of them; another community is refused with the given Chinese words', () => {
    expect(listScope(staff, undefined, 'x')).toEqual([HECHENG]);
    expect(listScope(staff, HECHENG, 'x')).toEqual([HECHENG]);
    expect(() => listScope(staff, SHIYANGTANG, '只能查看本社区的数据')).toThrow(expect.objectContaining({ code: 'AUTH.FORBIDDEN', message: '只能查看本社区的数据' }));
  });

  it('someone without the staff role lists nothing and may not name a community', () => {
    expect(listScope(exStaff, undefined, 'x')).toEqual([]);
    expect(() => listScope(exStaff, HECHENG, '只能查看本社区的地点')).toThrow(expect.objectContaining({ code: 'AUTH.FORBIDDEN' }));
  });

  it('does not hand out the stored scope list itself (a caller may not mutate the user through it)', () => {
    const list = listScope(staff, undefined, 'x')!;
    list.push(SHIYANGTANG);
    expect(staff.scopes.staff).toEqual([HECHENG]);
  });
});

describe('viewerOf', () => {
  it('fills missing scope lists, and a caller not yet stored has none', () => {
    expect(viewerOf({ openid: 'a', roles: ['worker'], user: null }).scopes).toEqual(scopes());
    expect(viewerOf({ openid: 'a', roles: ['staff'], user: { scopes: { staff: [HECHENG] } } }).scopes).toEqual(scopes([HECHENG]));
  });
});

describe('the checks that use it agree with it', () => {
  const report = (communityId: string | null) => ({ kind: 'issue', status: 'submitted', reporter: 'someone', communityId, assignee: null }) as unknown as ReportDoc;
  const user = (communityId: string) => ({ openid: 'p', roles: ['worker'], scopes: scopes(), profile: { name: '甲', phone: '13812345678', platform: '', workType: '', communityId, avatar: '' }, points: { balance: 0 }, status: 'active', createdAt: new Date(0) }) as unknown as UserDoc;

  it.each([
    ['staff in scope', staff, HECHENG],
    ['staff elsewhere', staff, SHIYANGTANG],
    ['admin', admin, SHIYANGTANG],
    ['stale scope without the role', exStaff, HECHENG],
    ['staff on the district queue', staff, null],
  ] as const)('%s', (_name, who, community) => {
    const expected = inStaffScope(who, community);
    expect(decide(report(community), 'accept', who).ok).toBe(expected);
    expect(relationOf(report(community), who) === 'staff').toBe(expected);
    expect(mayManage(who, { communityId: community })).toBe(expected);
    expect(canSee(who, { status: 'pending', ownerOpenid: 'o', communityId: community ?? '', reviewQueue: null } as unknown as PlaceDoc)).toBe(community === null ? who.roles.includes('admin') : expected);
    if (community) expect(toOthersView(user(community), who).profile.phone === '13812345678').toBe(expected);
    if (community) expect(mayFulfil(who, { placeId: null, communityId: community })).toBe(expected);
  });

  it('names an admin who is also staff as staff in their own communities and as admin elsewhere', () => {
    const both: Role[] = ['staff', 'admin'];
    expect(staffRole(both, HECHENG, scopes([HECHENG]))).toBe('staff');
    expect(staffRole(both, SHIYANGTANG, scopes([HECHENG]))).toBe('admin');
    expect(staffRole(['staff'], HECHENG, scopes([HECHENG]))).toBe('staff');
  });
});
