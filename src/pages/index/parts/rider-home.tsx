import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { NearbyItem } from '../../../../cloudfunctions/shared/contracts/place';
import type { HomeCounts, ReportSummary } from '../../../../cloudfunctions/shared/contracts/snapshot';
import type { Loaded } from '../../../components/paged-list';
import { distanceText } from '../../../../cloudfunctions/shared/isomorphic/geo';
import { placeLine } from './place-line';

const go = (url: string) => void Taro.navigateTo({ url });

export interface NearestStation {
  station: NearbyItem | null;
  /** The phone's position was unknown: measured from the district centre. */
  fallback: boolean;
}

/**
 * What needs the rider first: fixes waiting for their rating, unread messages, and the nearest
 * station open now — each one tap.
 */
export default function RiderHome({ counts, toRate, nearest }: { counts: Loaded<HomeCounts>; toRate: Loaded<ReportSummary[]>; nearest: Loaded<NearestStation> }) {
  const c = counts.data;
  const rate = toRate.data ?? [];
  const s = nearest.data?.station;
  return (
    <View data-testid="card-rider">
      <Text className="yh-section-title">需要你处理</Text>
      {/* 待评价 opens 我的上报 on its 待评价 chip: the reports to rate, not the whole history. */}
      <View className="home-counts">
        <View className={`home-count${c && c.toRate > 0 ? ' home-count--hot' : ''}`} data-testid="home-count-torate" onClick={() => go('/pkg-snapshot/mine/index?filter=toRate')}>
          <Text className="home-count__num">{c ? c.toRate : '–'}</Text>
          <Text className="home-count__label">待评价</Text>
        </View>
        <View className={`home-count${c && c.unread > 0 ? ' home-count--hot' : ''}`} data-testid="home-count-unread" onClick={() => go('/pkg-snapshot/messages/index')}>
          <Text className="home-count__num">{c ? c.unread : '–'}</Text>
          <Text className="home-count__label">未读消息</Text>
        </View>
      </View>
      {rate.length ? (
        <View className="yh-card home-list">
          <Text className="yh-card__title">问题已处理，请你评价</Text>
          {rate.map((r) => (
            <View key={r.id} className="home-task" data-testid="home-torate" onClick={() => go(`/pkg-snapshot/detail/index?id=${encodeURIComponent(r.id)}&focus=rate`)}>
              <View className="home-task__head">
                <Text className="home-task__title">{r.categoryName}</Text>
                <Text className="home-task__due home-task__due--late">去评价 ›</Text>
              </View>
              <Text className="home-task__desc">{r.description}</Text>
              <Text className="home-task__where">{placeLine(r)}</Text>
            </View>
          ))}
        </View>
      ) : null}

      <View className="yh-card home-station" data-testid="home-station" onClick={() => (s ? go(`/pkg-place/detail/index?id=${encodeURIComponent(s.id)}`) : void Taro.switchTab({ url: '/pages/map/index' }))}>
        <Text className="yh-card__title">最近的驿站</Text>
        {s ? (
          <View>
            <View className="home-task__head">
              <Text className="home-station__name">{s.name}</Text>
              <Text className="home-station__dist">{distanceText(s.distance)}</Text>
            </View>
            <Text className="home-place__open home-place__open--on">{s.statusText}</Text>
            <Text className="home-task__where">{s.address}</Text>
            {nearest.data?.fallback ? <Text className="yh-muted">没有获取到你的位置，按街区中心估算距离</Text> : null}
          </View>
        ) : (
          <Text className="yh-muted" data-testid="home-station-none">
            {nearest.loading ? '正在查找附近营业中的驿站…' : nearest.error ? `没有查到：${nearest.error}` : '附近 5 公里内暂时没有营业中的驿站，点这里看地图 ›'}
          </Text>
        )}
      </View>
    </View>
  );
}
