import { useEffect, useState } from 'react';
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro';
import { Picker, Switch, Text, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import type { CategoryView, QueueCounts, QueuePayload } from '../../../cloudfunctions/shared/contracts/snapshot';
import PageShell from '../../components/page-shell';
import { categories, queue, queueCounts } from '../../services/snapshot';
import { ListFooter, usePaged, useReloadOnReturn } from '../../components/paged-list';
import ReportCard from '../components/report-card';
import Tabs from '../components/tabs';
import './index.css';

type StatusKey = 'open' | 'submitted' | 'accepted' | 'dispatched' | 'reopened' | 'resolved' | 'all';
const STATUS: ReadonlyArray<{ key: StatusKey; label: string }> = [
  { key: 'open', label: '未办结' },
  { key: 'submitted', label: '待受理' },
  { key: 'accepted', label: '待派单' },
  { key: 'dispatched', label: '处理中' },
  { key: 'reopened', label: '被退回' },
  { key: 'resolved', label: '待评价' },
  { key: 'all', label: '全部' },
];

const VOLUNTEER_STATUS: ReadonlyArray<{ key: StatusKey; label: string }> = [
  { key: 'submitted', label: '待认定' },
  { key: 'all', label: '全部' },
];

/**
 * The filters to open with, from the route (`kind=volunteer`, `status=submitted`, `overdue=1`): a
 * workbench tile opens the list already narrowed to what its number counts, with the matching
 * chip and switch set, so the list agrees with the tile and the user sees why it is shorter.
 */
function startFilters(params: Record<string, string | undefined> | undefined): { kind: 'issue' | 'volunteer'; status: StatusKey; overdue: boolean } {
  const kind = params?.kind === 'volunteer' ? 'volunteer' : 'issue';
  const options = kind === 'volunteer' ? VOLUNTEER_STATUS : STATUS;
  const asked = options.find((o) => o.key === params?.status)?.key;
  return { kind, status: asked ?? options[0].key, overdue: params?.overdue === '1' };
}

/** Staff (and admins): reports of their communities, the most overdue first. */
function Queue({ user }: { user: UserView }) {
  const isAdmin = user.roles.includes('admin');
  const [start] = useState(() => startFilters(Taro.getCurrentInstance().router?.params));
  const [kind, setKind] = useState<'issue' | 'volunteer'>(start.kind);
  const [status, setStatus] = useState<StatusKey>(start.status);
  const [overdue, setOverdue] = useState(start.overdue);
  const [category, setCategory] = useState('');
  const [district, setDistrict] = useState(false);
  const [cats, setCats] = useState<CategoryView[]>([]);
  const [counts, setCounts] = useState<QueueCounts | null>(null);

  useEffect(() => {
    categories({ silent: true }).then(setCats).catch(() => undefined);
  }, []);
  const refreshCounts = () => queueCounts({ silent: true }).then(setCounts).catch(() => undefined);

  const payload: QueuePayload = {
    kind,
    status,
    ...(overdue ? { overdue: true } : {}),
    ...(category && kind === 'issue' ? { category } : {}),
    ...(district ? { communityId: 'district' } : {}),
  };
  const key = JSON.stringify(payload);
  const list = usePaged((cursor) => queue({ ...payload, cursor }, { silent: true }), key);
  useReachBottom(list.loadMore);
  useDidShow(() => void refreshCounts());
  useReloadOnReturn(list);

  const issueCats = cats.filter((c) => c.kind === 'issue');
  const catNames = ['全部类型', ...issueCats.map((c) => c.name)];
  const catIndex = category ? issueCats.findIndex((c) => c.code === category) + 1 : 0;

  return (
    <View data-testid="queue-page">
      <View className="q-summary">
        <View className="q-summary__item" onClick={() => (setKind('issue'), setStatus('submitted'), setOverdue(false))}>
          <Text className="q-summary__num">{counts?.submitted ?? '–'}</Text>
          <Text className="q-summary__label">待受理</Text>
        </View>
        <View className="q-summary__item q-summary__item--late" onClick={() => (setKind('issue'), setStatus('open'), setOverdue(true))}>
          <Text className="q-summary__num">{counts?.overdue ?? '–'}</Text>
          <Text className="q-summary__label">已超时</Text>
        </View>
        <View className="q-summary__item" onClick={() => (setKind('issue'), setStatus('reopened'), setOverdue(false))}>
          <Text className="q-summary__num">{counts?.reopened ?? '–'}</Text>
          <Text className="q-summary__label">被退回</Text>
        </View>
        <View className="q-summary__item" onClick={() => (setKind('volunteer'), setStatus('submitted'), setOverdue(false))}>
          <Text className="q-summary__num">{counts?.volunteer ?? '–'}</Text>
          <Text className="q-summary__label">志愿待认定</Text>
        </View>
      </View>

      <Tabs
        options={[
          { key: 'issue', label: '随手拍' },
          { key: 'volunteer', label: '志愿服务' },
        ]}
        value={kind}
        onChange={(k) => {
          setKind(k);
          setStatus(k === 'volunteer' ? 'submitted' : 'open');
        }}
        testId="queue-kind"
      />
      <Tabs options={kind === 'issue' ? STATUS : VOLUNTEER_STATUS} value={status} onChange={setStatus} testId="queue-status" />

      <View className="yh-card q-filters">
        {kind === 'issue' ? (
          <Picker mode="selector" range={catNames} value={catIndex} onChange={(e) => setCategory(Number(e.detail.value) === 0 ? '' : issueCats[Number(e.detail.value) - 1].code)}>
            <View className="q-filters__row">
              <Text className="q-filters__label">问题类型</Text>
              <Text className="q-filters__value">{catNames[catIndex]} ›</Text>
            </View>
          </Picker>
        ) : null}
        <View className="q-filters__row">
          <Text className="q-filters__label">只看已超时</Text>
          <Switch className="yh-switch" checked={overdue} color="#b42318" onChange={(e) => setOverdue(e.detail.value)} data-testid="queue-overdue" />
        </View>
        {isAdmin ? (
          <View className="q-filters__row">
            <Text className="q-filters__label">区级待分派（不在任何社区）</Text>
            <Switch className="yh-switch" checked={district} color="#0b5cad" onChange={(e) => setDistrict(e.detail.value)} />
          </View>
        ) : null}
      </View>

      {list.items.map((item) => (
        <ReportCard key={item.id} item={item} show="worker" />
      ))}
      <ListFooter list={list} glyph="✓" emptyTitle="这里没有待办" emptyText={overdue ? '没有超时的上报，干得好。' : '有新的上报会出现在这里。'} />
    </View>
  );
}

export default function QueuePage() {
  return <PageShell requireUser>{(user) => <Queue user={user} />}</PageShell>;
}
