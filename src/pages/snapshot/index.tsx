import { View } from '@tarojs/components';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';

/** 随手拍: report road damage, hazards, illegal parking … and log volunteer service (later issue). */
export default function SnapshotPage() {
  return (
    <PageShell>
      <View className="yh-card">
        <EmptyState
          glyph="拍"
          title="随手拍即将开放"
          description="发现道路破损、安全隐患、乱停乱放或需要帮助的人，拍照上报，社区派网格员处理，处理结果可评价。"
        />
      </View>
    </PageShell>
  );
}
