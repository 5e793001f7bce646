// Chinese labels shown at runtime. Copied from cloudfunctions/shared/contracts/user.ts (the front end imports
// only *types* from cloudfunctions so no zod ships in the mini-program); test/ui/labels.test.tsx keeps them in sync.
import type { Platform, Role, WorkType } from '../../cloudfunctions/shared/contracts';

export const PLATFORM_OPTIONS: ReadonlyArray<{ value: Platform; label: string }> = [
  { value: 'meituan', label: '美团' },
  { value: 'eleme', label: '饿了么' },
  { value: 'sf', label: '顺丰' },
  { value: 'jd', label: '京东' },
  { value: 'didi', label: '滴滴' },
  { value: 'other', label: '其他' },
];

export const WORK_TYPE_OPTIONS: ReadonlyArray<{ value: WorkType; label: string }> = [
  { value: 'delivery', label: '外卖骑手' },
  { value: 'courier', label: '快递员' },
  { value: 'ride_hailing', label: '网约车司机' },
  { value: 'truck', label: '货车司机' },
  { value: 'other', label: '其他' },
];

export const ROLE_LABELS: Record<Role, string> = {
  worker: '新就业群体',
  merchant: '友好商户',
  gridworker: '网格员',
  staff: '社区工作人员',
  admin: '管理员',
};

/**
 * The role tags a person carries in lists. Everyone holds `worker` underneath; it is shown only for people
 * who are riders, couriers or drivers — no other role, or a delivery/courier/driving job on their profile —
 * so staff, grid workers and shop owners are not all tagged 新就业群体.
 */
export function roleTags(roles: readonly Role[], workType: string): Role[] {
  const others = roles.filter((r) => r !== 'worker');
  const isWorker = roles.includes('worker') && (others.length === 0 || (!!workType && workType !== 'other'));
  return ROLE_PRIORITY.filter((r) => (r === 'worker' ? isWorker : others.includes(r))).reverse();
}

/** Most specific role first: what the home greeting calls the user. */
export const ROLE_PRIORITY: readonly Role[] = ['admin', 'staff', 'gridworker', 'merchant', 'worker'];

export function platformLabel(p: string): string {
  return PLATFORM_OPTIONS.find((o) => o.value === p)?.label ?? '';
}

export function workTypeLabel(w: string): string {
  return WORK_TYPE_OPTIONS.find((o) => o.value === w)?.label ?? '';
}

export function primaryRole(roles: readonly Role[]): Role {
  return ROLE_PRIORITY.find((r) => roles.includes(r)) ?? 'worker';
}

/** Mainland mobile number, as the user function validates it. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/** Workers are asked for their work type; district staff, grid workers and admins are not. */
export function needsWorkType(roles: readonly Role[]): boolean {
  return !roles.some((r) => r === 'staff' || r === 'gridworker' || r === 'admin');
}
/**
 * The hint in every 兑换码 box (the merchant's home and 核销兑换). It shows the shape, not an example:
 * an example that looks real can be a real code (the demo's own H8K2-M4Q7-R9T3 was 李明's, already
 * used), and a merchant who tries it is told 已使用. Underscores are outside the generator's
 * alphabet and survive normalizeCode, so the hint can never name a code.
 */
export const CODE_PLACEHOLDER = '输入 12 位兑换码，格式 ____-____-____';
