import { Text, View } from '@tarojs/components';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import './index.css';

/** Points: the balance is real (from login); the ledger and rewards come with the points issue. */
export default function PointsPage() {
  return (
    <PageShell requireUser>
      {(user) => (
        <View>
          <View className="yh-card points__balance">
            <Text className="yh-muted">当前积分</Text>
            <Text className="points__value" data-testid="points-balance">
              {user.points.balance}
            </Text>
          </View>
          <View className="yh-card">
            <EmptyState
              glyph="兑"
              title="积分兑换即将开放"
              description="上报被采纳、志愿服务核实后可获得积分，到友好商户或驿站兑换奖励。"
            />
          </View>
        </View>
      )}
    </PageShell>
  );
}
