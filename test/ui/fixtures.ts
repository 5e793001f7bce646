import type { UserView } from '../../cloudfunctions/shared/contracts';

export function makeUser(over: Partial<UserView> = {}, profile: Partial<UserView['profile']> = {}): UserView {
  return {
    openid: 'demo-worker-1',
    roles: ['worker'],
    scopes: { staff: [], gridworker: [], merchant: [] },
    profile: { name: '李明', phone: '13807751001', platform: 'meituan', workType: 'delivery', communityId: 'community-hecheng', avatar: '', ...profile },
    points: { balance: 120 },
    status: 'active',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

/** Fires a Taro component event (Input's onInput etc.) the way the web components do. */
export function fireTaroEvent(el: Element, type: string, detail: unknown): void {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
}
