import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Picker, Text, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import { BarChart, LineChart } from '../../components/charts';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { ApiCallError } from '../../services/errors';
import { overview, type Overview } from '../../services/stats';
import Chips from '../common/chips';
import { hoursText, percentText, RANGE_OPTIONS, rangeFrom, weekLabel, type RangeKey } from '../common/format';
import { shanghaiDateTime, shanghaiDay } from '../../../cloudfunctions/shared/isomorphic/time';
import { PLACE_TYPE_LABELS } from '../../../cloudfunctions/shared/isomorphic/labels';
import '../common/admin.css';
import './index.css';

const PLACE_STATUS: ReadonlyArray<{ key: keyof Overview['places']['station']; label: string }> = [
  { key: 'approved', label: '已上线' },
  { key: 'pending', label: '待审核' },
  { key: 'suspended', label: '已暂停' },
  { key: 'rejected', label: '未通过' },
];

function Tile({ label, value, testId, danger, half }: { label: string; value: string | number; testId?: string; danger?: boolean; half?: boolean }) {
  return (
    <View className={`adm-tile${half ? ' adm-tile--half' : ''}`}>
      <View className="adm-tile__inner">
        <Text className={`adm-tile__value${danger ? ' adm-tile__value--danger' : ''}`} data-testid={testId}>
          {value}
        </Text>
        <Text className="adm-tile__label">{label}</Text>
      </View>
    </View>
  );
}

