import { Button, Text, View } from '@tarojs/components';
import { busyProps } from '../button-props';
import EmptyState from '../empty-state';
import type { Paged } from './use-paged';
import './index.css';

/** Loading, error, empty and 加载更多 for a paged list, the same on every page. */
export default function ListFooter<T>({ list, emptyTitle, emptyText, glyph = '空' }: { list: Paged<T>; emptyTitle: string; emptyText?: string; glyph?: string }) {
  if (list.error && list.items.length === 0) {
    return (
      <EmptyState
        glyph="!"
        title="没有加载成功"
        description={list.error}
        action={
          <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={list.reload}>
            重试
          </Button>
        }
      />
    );
  }
  if (list.loading && list.items.length === 0) return <EmptyState glyph="…" title="正在加载" description="请稍候" />;
  if (list.items.length === 0) return <EmptyState glyph={glyph} title={emptyTitle} description={emptyText} />;
  return (
    <View className="list-foot">
      {list.hasMore ? (
        <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="load-more" {...busyProps(list.loading)} onClick={list.loadMore}>
          加载更多
        </Button>
      ) : (
        <Text className="yh-muted">没有更多了</Text>
      )}
      {list.error ? <Text className="yh-text-danger">{list.error}</Text> : null}
    </View>
  );
}
