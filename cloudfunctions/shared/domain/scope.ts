// Who may see and act on which community: the one rule behind every staff-side check (report
// queues and transitions, place reviews and stations, rewards, the dashboard and exports, people,
// points adjustments, image review). DESIGN.md: staff are "scoped to communities"; an admin is "all
// of staff everywhere". A scope belongs to the staff role — a user without the role has no community
// even if a stale scope list were still stored — and a thing with no community (the district queue,
// a district-wide reward) is an admin's alone.
import type { Role, Scopes } from '../contracts/user';
import { AppError } from '../errors';

export interface ScopedActor {
  roles: readonly Role[];
  scopes?: Partial<Scopes> | null;
}

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

/** The communities the actor works for as staff: null = every community (admin); [] = none. */
export function staffCommunities(actor: ScopedActor): readonly string[] | null {
  if (actor.roles.includes('admin')) return null;
  return actor.roles.includes('staff') ? (actor.scopes?.staff ?? []) : [];
}

/** May the actor see and act on what belongs to this community? Admins everywhere; staff in their scope; no community = admins only. */
export function inStaffScope(actor: ScopedActor, communityId: string | null | undefined): boolean {
  const mine = staffCommunities(actor);
  if (mine === null) return true;
  return !!communityId && mine.includes(communityId);
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
