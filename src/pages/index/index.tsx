import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import Icon, { type IconName } from '../../components/icon';
import PageShell from '../../components/page-shell';
import Workbench, { syncHomeTab } from '../../components/workbench';
import { useLoaded, useReloadOnReturn } from '../../components/paged-list';
import { ROLE_LABELS, needsWorkType, platformLabel, primaryRole, workTypeLabel } from '../../constants/labels';
import { locate, mine as myPlaces, nearby as nearbyPlaces } from '../../services/place';
import { manageRewards } from '../../services/points';
import { homeCounts, listMine, tasks } from '../../services/snapshot';
import { openProfileEdit } from '../me/open-edit';
import GridworkerHome from './parts/gridworker-home';
import MerchantHome from './parts/merchant-home';
import RiderHome, { type NearestStation } from './parts/rider-home';
import './index.css';

type Entry = { key: string; icon: IconName; title: string; desc: string; url: string };
type HomeRole = 'rider' | 'gridworker' | 'merchant' | 'staff';

/** The three tabs, in words for what each role does there (a merchant 核销 codes, staff review). */
const QUICK_ENTRIES: Record<HomeRole, readonly Entry[]> = {
  rider: [
    { key: 'snapshot', icon: 'camera', title: '随手拍', desc: '上报身边的问题', url: '/pages/snapshot/index' },
    { key: 'map', icon: 'station', title: '找驿站/商户', desc: '喝水 充电 歇脚', url: '/pages/map/index' },
    { key: 'points', icon: 'gift', title: '积分兑换', desc: '用积分换好礼', url: '/pages/points/index' },
  ],
  gridworker: [
    { key: 'snapshot', icon: 'camera', title: '随手拍', desc: '上报问题 · 我的工单', url: '/pages/snapshot/index' },
    { key: 'map', icon: 'station', title: '找驿站/商户', desc: '辖区站点和商户', url: '/pages/map/index' },
    { key: 'points', icon: 'gift', title: '积分兑换', desc: '用积分换好礼', url: '/pages/points/index' },
  ],
  merchant: [
    { key: 'snapshot', icon: 'camera', title: '随手拍', desc: '门店反馈 · 上报问题', url: '/pages/snapshot/index' },
    { key: 'map', icon: 'station', title: '地图', desc: '看看我的店铺', url: '/pages/map/index' },
    { key: 'points', icon: 'gift', title: '核销兑换码', desc: '骑手出示的兑换码', url: '/pages/points/index' },
  ],
  staff: [
    { key: 'snapshot', icon: 'camera', title: '随手拍', desc: '审核派单', url: '/pages/snapshot/index' },
    { key: 'map', icon: 'station', title: '驿站与商户', desc: '辖区地图', url: '/pages/map/index' },
    { key: 'points', icon: 'gift', title: '奖品与核销', desc: '奖品审核 · 核销兑换码', url: '/pages/points/index' },
  ],
};

/** Nearest station open now, within 5 km of the phone (or of the district centre when unknown). */
async function nearestOpenStation(): Promise<NearestStation> {
  const where = await locate();
  const r = await nearbyPlaces({ location: where.location, radius: 5000, type: 'station', openNow: true, pageSize: 1 }, { silent: true });
  return { station: r.items[0] ?? null, fallback: where.fallback };
}

// Each role's part loads only what it shows, and again whenever the home is shown (back from a task,
// a rating, a 核销), so the figures on it are never stale.
function GridworkerPart() {
  const counts = useLoaded(() => homeCounts({ silent: true }));
  const list = useLoaded(() => tasks({ status: 'todo', pageSize: 5 }, { silent: true }));
  useReloadOnReturn(counts);
  useReloadOnReturn(list);
  return <GridworkerHome counts={counts} tasks={list} />;
}

function MerchantPart() {
  const counts = useLoaded(() => homeCounts({ silent: true }));
  const places = useLoaded(() => myPlaces(undefined, { silent: true }));
  const rewards = useLoaded(() => manageRewards({ pageSize: 50 }, { silent: true }));
  useReloadOnReturn(counts);
  useReloadOnReturn(places);
  useReloadOnReturn(rewards);
  return <MerchantHome counts={counts} places={places} rewards={rewards} />;
}

