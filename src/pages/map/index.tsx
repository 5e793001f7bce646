import { View } from '@tarojs/components';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';

/** Friendly map. Later: weapp shows the real Map; H5 shows the places as a list with a drawn schematic. */
export default function MapPage() {
  return (
    <PageShell>
      <View className="yh-card">
        <EmptyState
          glyph="驿"
          title="友好地图即将开放"
          description="附近的党群服务站、驿站和友好商户（饮水、充电、歇脚、如厕）会显示在这里。"
        />
      </View>
    </PageShell>
  );
}
