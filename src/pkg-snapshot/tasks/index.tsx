import { useState } from 'react';
import { useReachBottom } from '@tarojs/taro';
import { View } from '@tarojs/components';
import PageShell from '../../components/page-shell';
import { tasks } from '../../services/snapshot';
import { ListFooter, usePaged, useReloadOnReturn } from '../../components/paged-list';
import ReportCard from '../components/report-card';
import Tabs from '../components/tabs';

type Filter = 'todo' | 'done';
const FILTERS = [
  { key: 'todo', label: '待处理' },
  { key: 'done', label: '已处理' },
] as const;

/** The grid worker's tasks: what was dispatched to them, most urgent first. */
function Tasks() {
  const [filter, setFilter] = useState<Filter>('todo');
  const list = usePaged((cursor) => tasks({ status: filter, cursor }, { silent: true }), filter);
  useReachBottom(list.loadMore);
  // Back from a report's page: its status may have changed.
  useReloadOnReturn(list);
  return (
    <View data-testid="tasks-page">
      <Tabs options={FILTERS} value={filter} onChange={setFilter} testId="tasks-filter" />
      {list.items.map((item) => (
        <ReportCard key={item.id} item={item} show="worker" />
      ))}
      <ListFooter list={list} glyph="✓" emptyTitle={filter === 'todo' ? '暂无待处理工单' : '还没有处理过的工单'} emptyText={filter === 'todo' ? '社区派给你的工单会出现在这里。' : undefined} />
    </View>
  );
}

export default function TasksPage() {
  return <PageShell requireUser>{() => <Tasks />}</PageShell>;
}
