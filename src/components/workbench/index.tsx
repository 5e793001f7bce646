import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import { queue as placeQueue } from '../../services/place';
import { manageRewards } from '../../services/points';
import { queueCounts } from '../../services/snapshot';
import './index.css';

/** A count from one page of a list: exact when it is the whole list, "20+" when more pages follow. */
export function pageCount(page: { items: unknown[]; nextCursor: string | null }): string {
  return `${page.items.length}${page.nextCursor ? '+' : ''}`;
}

interface Counts {
  submitted?: number;
  overdue?: number;
  reopened?: number;
  volunteer?: number;
  places?: string;
  rewards?: string;
}

interface Entry {
  key: string;
  title: string;
  url: string;
  /** The figure on the tile and what it counts; none for pages without a queue. */
  badge?: (c: Counts) => { n: string | number | undefined; label: string; hot?: boolean } | null;
  adminOnly?: boolean;
  /** What a tile without a count is for. */
  hint?: string;
}

const QUEUES: Entry[] = [
  // Each counting tile opens its list filtered to what it counts, so the number and the list agree.
  { key: 'queue', title: '审核派单', url: '/pkg-snapshot/queue/index?status=submitted', badge: (c) => ({ n: c.submitted, label: '待受理', hot: (c.submitted ?? 0) > 0 }) },
  { key: 'overdue', title: '超时督办', url: '/pkg-snapshot/queue/index?status=open&overdue=1', badge: (c) => ({ n: c.overdue, label: '已超时', hot: (c.overdue ?? 0) > 0 }) },
  { key: 'volunteer', title: '志愿认定', url: '/pkg-snapshot/queue/index?kind=volunteer', badge: (c) => ({ n: c.volunteer, label: '待认定', hot: (c.volunteer ?? 0) > 0 }) },
  { key: 'places', title: '商户审核', url: '/pkg-place/review/index', badge: (c) => ({ n: c.places, label: '待审核', hot: !!c.places && c.places !== '0' }) },
  { key: 'rewards', title: '奖励管理', url: '/pkg-points/rewards/index', badge: (c) => ({ n: c.rewards, label: '待审核', hot: !!c.rewards && c.rewards !== '0' }) },
  { key: 'fulfil', title: '核销兑换', url: '/pkg-points/fulfil/index', hint: '扫码或输入兑换码' },
  { key: 'images', title: '图片审核', url: '/pkg-snapshot/images/index', hint: '需人工查看的照片' },
];

const TOOLS: Entry[] = [
  { key: 'dashboard', title: '数据看板', url: '/pkg-admin/dashboard/index' },
  { key: 'people', title: '人员与角色', url: '/pkg-admin/people/index' },
  { key: 'stations', title: '服务站管理', url: '/pkg-place/manage/index' },
  { key: 'regions', title: '区域与网格', url: '/pkg-admin/regions/index' },
  { key: 'export', title: '导出数据', url: '/pkg-admin/export/index' },
  { key: 'rules', title: '积分规则', url: '/pkg-points/rules/index' },
  { key: 'categories', title: '随手拍分类', url: '/pkg-snapshot/categories/index', adminOnly: true },
  { key: 'audit', title: '操作记录', url: '/pkg-admin/audit/index', adminOnly: true },
  { key: 'open311', title: '开放接口', url: '/pkg-admin/open311/index', adminOnly: true },
];

const go = (url: string) => void Taro.navigateTo({ url });

/**
 * The 工作台 on the home tab of staff and admins: live queue counts from the other services and an
 * entry to every workbench page. Each count is fetched on its own, so one failing leaves the rest.
 */
export default function Workbench({ user }: { user: UserView }) {
  const isAdmin = user.roles.includes('admin');
  const [counts, setCounts] = useState<Counts>({});

  const refresh = () => {
    queueCounts({ silent: true }).then((c) => setCounts((o) => ({ ...o, ...c })), () => undefined);
    placeQueue({ pageSize: 20 }, { silent: true }).then((p) => setCounts((o) => ({ ...o, places: pageCount(p) })), () => undefined);
    manageRewards({ status: 'pending', pageSize: 20 }, { silent: true }).then((p) => setCounts((o) => ({ ...o, rewards: pageCount(p) })), () => undefined);
  };
  const [shown, setShown] = useState(false);
  useEffect(refresh, []);
  // Back from a queue: the counts may have moved.
  useDidShow(() => {
    if (shown) refresh();
    setShown(true);
  });

  return (
    <View className="wb" data-testid="workbench">
      <View className="wb__grid">
        {QUEUES.map((e) => {
          const b = e.badge?.(counts);
          return (
            <View key={e.key} className={`wb__queue${b?.hot ? ' wb__queue--hot' : ''}`} data-testid={`wb-${e.key}`} onClick={() => go(e.url)}>
              {b ? (
                <Text className="wb__num" data-testid={`wb-count-${e.key}`}>
                  {b.n ?? '–'}
                </Text>
              ) : (
                <Text className="wb__num wb__num--glyph">›</Text>
              )}
              <Text className="wb__title">{e.title}</Text>
              <Text className="wb__label">{b ? b.label : e.hint}</Text>
            </View>
          );
        })}
      </View>
      <View className="wb__tools">
        {TOOLS.filter((e) => isAdmin || !e.adminOnly).map((e) => (
          <View key={e.key} className="wb__tool" data-testid={`wb-${e.key}`} onClick={() => go(e.url)}>
            <Text className="wb__tool-title">{e.title}</Text>
            <Text className="wb__tool-arrow">›</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/**
 * The first tab reads 工作台 for staff and admins. app.json's tab bar is static; setTabBarItem is how a
 * role-aware label is done without a custom tab bar. Called on every home render of a (new) account.
 */
export function syncHomeTab(isStaff: boolean): void {
  const r = Taro.setTabBarItem({ index: 0, text: isStaff ? '工作台' : '首页' }) as unknown;
  // Not on a tab page yet (or the H5 tab bar not mounted): the next home visit sets it.
  if (r && typeof (r as Promise<unknown>).catch === 'function') (r as Promise<unknown>).catch(() => undefined);
}
