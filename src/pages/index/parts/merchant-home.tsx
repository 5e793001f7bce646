import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { PlaceOwnView } from '../../../../cloudfunctions/shared/contracts/place';
import type { RewardView } from '../../../../cloudfunctions/shared/contracts/points';
import type { HomeCounts } from '../../../../cloudfunctions/shared/contracts/snapshot';
import type { Loaded } from '../../../components/paged-list';
import { PLACE_STATUS_LABELS } from '../../../constants/place';
import { CODE_PLACEHOLDER } from '../../../constants/labels';

type PageOf<T> = { items: T[]; nextCursor: string | null };

const go = (url: string) => void Taro.navigateTo({ url });
const FULFIL = '/pkg-points/fulfil/index';

function PlaceCard({ p }: { p: PlaceOwnView }) {
  const live = p.status === 'approved';
  return (
    <View className="yh-card home-place" data-testid="home-place" data-place-id={p.id} onClick={() => go(`/pkg-place/detail/index?id=${encodeURIComponent(p.id)}`)}>
      <View className="home-place__head">
        <Text className="home-place__name">{p.name}</Text>
        <Text className={`home-place__status home-place__status--${p.status}`} data-testid="home-place-status">
          {PLACE_STATUS_LABELS[p.status]}
        </Text>
      </View>
      {live ? (
        <Text className={`home-place__open${p.openNow ? ' home-place__open--on' : ''}`} data-testid="home-place-open">
          {p.statusText || (p.openNow ? '营业中' : '已打烊')}
        </Text>
      ) : (
        <Text className="yh-muted">{p.status === 'pending' ? '社区审核中，通过后出现在友好地图上' : p.status === 'rejected' ? `未通过：${p.rejectReason ?? ''}` : `已暂停展示：${p.suspendReason ?? ''}`}</Text>
      )}
      {p.offers.length ? (
        <View className="home-place__offers">
          {p.offers.slice(0, 3).map((o) => (
            <Text key={o.id} className="home-place__offer">
              {o.title}
              {o.workerDiscount ? ` · ${o.workerDiscount}` : ''}
            </Text>
          ))}
        </View>
      ) : (
        <Text className="yh-muted">还没有优惠，添加优惠能吸引更多骑手。</Text>
      )}
      {p.pendingChange ? <Text className="yh-muted">有修改正在审核，通过后生效</Text> : null}
    </View>
  );
}

/** 核销: on weapp the scanner opens straight from the tap (WeChat requires a user gesture); on H5 the code is typed. */
function FulfilEntry() {
  const [code, setCode] = useState('');
  if (process.env.TARO_ENV === 'weapp') {
    const scan = () => {
      Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
        .then((r) => go(`${FULFIL}?code=${encodeURIComponent(r.result)}`))
        .catch(() => undefined); // closed the scanner
    };
    return (
      <View className="yh-card" data-testid="home-fulfil">
        <Text className="yh-card__title">核销兑换码</Text>
        <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="home-fulfil-scan" onClick={scan}>
          扫码核销
        </Button>
        <View className="home-list__more" onClick={() => go(FULFIL)}>
          <Text>扫不了？手动输入兑换码 ›</Text>
        </View>
      </View>
    );
  }
  const check = () => go(code.trim() ? `${FULFIL}?code=${encodeURIComponent(code.trim())}` : FULFIL);
  return (
    <View className="yh-card" data-testid="home-fulfil">
      <Text className="yh-card__title">核销兑换码</Text>
      <Text className="yh-muted">请骑手打开「积分 → 我的兑换」出示兑换码。</Text>
      <Input className="home-fulfil__input" data-testid="home-fulfil-input" value={code} maxlength={20} placeholder={CODE_PLACEHOLDER} onInput={(e) => setCode(e.detail.value)} onConfirm={check} />
      <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="home-fulfil-check" onClick={check}>
        查询并核销
      </Button>
    </View>
  );
}

/**
 * The merchant's counter: their place as riders see it (status, open now, offers), 核销, feedback
 * waiting on the community, and their rewards — each one tap.
 */
export default function MerchantHome({ counts, places, rewards }: { counts: Loaded<HomeCounts>; places: Loaded<PageOf<PlaceOwnView>>; rewards: Loaded<PageOf<RewardView>> }) {
  const items = places.data?.items ?? [];
  const feedback = counts.data?.feedback?.open;
  const active = rewards.data?.items.filter((r) => r.status === 'active') ?? [];
  const pending = rewards.data?.items.filter((r) => r.status === 'pending') ?? [];
  return (
    <View data-testid="card-merchant">
      <Text className="yh-section-title">我的店铺</Text>
      {items.map((p) => (
        <PlaceCard key={p.id} p={p} />
      ))}
      {items.length === 0 ? (
        <View className="yh-card" data-testid="home-place-none" onClick={() => go('/pkg-place/apply/index')}>
          <Text className="yh-muted">{places.error ? `店铺没有加载成功：${places.error}` : places.loading ? '正在加载店铺…' : '还没有店铺。点这里申请成为友好商户 ›'}</Text>
        </View>
      ) : null}

      <FulfilEntry />

      <View className="home-counts">
        <View className={`home-count${feedback ? ' home-count--hot' : ''}`} data-testid="home-count-feedback" onClick={() => go('/pkg-snapshot/feedback/index')}>
          <Text className="home-count__num">{feedback ?? '–'}</Text>
          <Text className="home-count__label">待处理反馈</Text>
        </View>
        <View className="home-count" data-testid="home-count-rewards" onClick={() => go('/pkg-points/rewards/index')}>
          <Text className="home-count__num">{rewards.data ? `${active.length}${rewards.data.nextCursor ? '+' : ''}` : '–'}</Text>
          <Text className="home-count__label">{pending.length ? `在架奖励 · ${pending.length} 个待审核` : '在架奖励'}</Text>
        </View>
      </View>
      <View className="yh-card home-list">
        <View className="home-list__more" data-testid="home-manage-places" onClick={() => go('/pkg-place/mine/index')}>
          <Text>编辑店铺信息、营业时间和优惠 ›</Text>
        </View>
      </View>
    </View>
  );
}
