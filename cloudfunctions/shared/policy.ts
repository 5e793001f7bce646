import type { Role } from './contracts/user';

/**
 * The one table that says who may call what. An action missing here is refused (deny by default);
 * scope (which community, grid or place) is checked by the use-case against `caller.scopes`.
 * `public` actions run without a user record (first login); `any` needs a logged-in, unbanned user.
 */
export type Access = 'public' | 'any' | readonly Role[];

export const POLICY: Record<string, Access> = {
  'user.login': 'public',
  'user.me': 'any',
  'user.updateProfile': 'any',

  'admin.grantRole': ['admin'],
  'admin.revokeRole': ['admin'],
  'admin.listRegions': ['staff', 'admin', 'gridworker'],
  'admin.importRegions': ['admin'],
  'admin.listUsers': ['staff', 'admin'],
  'admin.setBanned': ['admin'],
  'admin.auditLog': ['admin'],
};

export function accessFor(fn: string, action: string): Access | undefined {
  return POLICY[`${fn}.${action}`];
}

export function allows(access: Access, roles: readonly Role[]): boolean {
  if (access === 'public' || access === 'any') return true;
  return access.some((r) => roles.includes(r));
}
