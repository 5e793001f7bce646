import { POLICY } from '../../../cloudfunctions/shared/policy';
import { discoverActions } from '../../helpers/functions';

// Deny by default only works if every action has exactly one row: a new action without a row
// would be unreachable, and a row without an action is a stale grant. Actions are discovered
// from every cloudfunctions/<fn>/index.ts, so a new function cannot be forgotten here.
describe('the policy table', () => {
  const defined = discoverActions()
    .map((a) => `${a.fn}.${a.action}`)
    .sort();

  it('covers the functions the product has', () => {
    const fns = new Set(defined.map((k) => k.split('.')[0]));
    for (const fn of ['user', 'admin', 'snapshot', 'place', 'points', 'stats']) expect(fns).toContain(fn);
  });

  it('has a row for every action and no row without an action', () => {
    expect(Object.keys(POLICY).sort()).toEqual(defined);
  });

  it('lets only admins change roles', () => {
    expect(POLICY['admin.grantRole']).toEqual(['admin']);
    expect(POLICY['admin.revokeRole']).toEqual(['admin']);
  });
});
