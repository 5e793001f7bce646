import { actions as admin } from '../../../cloudfunctions/admin';
import { POLICY } from '../../../cloudfunctions/shared/policy';
import { actions as user } from '../../../cloudfunctions/user';

// Deny by default only works if every action has exactly one row: a new action without a row
// would be unreachable, and a row without an action is a stale grant.
const FUNCTIONS: Record<string, Record<string, unknown>> = { user, admin };

describe('the policy table', () => {
  const defined = Object.entries(FUNCTIONS).flatMap(([fn, acts]) => Object.keys(acts).map((a) => `${fn}.${a}`)).sort();

  it('has a row for every action and no row without an action', () => {
    expect(Object.keys(POLICY).sort()).toEqual(defined);
  });

  it('lets only admins change roles', () => {
    expect(POLICY['admin.grantRole']).toEqual(['admin']);
    expect(POLICY['admin.revokeRole']).toEqual(['admin']);
  });
});
