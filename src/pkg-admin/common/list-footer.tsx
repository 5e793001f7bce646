import { Button, Text, View } from '@tarojs/components';
import EmptyState from '../../components/empty-state';
import { busyProps } from '../../components/button-props';
import type { Paged } from './use-paged';

/** Loading, error, empty and 加载更多 under a paged list. */
export default function ListFooter<T>({ list, emptyTitle, emptyText }: { list: Paged<T>; emptyTitle: string; emptyText?: string }) {
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
  if (list.items.length === 0) return <EmptyState glyph="空" title={emptyTitle} description={emptyText} />;
  return (
    <View className="adm-foot">
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