function RiderPart() {
  const counts = useLoaded(() => homeCounts({ silent: true }));
  const toRate = useLoaded(() => listMine({ status: 'open', pageSize: 20 }, { silent: true }).then((p) => p.items.filter((r) => r.status === 'resolved').slice(0, 3)));
  const nearest = useLoaded(nearestOpenStation);
  useReloadOnReturn(counts);
  useReloadOnReturn(toRate);
  useReloadOnReturn(nearest);
  return <RiderHome counts={counts} toRate={toRate} nearest={nearest} />;
}

function Home({ user }: { user: UserView }) {
  const { profile, roles } = user;
  const role = primaryRole(roles);
  const work = [workTypeLabel(profile.workType), platformLabel(profile.platform)].filter(Boolean).join(' · ');
  const incomplete = !profile.name || (needsWorkType(roles) && !profile.workType);
  const isStaff = roles.includes('staff') || roles.includes('admin');
  const isGridworker = !isStaff && roles.includes('gridworker');
  const isMerchant = !isStaff && !isGridworker && roles.includes('merchant');
  const isRider = !isStaff && !isGridworker && !isMerchant;
  useEffect(() => syncHomeTab(isStaff), [isStaff]);

  return (
    <View className="home">
      <View className="home__hero">
        <Text className="home__hello" data-testid="home-greeting">
          你好，{profile.name || '朋友'}
        </Text>
        <View className="home__meta">
          <Text className="yh-chip home__role">{ROLE_LABELS[role]}</Text>
          {work && isRider ? <Text className="home__work">{work}</Text> : null}
        </View>
        {isRider ? (
          <View className="home__points" data-testid="home-points" onClick={() => void Taro.switchTab({ url: '/pages/points/index' })}>
            <Text className="home__points-label">我的积分</Text>
            <Text className="home__points-value">{user.points.balance}</Text>
          </View>
        ) : null}
      </View>

      {/* Both prompts land on 我的 with 编辑资料 open: one tap to the form, not to a page with a button. */}
      {incomplete ? (
        <View className="yh-card home__notice" data-testid="home-complete-profile" onClick={() => openProfileEdit('profile')}>
          <Text className="yh-card__title">完善资料</Text>
          <Text className="yh-muted">填写姓名和工作类型，方便社区为你提供服务。点这里去填写 ›</Text>
        </View>
      ) : isRider && !profile.communityId ? (
        <View className="yh-card home__notice" data-testid="home-choose-community" onClick={() => openProfileEdit('community')}>
          <Text className="yh-card__title">选择所在社区</Text>
          <Text className="yh-muted">选好社区，社区工作人员才能联系到你，你也能上社区排行榜。点这里去选择 ›</Text>
        </View>
      ) : null}

      {isStaff ? (
        <View data-testid="card-staff">
          <Text className="yh-section-title">工作台</Text>
          <Workbench user={user} />
        </View>
      ) : null}
      {isGridworker ? <GridworkerPart /> : null}
      {isMerchant ? <MerchantPart /> : null}
      {isRider ? <RiderPart /> : null}

      <Text className="yh-section-title">常用</Text>
      <View className="home__entries">
        {QUICK_ENTRIES[isStaff ? 'staff' : isGridworker ? 'gridworker' : isMerchant ? 'merchant' : 'rider'].map((e) => (
          <View key={e.key} className="home__entry" data-testid={`home-entry-${e.key}`} onClick={() => void Taro.switchTab({ url: e.url })}>
            <View className="home__entry-glyph">
              <Icon name={e.icon} color="#ffffff" className="home__entry-icon" />
            </View>
            <Text className="home__entry-title">{e.title}</Text>
            <Text className="home__entry-desc">{e.desc}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

export default function IndexPage() {
  return <PageShell requireUser>{(user) => <Home user={user} />}</PageShell>;
}
