import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import PageShell from '../../components/page-shell';
import Workbench, { syncHomeTab } from '../../components/workbench';
import { ROLE_LABELS, needsWorkType, platformLabel, primaryRole, workTypeLabel } from '../../constants/labels';
import './index.css';

const QUICK_ENTRIES = [
  { key: 'snapshot', glyph: '拍', title: '随手拍', desc: '上报身边的问题', url: '/pages/snapshot/index' },
  { key: 'map', glyph: '驿', title: '找驿站/商户', desc: '喝水 充电 歇脚', url: '/pages/map/index' },
  { key: 'points', glyph: '兑', title: '积分兑换', desc: '用积分换好礼', url: '/pages/points/index' },
] as const;

function Home({ user }: { user: UserView }) {
  const { profile, roles } = user;
  const role = primaryRole(roles);
  const work = [workTypeLabel(profile.workType), platformLabel(profile.platform)].filter(Boolean).join(' · ');
  const incomplete = !profile.name || (needsWorkType(roles) && !profile.workType);
  const isGridworker = roles.includes('gridworker');
  const isStaff = roles.includes('staff') || roles.includes('admin');
  useEffect(() => syncHomeTab(isStaff), [isStaff]);

  return (
    <View className="home">
      <View className="home__hero">
        <Text className="home__hello" data-testid="home-greeting">
          你好，{profile.name || '朋友'}
        </Text>
        <View className="home__meta">
          <Text className="yh-chip home__role">{ROLE_LABELS[role]}</Text>
          {work ? <Text className="home__work">{work}</Text> : null}
        </View>
        <View className="home__points" onClick={() => void Taro.switchTab({ url: '/pages/points/index' })}>
          <Text className="home__points-label">我的积分</Text>
          <Text className="home__points-value">{user.points.balance}</Text>
        </View>
      </View>

      {incomplete ? (
        <View className="yh-card home__notice" onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
          <Text className="yh-card__title">完善资料</Text>
          <Text className="yh-muted">填写姓名和工作类型，方便社区为你提供服务。点这里去填写 ›</Text>
        </View>
      ) : null}

      {isStaff ? (
        <View data-testid="card-staff">
          <Text className="yh-section-title">工作台</Text>
          <Workbench user={user} />
        </View>
      ) : null}

      <Text className="yh-section-title">常用</Text>
      <View className="home__entries">
        {QUICK_ENTRIES.map((e) => (
          <View key={e.key} className="home__entry" onClick={() => void Taro.switchTab({ url: e.url })}>
            <View className="home__entry-glyph">
              <Text>{e.glyph}</Text>
            </View>
            <Text className="home__entry-title">{e.title}</Text>
            <Text className="home__entry-desc">{e.desc}</Text>
          </View>
        ))}
      </View>

      {isGridworker ? <Text className="yh-section-title">我的工作</Text> : null}
      {isGridworker ? (
        <View className="yh-card home__role-card" data-testid="card-gridworker">
          <View className="yh-row home__role-card-head">
            <Text className="yh-card__title">我的待办</Text>
            <Text className="yh-chip yh-chip--accent">即将开放</Text>
          </View>
          <Text className="yh-muted">派给你的随手拍工单会出现在这里，处理完成后拍照回复。</Text>
        </View>
      ) : null}
    </View>
  );
}

export default function IndexPage() {
  return <PageShell requireUser>{(user) => <Home user={user} />}</PageShell>;
}
