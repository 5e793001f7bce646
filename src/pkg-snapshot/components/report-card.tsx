import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import Icon, { categoryIcon } from '../../components/icon';
import type { ReportSummary } from '../../../cloudfunctions/shared/contracts/snapshot';
import { dueText, formatTime } from '../../constants/snapshot';
import StatusChip, { LateChip } from '../../pages/snapshot/parts/status-chip';
import './pkg.css';

export interface ReportCardProps {
  item: ReportSummary;
  /** Staff and grid workers care about the deadline; reporters about points. */
  show?: 'reporter' | 'worker';
}

export default function ReportCard({ item, show = 'reporter' }: ReportCardProps) {
  const open = ['submitted', 'accepted', 'dispatched', 'reopened'].includes(item.status);
  const where = [item.region.gridName || item.region.communityName || (item.region.level === 'district' ? '区级待分派' : ''), item.address].filter(Boolean).join(' · ');
  return (
    <View className="rc" data-testid="report-card" data-id={item.id} onClick={() => void Taro.navigateTo({ url: `/pkg-snapshot/detail/index?id=${item.id}` })}>
      {item.thumb ? (
        <Image className="rc__thumb" src={item.thumb} mode="aspectFill" />
      ) : (
        <View className="rc__thumb rc__thumb--none">
          <Icon name={categoryIcon(item.category)} size="lg" />
        </View>
      )}
      <View className="rc__body">
        <View className="rc__head">
          <Text className="rc__title">{item.kind === 'volunteer' ? `志愿服务 · ${item.activity}` : item.categoryName}</Text>
          <StatusChip status={item.status} kind={item.kind} />
        </View>
        <Text className="rc__desc">{item.description}</Text>
        {where ? <Text className="rc__meta">{where}</Text> : null}
        {item.sourceLabel ? <Text className="rc__meta" data-testid="report-source">{item.sourceLabel}</Text> : null}
        <View className="rc__foot">
          <Text className="rc__meta">{formatTime(item.createdAt)}</Text>
          {show === 'worker' && open ? item.overdue ? <LateChip /> : <Text className="rc__meta">{dueText(item.dueAt)}</Text> : null}
          {show === 'reporter' && item.points > 0 ? <Text className="rc__points">+{item.points} 积分</Text> : null}
          {item.kind === 'volunteer' && item.hours ? <Text className="rc__meta">{item.hours} 小时</Text> : null}
          {item.meTooCount > 0 ? <Text className="rc__meta">我也遇到了 ×{item.meTooCount}</Text> : null}
        </View>
      </View>
    </View>
  );
}
