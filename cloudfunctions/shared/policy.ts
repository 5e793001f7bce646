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
  'user.exportMine': 'any',
  'user.deleteMe': 'any',
  'user.communities': 'any',

  'admin.grantRole': ['admin'],
  'admin.revokeRole': ['admin'],
  'admin.listRegions': ['staff', 'admin', 'gridworker'],
  'admin.importRegions': ['admin'],
  'admin.listUsers': ['staff', 'admin'],
  'admin.setBanned': ['admin'],
  'admin.reviewName': ['staff', 'admin'],
  'admin.auditLog': ['admin'],
  'admin.listApiKeys': ['admin'],
  'admin.issueApiKey': ['admin'],
  'admin.revokeApiKey': ['admin'],
  'admin.open311Settings': ['admin'],
  'admin.setOpen311Public': ['admin'],

  'stats.overview': ['staff', 'admin'],
  'stats.export': ['staff', 'admin'],
  'stats.rebuild': ['admin'],

  'place.nearby': 'any',
  'place.get': 'any',
  'place.apply': 'any',
  'place.mine': 'any',
  'place.update': 'any',
  'place.queue': ['staff', 'admin'],
  'place.review': ['staff', 'admin'],
  'place.upsertStation': ['staff', 'admin'],
  'place.suspend': ['staff', 'admin'],
  'place.manage': ['staff', 'admin'],

  'points.summary': 'any',
  'points.ledger': 'any',
  'points.adjust': ['staff', 'admin'],
  'points.rules': 'any',
  'points.updateRules': ['admin'],
  'points.leaderboard': 'any',
  'points.rewards': 'any',
  'points.manageRewards': ['merchant', 'staff', 'admin'],
  'points.upsertReward': ['merchant', 'staff', 'admin'],
  'points.reviewReward': ['staff', 'admin'],
  'points.redeem': 'any',
  'points.myRedemptions': 'any',
  'points.redemption': 'any',
  'points.cancelRedemption': 'any',
  'points.checkCode': ['merchant', 'staff', 'admin'],
  'points.fulfill': ['merchant', 'staff', 'admin'],

  'pointsjobs.run': ['admin'],

  'snapshot.categories': 'any',
  'snapshot.upsertCategory': ['admin'],
  'snapshot.settings': 'any',
  'snapshot.submit': 'any',
  'snapshot.nearby': 'any',
  'snapshot.meToo': 'any',
  'snapshot.get': 'any',
  'snapshot.listMine': 'any',
  'snapshot.queue': ['staff', 'admin'],
  'snapshot.queueCounts': ['staff', 'admin'],
  'snapshot.homeCounts': 'any',
  'snapshot.review': ['staff', 'admin'],
  'snapshot.assignees': ['staff', 'admin'],
  'snapshot.dispatch': ['staff', 'admin'],
  'snapshot.tasks': ['gridworker'],
  'snapshot.resolve': ['gridworker'],
  'snapshot.rate': 'any',
  'snapshot.placeFeedback': ['merchant'],
  'snapshot.imageQueue': ['staff', 'admin'],
  'snapshot.reviewImage': ['staff', 'admin'],
  'snapshot.messages': 'any',
  'snapshot.unreadCount': 'any',
  'snapshot.markRead': 'any',
};

export function accessFor(fn: string, action: string): Access | undefined {
  return POLICY[`${fn}.${action}`];
}

export function allows(access: Access, roles: readonly Role[]): boolean {
  if (access === 'public' || access === 'any') return true;
  return access.some((r) => roles.includes(r));
}
