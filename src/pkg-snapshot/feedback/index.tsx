import { useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import PageShell from '../../components/page-shell';
import { placeFeedback } from '../../services/snapshot';
import { ListFooter } from '../../components/paged-list';
import { usePaged } from '../../components/paged-list';
import ReportCard from '../components/report-card';

/** What workers said about the merchant's own places (read only; the community handles it). */
function Feedback() {
  const list = usePaged((cursor) => placeFeedback({ cursor }, { silent: true }), 'all');
  useReachBottom(list.loadMore);
  return (
    <View data-testid="feedback-page">
      <View className="yh-card">
        <Text className="yh-muted">骑手、快递员对你门店的反馈会同时转给社区。看到问题及时改进，社区处理时会参考你的回应。</Text>
      </View>
      {list.items.map((item) => (
        <ReportCard key={item.id} item={item} show="worker" />
      ))}
      <ListFooter list={list} glyph="店" emptyTitle="暂无反馈" emptyText="还没有人反馈你的门店，继续保持。" />
    </View>
  );
}

export default function FeedbackPage() {
  return <PageShell requireUser>{() => <Feedback />}</PageShell>;
}
