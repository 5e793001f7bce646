import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { PlaceOwnView, PlaceStatus, PlaceType } from '../../../cloudfunctions/shared/contracts/place';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { PLACE_STATUS_LABELS, PLACE_TYPE_LABELS } from '../../constants/place';
import { ApiCallError } from '../../services/errors';
import { manage } from '../../services/place';
import '../shared.css';

const TYPES: ReadonlyArray<{ value: PlaceType | ''; label: string }> = [
  { value: '', label: '全部' },
  { value: 'station', label: '服务站' },
  { value: 'merchant', label: '友好商户' },
];
const STATUSES: ReadonlyArray<{ value: PlaceStatus | ''; label: string }> = [
  { value: '', label: '全部状态' },
  { value: 'approved', label: '已通过' },
  { value: 'suspended', label: '已暂停' },
  { value: 'pending', label: '审核中' },
  { value: 'rejected', label: '未通过' },
];

function Manage() {
  const [type, setType] = useState<PlaceType | ''>('');
  const [status, setStatus] = useState<PlaceStatus | ''>('');
  const [items, setItems] = useState<PlaceOwnView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');

  const load = async (next?: string) => {
    try {
      const page = await manage({ ...(type ? { type } : {}), ...(status ? { status } : {}), ...(next ? { cursor: next } : {}) }, { silent: true });
      setItems((prev) => (next && prev ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError('');
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : '加载失败，请稍后重试');
    }
  };
  useEffect(() => {
    setItems(null);
    void load();
  }, [type, status]);
  useDidShow(() => {
    if (items) void load();
  });

  return (
    <View>
      <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="new-station" onClick={() => void Taro.navigateTo({ url: '/pkg-place/station/index' })}>
        新建服务站
      </Button>
      <View className="pkg-place__tabs" style={{ marginTop: '24px' }}>
        {TYPES.map((t) => (
          <Text key={t.label} className={`pkg-place__tab${type === t.value ? ' pkg-place__tab--on' : ''}`} onClick={() => setType(t.value)}>
            {t.label}
          </Text>
        ))}
      </View>
      <View className="pkg-place__tabs">
        {STATUSES.map((s) => (
          <Text key={s.label} className={`pkg-place__tab${status === s.value ? ' pkg-place__tab--on' : ''}`} onClick={() => setStatus(s.value)}>
            {s.label}
          </Text>
        ))}
      </View>
      {error && !items ? <EmptyState glyph="!" title="没有加载成功" description={error} /> : null}
      {!items && !error ? <EmptyState glyph="…" title="正在加载" /> : null}
      {items && items.length === 0 ? <EmptyState glyph="驿" title="没有符合条件的地点" /> : null}
      {items?.map((p) => (
        <View key={p.id} className="yh-card" data-testid="manage-item" onClick={() => void Taro.navigateTo({ url: `/pkg-place/detail/index?id=${encodeURIComponent(p.id)}` })}>
          <View className="yh-row pkg-place__item-head">
            <Text className="pkg-place__item-name">{p.name}</Text>
            <Text className={`pkg-place__state pkg-place__state--${p.status}`}>{PLACE_STATUS_LABELS[p.status]}</Text>
          </View>
          <Text className="yh-muted">
            {PLACE_TYPE_LABELS[p.type]} · {p.address}
          </Text>
          {p.status === 'suspended' && p.suspendReason ? <Text className="pkg-place__line pkg-place__line--bad">暂停原因：{p.suspendReason}</Text> : null}
          {p.reviewQueue ? <Text className="pkg-place__line">有待审核的申请或修改</Text> : null}
        </View>
      ))}
      {cursor ? (
        <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => void load(cursor)}>
          加载更多
        </Button>
      ) : null}
    </View>
  );
}

/** Staff: the stations and merchants of their communities; open one to edit, suspend or resume it. */
export default function ManagePage() {
  return (
    <PageShell requireUser>
      {(user) => (user.roles.includes('staff') || user.roles.includes('admin') ? <Manage /> : <EmptyState glyph="!" title="没有权限" description="仅社区工作人员可以管理服务站与商户" />)}
    </PageShell>
  );
}
