import { useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { View } from '@tarojs/components';
import PageShell from '../../components/page-shell';
import { listMine } from '../../services/snapshot';
import { ListFooter, usePaged, useReloadOnReturn } from '../../components/paged-list';
import ReportCard from '../components/report-card';
import Tabs from '../components/tabs';

type Filter = 'all' | 'open' | 'toRate' | 'done';
const FILTERS = [
  { key: 'all', label: '全部' },
  { key: 'open', label: '进行中' },
  { key: 'toRate', label: '待评价' },
  { key: 'done', label: '已办结' },
] as const;

function Mine() {
  // The home's 待评价 count opens this page with `filter=toRate`, so the report to rate is on top.
  const [filter, setFilter] = useState<Filter>(() => FILTERS.find((f) => f.key === Taro.getCurrentInstance().router?.params?.filter)?.key ?? 'all');
  const list = usePaged((cursor) => listMine({ status: filter, cursor }, { silent: true }), filter);
  useReachBottom(list.loadMore);
  // Back from a report's page: its status may have changed.
  useReloadOnReturn(list);
  return (
    <View data-testid="mine-page">
      <Tabs options={FILTERS} value={filter} onChange={setFilter} testId="mine-filter" />
      {list.items.map((item) => (
        <ReportCard key={item.id} item={item} />
      ))}
      {filter === 'toRate' ? (
        <ListFooter list={list} glyph="✓" emptyTitle="没有待评价的上报" emptyText="问题处理好后会出现在这里，请你确认是否解决。" />
      ) : (
        <ListFooter list={list} glyph="拍" emptyTitle="还没有上报" emptyText="在「随手拍」里拍下身边的问题，受理后可获得积分。" />
      )}
    </View>
  );
}

export default function MinePage() {
  return <PageShell requireUser>{() => <Mine />}</PageShell>;
}
