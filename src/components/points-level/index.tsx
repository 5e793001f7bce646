import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import * as points from '../../services/points';
import type { SummaryView } from '../../services/points';
import './index.css';

/** The worker's level (星级, by lifetime points) for the profile; taps through to the 积分 tab. Quiet on failure. */
export default function PointsLevel() {
  const [summary, setSummary] = useState<SummaryView | null>(null);
  useEffect(() => {
    let live = true;
    points.summary({ silent: true }).then(
      (s) => live && setSummary(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  if (!summary) return null;
  const { level } = summary;
  return (
    <View className="points-level" data-testid="me-level" onClick={() => void Taro.switchTab({ url: '/pages/points/index' })}>
      <Text className="points-level__label">星级</Text>
      <View className="points-level__value">
        <Text className="points-level__stars">{points.stars(level.stars)}</Text>
        <Text className="points-level__title">{level.title}</Text>
      </View>
    </View>
  );
}
