import type { Profile, Role, Scopes, UserView } from '../contracts/user';
import { inStaffScope, type ScopedActor } from './scope';
import type { MonthQuota } from './rewards';

/** A user as stored in the `users` collection (`_id` is the openid). */
export interface UserDoc {
  _id: string;
  openid: string;
  roles: Role[];
  scopes: Scopes;
  profile: Profile;
  points: { balance: number; earned: number; spent: number };
  /** This month's redemptions of rewards with a per-person limit (domain/rewards MonthQuota). */
  rewardQuota?: MonthQuota;
  /** `deleted`: the person erased their account (user.deleteMe); a later login starts afresh. */
  status: 'active' | 'banned' | 'deleted';
  /**
   * The text check of `profile.name` (msgSecCheck, scene 1). `review`: the check asked for a person
   * to read it, or could not answer; others see the default until staff clear it. Absent = passed
   * (names stored before the check existed).
   */
  nameCheck?: 'pass' | 'review';
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Who is calling, as the runtime says; loaded once per invocation. It lives here, not in the
 * runtime, so use-cases take it without depending on the runtime.
 */
export interface Caller {
  openid: string;
  /** null before the first login. */
  user: UserDoc | null;
  roles: Role[];
}

/**
 * A caller whose lookup the action makes itself, as the first read of its own transaction, with the
 * same checks the entry applies (the runtime builds `identify`). For actions that write the caller's
 * own document (a redeem takes their points): that one read is both the lookup and the balance's read,
 * and a retried transaction reads it afresh. `T` is the transaction handle (this file stays plain).
 */
export interface CallerInTx<T> {
  openid: string;
  identify(tx: T): Promise<Caller>;
}

export const EMPTY_SCOPES: Scopes = { staff: [], gridworker: [], merchant: [] };

export function newUser(openid: string, now: Date, bootstrapAdmin: boolean): UserDoc {
  return {
    _id: openid,
    openid,
    roles: bootstrapAdmin ? ['worker', 'admin'] : ['worker'],
    scopes: { staff: [], gridworker: [], merchant: [] },
    profile: { name: '', phone: '', platform: '', workType: '', communityId: '', avatar: '' },
    points: { balance: 0, earned: 0, spent: 0 },
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
}

/** Admins come from configuration (ADMIN_OPENIDS), never from a client. */
export function configuredAdmins(env: string | undefined = process.env.ADMIN_OPENIDS): Set<string> {
  return new Set(
    (env ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** Effective roles: stored roles plus admin when configured; a banned user keeps none. */
export function effectiveRoles(user: Pick<UserDoc, 'roles' | 'status'> | null, isConfiguredAdmin: boolean): Role[] {
  const roles = new Set<Role>(user ? user.roles : []);
  if (isConfiguredAdmin) roles.add('admin');
  return [...roles];
}

/** 13812345678 → 138****5678; anything shorter is masked whole. */
export function maskPhone(phone: string): string {
  if (!phone) return '';
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/**
 * The name others may see: '' while the name is held for review, so every place that shows a name
 * falls back to its default (网格员 on a timeline, 匿名** on the leaderboard).
 */
export function publicName(user: { profile?: { name?: string }; nameCheck?: string } | null | undefined): string {
  if (!user || user.nameCheck === 'review') return '';
  return user.profile?.name ?? '';
}

/** The caller's own view: their phone unmasked, since they own it. */
export function toOwnView(user: UserDoc, roles: Role[]): UserView {
  const status = user.status === 'banned' ? 'banned' : 'active';
  return {
    openid: user.openid,
    roles,
    scopes: { ...EMPTY_SCOPES, ...user.scopes },
    profile: { ...user.profile },
    points: { balance: user.points.balance },
    status,
    nameUnderReview: user.nameCheck === 'review',
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

/**
 * Another person's view. The phone is shown only to staff whose scope holds the person's home
 * community, and to admins; everyone else sees it masked.
 */
export function toOthersView(user: UserDoc, viewer: ScopedActor): UserView {
  const view = toOwnView(user, user.roles);
  if (!inStaffScope(viewer, user.profile.communityId)) view.profile.phone = maskPhone(user.profile.phone);
  return view;
}

/** Granting is additive and idempotent: granting a role the user has widens its scope. */
export function withRole(user: UserDoc, role: Role, scope: string[] | undefined): Pick<UserDoc, 'roles' | 'scopes'> {
  const roles = user.roles.includes(role) ? [...user.roles] : [...user.roles, role];
  const scopes: Scopes = { ...EMPTY_SCOPES, ...user.scopes };
  if (role === 'staff' || role === 'gridworker') {
    scopes[role] = [...new Set([...(scopes[role] ?? []), ...(scope ?? [])])];
  }
  return { roles, scopes };
}

export function withoutRole(user: UserDoc, role: Role): Pick<UserDoc, 'roles' | 'scopes'> {
  const roles = user.roles.filter((r) => r !== role);
  const scopes: Scopes = { ...EMPTY_SCOPES, ...user.scopes };
  if (role === 'staff' || role === 'gridworker' || role === 'merchant') scopes[role] = [];
  return { roles, scopes };
}
