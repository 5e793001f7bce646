import { configuredAdmins, effectiveRoles, maskPhone, newUser, toOthersView, toOwnView, withRole, withoutRole } from '../../../cloudfunctions/shared/domain/user';

const now = new Date('2026-11-01T08:00:00Z');

function person(over: Partial<ReturnType<typeof newUser>> = {}) {
  const u = newUser('w1', now, false);
  u.profile = { ...u.profile, name: '李明', phone: '13807751001', communityId: 'community-hecheng' };
  return { ...u, ...over };
}

describe('phone masking', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13807751001')).toBe('138****1001');
  });
  it('masks short or empty values whole', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('12345')).toBe('*****');
  });
  it('shows the owner their own phone, and other workers a masked one', () => {
    const u = person();
    expect(toOwnView(u, u.roles).profile.phone).toBe('13807751001');
    expect(toOthersView(u, { roles: ['worker'], scopes: { staff: [], gridworker: [], merchant: [] } }).profile.phone).toBe('138****1001');
  });
  it('unmasks only for staff scoped to the person’s community, and admins', () => {
    const u = person();
    const staffHere = { roles: ['worker', 'staff'] as const, scopes: { staff: ['community-hecheng'], gridworker: [], merchant: [] } };
    const staffThere = { roles: ['worker', 'staff'] as const, scopes: { staff: ['community-gangning'], gridworker: [], merchant: [] } };
    expect(toOthersView(u, { ...staffHere, roles: [...staffHere.roles] }).profile.phone).toBe('13807751001');
    expect(toOthersView(u, { ...staffThere, roles: [...staffThere.roles] }).profile.phone).toBe('138****1001');
    expect(toOthersView(u, { roles: ['admin'], scopes: { staff: [], gridworker: [], merchant: [] } }).profile.phone).toBe('13807751001');
  });
});

describe('roles', () => {
  it('reads configured admins from a comma list, ignoring blanks', () => {
    expect([...configuredAdmins(' a, b ,,c ')]).toEqual(['a', 'b', 'c']);
    expect(configuredAdmins(undefined).size).toBe(0);
  });
  it('adds admin to a configured admin without storing it', () => {
    const u = person();
    expect(effectiveRoles(u, true)).toEqual(['worker', 'admin']);
    expect(u.roles).toEqual(['worker']);
    expect(effectiveRoles(null, false)).toEqual([]);
  });
  it('grants additively: a second staff grant widens the scope, never duplicates', () => {
    const u = person();
    const once = withRole(u, 'staff', ['community-hecheng']);
    const twice = withRole({ ...u, ...once }, 'staff', ['community-hecheng', 'community-gangning']);
    expect(twice.roles).toEqual(['worker', 'staff']);
    expect(twice.scopes.staff).toEqual(['community-hecheng', 'community-gangning']);
  });
  it('revoking a scoped role clears its scope and keeps the others', () => {
    const u = person({ roles: ['worker', 'staff', 'gridworker'], scopes: { staff: ['community-hecheng'], gridworker: ['grid-hecheng-1'], merchant: [] } });
    const next = withoutRole(u, 'staff');
    expect(next.roles).toEqual(['worker', 'gridworker']);
    expect(next.scopes).toEqual({ staff: [], gridworker: ['grid-hecheng-1'], merchant: [] });
  });
});