function Figures({ data }: { data: Overview }) {
  const r = data.reports;
  const weeks = data.byWeek;
  const lastWeek = weeks[weeks.length - 1];
  return (
    <View>
      <View className="yh-card">
        <Text className="yh-card__title">人员</Text>
        <View className="adm-tiles">
          <Tile half label="注册的新就业群体" value={data.workers.registered} testId="kpi-registered" />
          <Tile half label="近 30 天活跃" value={data.workers.active30d} testId="kpi-active" />
        </View>
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">随手拍</Text>
        <View className="adm-tiles">
          <Tile label="上报" value={r.submitted} testId="kpi-submitted" />
          <Tile label="受理" value={r.accepted} testId="kpi-accepted" />
          <Tile label="办结" value={r.resolved} testId="kpi-resolved" />
          <Tile label="超时未办结" value={r.overdue} danger={r.overdue > 0} testId="kpi-overdue" />
          <Tile label="不予受理" value={r.rejected} testId="kpi-rejected" />
          <Tile label="评价人数" value={r.rated} testId="kpi-rated" />
          <Tile half label="受理用时（中位数）" value={hoursText(r.medianHoursToAccept)} testId="kpi-accept-hours" />
          <Tile half label="办结用时（中位数）" value={hoursText(r.medianHoursToResolve)} testId="kpi-resolve-hours" />
          <Tile half label="群众评价「已解决」" value={percentText(r.fixedShare)} testId="kpi-fixed-share" />
          <Tile half label="平均评分" value={r.avgStars === null ? '—' : `${r.avgStars} 星`} testId="kpi-stars" />
        </View>
      </View>

      <View className="yh-card" data-testid="chart-trend-card">
        <Text className="yh-card__title">每周趋势</Text>
        {weeks.length > 0 ? (
          <LineChart
            testId="chart-trend"
            labels={weeks.map((w) => weekLabel(w.week))}
            series={[
              { name: '上报', color: '#0b5cad', values: weeks.map((w) => w.submitted) },
              { name: '办结', color: '#067647', values: weeks.map((w) => w.resolved) },
            ]}
          />
        ) : null}
        {lastWeek ? (
          <Text className="adm-note">
            本周（{weekLabel(lastWeek.week)} 起）上报 {lastWeek.submitted} 件，办结 {lastWeek.resolved} 件
          </Text>
        ) : null}
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">按问题类型</Text>
        {data.byCategory.length > 0 ? (
          <BarChart
            testId="chart-category"
            valueName="上报"
            partName="办结"
            items={data.byCategory.map((c) => ({ key: c.key, label: c.name, value: c.submitted, part: c.resolved }))}
          />
        ) : (
          <Text className="yh-muted">这段时间没有上报。</Text>
        )}
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">按社区</Text>
        {data.byCommunity.length > 0 ? (
          <BarChart
            testId="chart-community"
            valueName="上报"
            partName="办结"
            items={data.byCommunity.map((c) => ({ key: c.key, label: c.name, value: c.submitted, part: c.resolved }))}
          />
        ) : (
          <Text className="yh-muted">这段时间没有上报。</Text>
        )}
        {data.byCommunity.some((c) => c.overdue > 0) ? (
          <Text className="adm-note">
            超时未办结：
            {data.byCommunity
              .filter((c) => c.overdue > 0)
              .map((c) => `${c.name} ${c.overdue} 件`)
              .join('，')}
          </Text>
        ) : null}
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">志愿服务</Text>
        <View className="adm-tiles">
          <Tile label="服务记录" value={data.volunteer.records} testId="kpi-volunteer-records" />
          <Tile label="已认定" value={data.volunteer.verified} />
          <Tile label="服务时长" value={`${Math.round(data.volunteer.hours * 10) / 10} 小时`} testId="kpi-volunteer-hours" />
        </View>
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">积分与兑换</Text>
        <View className="adm-tiles">
          <Tile label="发放积分" value={data.points.issued} testId="kpi-points-issued" />
          <Tile label="兑换消耗" value={data.points.redeemed} testId="kpi-points-redeemed" />
          <Tile label="过期积分" value={data.points.expired} />
          <Tile label="兑换次数" value={data.redemptions.issued} testId="kpi-redemptions" />
          <Tile label="已核销" value={data.redemptions.fulfilled} />
          <Tile label="待使用" value={data.redemptions.active} />
        </View>
        {data.redemptions.cancelled + data.redemptions.expired > 0 ? (
          <Text className="adm-note">
            已取消 {data.redemptions.cancelled} 次，已过期 {data.redemptions.expired} 次（积分和库存已退回）
          </Text>
        ) : null}
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">驿站与友好商户</Text>
        <View className="dash-table">
          <View className="dash-table__row dash-table__row--head">
            <Text className="dash-table__name"> </Text>
            {PLACE_STATUS.map((s) => (
              <Text key={s.key} className="dash-table__cell">
                {s.label}
              </Text>
            ))}
          </View>
          {(['station', 'merchant'] as const).map((t) => (
            <View key={t} className="dash-table__row" data-testid={`places-${t}`}>
              <Text className="dash-table__name">{PLACE_TYPE_LABELS[t]}</Text>
              {PLACE_STATUS.map((s) => (
                <Text key={s.key} className="dash-table__cell dash-table__cell--num">
                  {data.places[t][s.key]}
                </Text>
              ))}
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}

function Dashboard({ user }: { user: UserView }) {
  const isAdmin = user.roles.includes('admin');
  const [range, setRange] = useState<RangeKey>('w12');
  const [community, setCommunity] = useState('');
  const [communities, setCommunities] = useState<Array<{ id: string; name: string }>>([]);
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    const gen = ++generation.current;
    setLoading(true);
    setError('');
    const from = rangeFrom(range);
    overview({ ...(community ? { communityId: community } : {}), ...(from ? { from } : {}) }, { silent: true })
      .then((d) => {
        if (gen !== generation.current) return;
        setData(d);
        // The unfiltered reply lists every community the viewer may pick.
        if (!community) setCommunities(d.scope.communities);
      })
      .catch((e: unknown) => {
        if (gen === generation.current) setError(e instanceof ApiCallError ? e.message : '加载失败，请稍后重试');
      })
      .finally(() => {
        if (gen === generation.current) setLoading(false);
      });
  }, [range, community, tick]);

  const allLabel = isAdmin ? '全区' : '我负责的全部社区';
  const choices = [{ id: '', name: allLabel }, ...communities];
  const choiceIndex = Math.max(0, choices.findIndex((c) => c.id === community));
  const canPick = isAdmin || communities.length > 1;

  const openExport = () => {
    const q = [community ? `communityId=${community}` : '', data ? `from=${shanghaiDay(data.range.from)}` : ''].filter(Boolean).join('&');
    void Taro.navigateTo({ url: `/pkg-admin/export/index${q ? `?${q}` : ''}` });
  };

  return (
    <View data-testid="dashboard-page">
      <View className="yh-card dash-head">
        {canPick ? (
          <Picker mode="selector" range={choices.map((c) => c.name)} value={choiceIndex} onChange={(e) => setCommunity(choices[Number(e.detail.value)]?.id ?? '')}>
            <View className="adm-picker" data-testid="dashboard-scope">
              <Text className="adm-picker__label">范围</Text>
              <Text className="adm-picker__value">{choices[choiceIndex]?.name} ›</Text>
            </View>
          </Picker>
        ) : (
          <View className="adm-picker">
            <Text className="adm-picker__label">范围</Text>
            <Text className="adm-picker__value" data-testid="dashboard-scope">
              {data?.scope.label ?? '—'}
            </Text>
          </View>
        )}
        <View className="dash-head__range">
          <Chips options={RANGE_OPTIONS} value={range} onChange={setRange} testId="dashboard-range" />
        </View>
        {data ? (
          <Text className="adm-note" data-testid="dashboard-range-text">
            {shanghaiDay(data.range.from)} 至 {shanghaiDay(new Date(Date.parse(data.range.to) - 1))} · 更新于 {shanghaiDateTime(data.generatedAt).slice(11)}
            {loading ? ' · 正在刷新…' : ''}
          </Text>
        ) : null}
        <View className="adm-btn-row">
          <Button className="yh-btn yh-btn--ghost" onClick={() => setTick((t) => t + 1)} data-testid="dashboard-refresh">
            刷新
          </Button>
          <Button className="yh-btn yh-btn--primary" onClick={openExport} data-testid="dashboard-export">
            导出表格
          </Button>
        </View>
      </View>

      {error && !data ? (
        <EmptyState
          glyph="!"
          title="数据没有加载成功"
          description={error}
          action={
            <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => setTick((t) => t + 1)}>
              重试
            </Button>
          }
        />
      ) : null}
      {error && data ? <Text className="adm-error">{error}</Text> : null}
      {!data && !error ? <EmptyState glyph="…" title="正在统计" description="请稍候" /> : null}
      {data ? <Figures data={data} /> : null}
    </View>
  );
}

export default function DashboardPage() {
  return <PageShell requireUser>{(user) => <Dashboard user={user} />}</PageShell>;
}
