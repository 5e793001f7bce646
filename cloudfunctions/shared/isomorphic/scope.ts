// Who may see and act on which community: the one rule behind every staff-side check, on both sides
// (the functions decide with it; the workbench pages offer only the communities it allows). DESIGN.md:
// staff are "scoped to communities"; an admin is "all of staff everywhere". A scope belongs to the
// staff role — a user without the role has no community even if a stale scope list were still
// stored — and a thing with no community (the district queue, a district-wide reward) is an admin's alone.
import type { Role, Scopes } from '../contracts/user';

export interface ScopedActor {
  roles: readonly Role[];
  scopes?: Partial<Scopes> | null;
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
