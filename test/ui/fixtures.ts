import type { UserView } from '../../cloudfunctions/shared/contracts';
import type { ReportSummary } from '../../cloudfunctions/shared/contracts/snapshot';

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

/** A report as lists show it: a 井盖缺失 in 荷城一网格, dispatched; tests override what they are about. */
export function makeReportSummary(over: Partial<ReportSummary> & { id: string }): ReportSummary {
  return {
    kind: 'issue',
    category: 'manhole',
    categoryName: '井盖缺失',
    status: 'dispatched',
    description: `描述 ${over.id}`,
    address: '荷城路 102 号',
    thumb: '',
    region: { level: 'grid', gridId: 'grid-hecheng-1', gridName: '荷城一网格', communityId: 'community-hecheng', communityName: '荷城社区' },
    meTooCount: 0,
    hours: null,
    activity: '',
    points: 0,
    createdAt: '2026-11-20T01:00:00.000Z',
    dueAt: '2026-11-21T01:00:00.000Z',
    overdue: false,
    assigneeName: '',
    ...over,
  };
}
