import { useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { ReportSummary } from '../../../cloudfunctions/shared/contracts/snapshot';
import PageShell from '../../components/page-shell';
import { tasks } from '../../services/snapshot';
import { ListFooter, usePaged, useReloadOnReturn, type PageOf } from '../../components/paged-list';
import ReportCard from '../components/report-card';
import Tabs from '../components/tabs';

type Filter = 'todo' | 'overdue' | 'done';
const FILTERS = [
  { key: 'todo', label: '待处理' },
  { key: 'overdue', label: '已超时' },
  { key: 'done', label: '已处理' },
] as const;

/**
 * The overdue tasks. The backend has no overdue filter for tasks, but it returns the to-do list
 * earliest deadline first, so the overdue ones are its head: keep them, and stop paging at the
 * first one still in time (nothing after it can be overdue). The list then matches the home's
 * 已超时 count (to-do tasks past their deadline).
 */
async function overdueTasks(cursor?: string): Promise<PageOf<ReportSummary>> {
  const page = await tasks({ status: 'todo', cursor }, { silent: true });
  const items = page.items.filter((t) => t.overdue);
  return { items, nextCursor: items.length < page.items.length ? null : page.nextCursor };
}

/** The grid worker's tasks: what was dispatched to them, most urgent first. */
function Tasks() {
  // The home's 已超时 count opens this page with `filter=overdue`, so the list is what it counted.
  const [filter, setFilter] = useState<Filter>(() => FILTERS.find((f) => f.key === Taro.getCurrentInstance().router?.params?.filter)?.key ?? 'todo');
  const list = usePaged((cursor) => (filter === 'overdue' ? overdueTasks(cursor) : tasks({ status: filter, cursor }, { silent: true })), filter);
  useReachBottom(list.loadMore);
  // Back from a report's page: its status may have changed.
  useReloadOnReturn(list);
  const emptyTitle = filter === 'todo' ? '暂无待处理工单' : filter === 'overdue' ? '没有超时的工单' : '还没有处理过的工单';
  const emptyText = filter === 'todo' ? '社区派给你的工单会出现在这里。' : filter === 'overdue' ? '待处理的工单都还在期限内。' : undefined;
  return (
    <View data-testid="tasks-page">
      <Tabs options={FILTERS} value={filter} onChange={setFilter} testId="tasks-filter" />
      {list.items.map((item) => (
        <ReportCard key={item.id} item={item} show="worker" />
      ))}
      <ListFooter list={list} glyph="✓" emptyTitle={emptyTitle} emptyText={emptyText} />
    </View>
  );
}

export default function TasksPage() {
  return <PageShell requireUser>{() => <Tasks />}</PageShell>;
}
