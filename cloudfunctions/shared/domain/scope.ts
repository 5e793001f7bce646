// The community-scope rule for the functions: the rule itself (inStaffScope, staffCommunities) is the
// shared one in isomorphic/scope.ts, which the pages use too; here is what only the functions need —
// the viewer of a call, and a list's scope, refused in words when a community is outside it.
import type { Role, Scopes } from '../contracts/user';
import { AppError } from '../errors';
import { inStaffScope, staffCommunities, type ScopedActor } from '../isomorphic/scope';

export { inStaffScope, staffCommunities, type ScopedActor };

/** What the checks read of a person: their openid, roles and scopes (missing scope lists as empty). */
export interface Viewer {
  openid: string;
  roles: readonly Role[];
  scopes: Scopes;
}

/** The viewer a call is made by: roles from the runtime, scopes from the stored user (none before the first login). */
export function viewerOf(caller: { openid: string; roles: readonly Role[]; user: { scopes?: Partial<Scopes> } | null }): Viewer {
  const s = caller.user?.scopes ?? {};
  return { openid: caller.openid, roles: caller.roles, scopes: { staff: s.staff ?? [], gridworker: s.gridworker ?? [], merchant: s.merchant ?? [] } };
}

/**
 * The communities a staff-side list covers: the one asked for (if the actor may see it), else all of
 * the actor's; null = no filter (an admin who asked for none). A community outside the scope is
 * refused with `refusal` (AUTH.FORBIDDEN), never silently emptied, so a wrong link says why.
 */
export function listScope(actor: ScopedActor, requested: string | undefined, refusal: string): string[] | null {
  if (requested) {
    if (!inStaffScope(actor, requested)) throw new AppError('AUTH.FORBIDDEN', refusal);
    return [requested];
  }
  const mine = staffCommunities(actor);
  return mine === null ? null : [...mine];
}
