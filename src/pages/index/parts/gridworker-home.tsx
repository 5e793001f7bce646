import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { HomeCounts, ReportSummary } from '../../../../cloudfunctions/shared/contracts/snapshot';
import type { Loaded } from '../../../components/paged-list';
import { dueText } from '../../../constants/snapshot';
import { placeLine } from './place-line';

const go = (url: string) => void Taro.navigateTo({ url });
const open = (id: string) => go(`/pkg-snapshot/detail/index?id=${encodeURIComponent(id)}`);

export function TaskRow({ item }: { item: ReportSummary }) {
  return (
    <View className="home-task" data-testid="home-task" data-id={item.id} onClick={() => open(item.id)}>
      <View className="home-task__head">
        <Text className="home-task__title">{item.categoryName}</Text>
        <Text className={`home-task__due${item.overdue ? ' home-task__due--late' : ''}`}>{dueText(item.dueAt)}</Text>
      </View>
      <Text className="home-task__desc">{item.description}</Text>
      <Text className="home-task__where">{placeLine(item)}</Text>
    </View>
  );
}

/**
 * The grid worker's desk: how many tasks wait and how many are late, then the tasks themselves,
 * most urgent (overdue) first, each one tap from its report.
 */
export default function GridworkerHome({ counts, tasks }: { counts: Loaded<HomeCounts>; tasks: Loaded<{ items: ReportSummary[]; nextCursor: string | null }> }) {
  const c = counts.data?.tasks;
  const items = tasks.data?.items ?? [];
  return (
    <View data-testid="card-gridworker">
      <Text className="yh-section-title">我的待办</Text>
      {/* Each count opens its list filtered to what it counts, so the number and the list agree. */}
      <View className="home-counts">
        <View className="home-count" data-testid="home-count-open" onClick={() => go('/pkg-snapshot/tasks/index')}>
          <Text className="home-count__num">{c ? c.open : '–'}</Text>
          <Text className="home-count__label">待处理工单</Text>
        </View>
        <View className={`home-count${c && c.overdue > 0 ? ' home-count--hot' : ''}`} data-testid="home-count-overdue" onClick={() => go('/pkg-snapshot/tasks/index?filter=overdue')}>
          <Text className="home-count__num">{c ? c.overdue : '–'}</Text>
          <Text className="home-count__label">已超时</Text>
        </View>
      </View>
      <View className="yh-card home-list">
        {items.map((t) => (
          <TaskRow key={t.id} item={t} />
        ))}
        {items.length === 0 ? (
          <Text className="yh-muted" data-testid="home-tasks-empty">
            {tasks.error ? `工单没有加载成功：${tasks.error}` : tasks.loading ? '正在加载工单…' : '暂时没有待处理的工单。社区派单后会出现在这里。'}
          </Text>
        ) : null}
        <View className="home-list__more" data-testid="home-tasks-all" onClick={() => go('/pkg-snapshot/tasks/index')}>
          <Text>{tasks.data?.nextCursor ? '查看全部工单' : '全部工单（含已处理）'} ›</Text>
        </View>
      </View>
    </View>
  );
}
