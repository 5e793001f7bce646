import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { PlaceOwnView } from '../../../cloudfunctions/shared/contracts/place';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { ListFooter, usePaged, useReloadOnReturn } from '../../components/paged-list';
import { PLACE_STATUS_LABELS, PLACE_TYPE_LABELS } from '../../constants/place';
import { mine } from '../../services/place';
import '../shared.css';

const apply = () => void Taro.navigateTo({ url: '/pkg-place/apply/index' });

const PENDING_LABELS: Record<string, string> = { name: '名称', address: '地址', location: '位置', photos: '门头照片', licencePhoto: '营业执照', offers: '优惠' };
const pendingFields = (p: PlaceOwnView) =>
  Object.keys(PENDING_LABELS)
    .filter((k) => p.pendingChange && k in p.pendingChange)
    .map((k) => PENDING_LABELS[k])
    .join('、');

function MyPlace({ p }: { p: PlaceOwnView }) {
  const open = () => void Taro.navigateTo({ url: `/pkg-place/detail/index?id=${encodeURIComponent(p.id)}` });
  const edit = () => void Taro.navigateTo({ url: `/pkg-place/apply/index?id=${encodeURIComponent(p.id)}` });
  return (
    <View className="yh-card pkg-place__item" data-testid="my-place" data-place-id={p.id}>
      <View className="yh-row pkg-place__item-head" onClick={open}>
        <Text className="pkg-place__item-name">{p.name}</Text>
        <Text className={`pkg-place__state pkg-place__state--${p.status}`} data-testid="my-place-status">
          {PLACE_STATUS_LABELS[p.status]}
        </Text>
      </View>
      <Text className="yh-muted">
        {PLACE_TYPE_LABELS[p.type]} · {p.address}
      </Text>
      {p.status === 'pending' ? <Text className="pkg-place__line">社区工作人员审核中，通过后会出现在友好地图上</Text> : null}
      {p.status === 'rejected' && p.rejectReason ? <Text className="pkg-place__line pkg-place__line--bad">未通过：{p.rejectReason}。修改后可重新提交。</Text> : null}
      {p.status === 'suspended' && p.suspendReason ? <Text className="pkg-place__line pkg-place__line--bad">已暂停展示：{p.suspendReason}</Text> : null}
      {p.pendingChange ? <Text className="pkg-place__line">有修改正在审核，通过后生效：{pendingFields(p)}</Text> : null}
      {!p.pendingChange && p.lastReview?.kind === 'change' && p.lastReview.decision === 'reject' ? (
        <Text className="pkg-place__line pkg-place__line--bad">上次修改未通过：{p.lastReview.reason}</Text>
      ) : null}
      <View className="pkg-place__buttons">
        <Button className="yh-btn yh-btn--ghost pkg-place__button" onClick={open}>
          查看
        </Button>
        <Button className="yh-btn yh-btn--primary pkg-place__button" data-testid="my-place-edit" onClick={edit}>
          {p.status === 'rejected' ? '修改并重新提交' : '编辑'}
        </Button>
      </View>
    </View>
  );
}

const fetchMine = (cursor?: string) => mine(cursor, { silent: true });

function MyPlaces() {
  const list = usePaged(fetchMine, 'mine');
  // Coming back from the application or edit page: show what changed.
  useReloadOnReturn(list);

  if (list.items.length === 0 && !list.loading && !list.error) {
    return (
      <EmptyState
        glyph="店"
        title="你还没有申请过友好商户"
        description="为骑手、快递员提供饮水、充电、歇脚或优惠，社区审核通过后就会出现在友好地图上。"
        action={
          <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="apply-first" onClick={apply}>
            申请成为友好商户
          </Button>
        }
      />
    );
  }
  return (
    <View>
      {list.items.map((p) => (
        <MyPlace key={p.id} p={p} />
      ))}
      <ListFooter list={list} emptyTitle="你还没有申请过友好商户" />
      {list.items.length ? (
        <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="apply-another" onClick={apply}>
          再申请一家店铺
        </Button>
      ) : null}
    </View>
  );
}

/** The merchant's places and applications, with their review state. */
export default function MinePage() {
  return <PageShell requireUser>{() => <MyPlaces />}</PageShell>;
}
