import { useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import type { PlaceDetail, PlaceOwnView } from '../../../cloudfunctions/shared/contracts/place';
import PageShell from '../../components/page-shell';
import { LengthCount, tooLong } from '../../components/form-field';
import EmptyState from '../../components/empty-state';
import ServiceChips from '../../components/service-chips';
import { dayHoursText, PLACE_STATUS_LABELS, PLACE_TYPE_LABELS, WEEKDAYS } from '../../constants/place';
import { distanceText } from '../../../cloudfunctions/shared/isomorphic/geo';
import { ApiCallError } from '../../services/errors';
import { callPhone, getPlace, isOwnView, navigateTo, suspend } from '../../services/place';
import { startPlaceFeedback } from '../../services/snapshot';
import './index.css';

function monthDay(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

const REVIEWED_LABELS: Record<string, string> = { name: '名称', address: '地址', location: '位置', photos: '门店照片', licencePhoto: '营业执照', offers: '优惠' };

/** What the owner or staff see above the public page: review state and reasons. */
function OwnerNotice({ place }: { place: PlaceOwnView }) {
  const pending = place.pendingChange ? Object.keys(REVIEWED_LABELS).filter((k) => k in place.pendingChange!).map((k) => REVIEWED_LABELS[k]) : [];
  return (
    <View className="yh-card place-detail__notice" data-testid="place-owner-notice">
      <View className="yh-row">
        <Text className={`place-detail__state place-detail__state--${place.status}`}>{PLACE_STATUS_LABELS[place.status]}</Text>
        {place.reviewQueue ? <Text className="yh-muted">等待社区工作人员审核</Text> : null}
      </View>
      {place.status === 'rejected' && place.rejectReason ? <Text className="place-detail__reason">未通过原因：{place.rejectReason}</Text> : null}
      {place.status === 'suspended' && place.suspendReason ? <Text className="place-detail__reason">暂停原因：{place.suspendReason}</Text> : null}
      {pending.length ? <Text className="yh-muted">待审核的修改：{pending.join('、')}（通过后生效）</Text> : null}
      {place.lastReview?.kind === 'change' && place.lastReview.decision === 'reject' && !place.pendingChange ? (
        <Text className="place-detail__reason">上次修改未通过：{place.lastReview.reason}</Text>
      ) : null}
    </View>
  );
}

function Detail({ id, from }: { id: string; from?: { lat: number; lng: number } }) {
  const [place, setPlace] = useState<PlaceDetail | PlaceOwnView | null>(null);
  const [error, setError] = useState('');
  const [suspending, setSuspending] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    setError('');
    try {
      setPlace(await getPlace(id, from, { silent: true }));
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : '加载失败，请稍后重试');
    }
  };
  useEffect(() => {
    void load();
  }, [id]);
  // Back from the edit page: show what was saved.
  useDidShow(() => {
    if (place) void load();
  });

  if (error) {
    return (
      <EmptyState
        glyph="!"
        title={error}
        action={
          <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => void load()}>
            重试
          </Button>
        }
      />
    );
  }
  if (!place) return <EmptyState glyph="…" title="正在加载" description="请稍候" />;

  const own = isOwnView(place) ? place : null;
  const toggleSuspend = async (suspended: boolean) => {
    if (busy) return;
    if (suspended && reason.trim().length < 2) {
      Taro.showToast({ title: '请填写暂停原因（至少 2 个字）', icon: 'none' });
      return;
    }
    const over = suspended ? tooLong('暂停原因', reason, 200) : null;
    if (over) {
      Taro.showToast({ title: over, icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      const saved = await suspend(suspended ? { id: place.id, suspended, reason: reason.trim() } : { id: place.id, suspended });
      setPlace(saved);
      setSuspending(false);
      setReason('');
      Taro.showToast({ title: suspended ? '已暂停展示' : '已恢复展示', icon: 'success' });
    } catch {
      // toasted by call()
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="place-detail">
      {own && (place.isOwner || place.canManage) ? <OwnerNotice place={own} /> : null}

      <View className="yh-card">
        <View className="yh-row place-detail__title-row">
          <Text className={`place-detail__type place-detail__type--${place.type}`}>{PLACE_TYPE_LABELS[place.type]}</Text>
          <Text className="place-detail__name" data-testid="place-name">
            {place.name}
          </Text>
        </View>
        <View className="yh-row place-detail__status-row">
          <Text className={`place-detail__open${place.openNow ? ' place-detail__open--on' : ''}`} data-testid="place-open-status">
            {place.openNow ? '营业中' : '已打烊'}
          </Text>
          <Text className="yh-muted">{place.statusText.replace(/^(营业中|已打烊) · /, '')}</Text>
        </View>
        <Text className="place-detail__address">
          {place.address}
          {place.distance !== null ? ` · 距你 ${distanceText(place.distance)}` : ''}
        </Text>
        <View className="place-detail__actions">
          <Button className="yh-btn yh-btn--primary place-detail__action" data-testid="place-navigate" onClick={() => navigateTo(place)}>
            导航过去
          </Button>
          {place.phone ? (
            <Button className="yh-btn yh-btn--ghost place-detail__action" data-testid="place-call" onClick={() => callPhone(place.phone)}>
              打电话
            </Button>
          ) : null}
        </View>
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">提供的服务</Text>
        <ServiceChips codes={place.services} testId="place-services" />
      </View>

      <View className="yh-card" data-testid="place-offers">
        <Text className="yh-card__title">优惠与便利</Text>
        {place.offers.length === 0 ? <Text className="yh-muted">暂无优惠信息</Text> : null}
        {place.offers.map((o) => (
          <View key={o.id} className="place-detail__offer">
            <View className="yh-row">
              <Text className="place-detail__offer-title">{o.title}</Text>
              {o.workerDiscount ? <Text className="place-detail__discount">骑手专享 · {o.workerDiscount}</Text> : null}
            </View>
            {o.detail ? <Text className="place-detail__offer-detail">{o.detail}</Text> : null}
          </View>
        ))}
      </View>

      <View className="yh-card" data-testid="place-hours">
        <Text className="yh-card__title">营业时间</Text>
        {WEEKDAYS.map((day, i) => (
          <View key={day} className={`place-detail__hours-row${i === place.today ? ' place-detail__hours-row--today' : ''}`} data-testid={i === place.today ? 'place-hours-today' : undefined}>
            <Text className="place-detail__hours-day">
              {day}
              {i === place.today ? '（今天）' : ''}
            </Text>
            <Text className="place-detail__hours-time">{dayHoursText(place.hours, i)}</Text>
          </View>
        ))}
        {place.hours.closedDays?.length ? <Text className="place-detail__closed">休息日：{place.hours.closedDays.map(monthDay).join('、')}</Text> : null}
      </View>

      {place.photos.length ? (
        <View className="yh-card">
          <Text className="yh-card__title">照片</Text>
          <View className="place-detail__photos">
            {place.photos.map((p) => (
              <Image
                key={p.fileID}
                className="place-detail__photo"
                mode="aspectFill"
                src={p.url || p.fileID}
                onClick={() => void Taro.previewImage({ urls: place.photos.map((x) => x.url || x.fileID), current: p.url || p.fileID })}
              />
            ))}
          </View>
        </View>
      ) : null}

      <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="place-feedback" onClick={() => void startPlaceFeedback({ id: place.id, name: place.name })}>
        反馈问题
      </Button>
      <Text className="place-detail__hint">信息不准、优惠未兑现、设施损坏……都可以告诉社区</Text>

      {place.isOwner ? (
        <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="place-edit" onClick={() => void Taro.navigateTo({ url: `/pkg-place/apply/index?id=${encodeURIComponent(place.id)}` })}>
          编辑店铺信息
        </Button>
      ) : null}
      {place.canManage ? (
        <View className="yh-card place-detail__manage" data-testid="place-manage">
          <Text className="yh-card__title">管理</Text>
          {place.type === 'station' ? (
            <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => void Taro.navigateTo({ url: `/pkg-place/station/index?id=${encodeURIComponent(place.id)}` })}>
              编辑服务站
            </Button>
          ) : null}
          {place.status === 'approved' && !suspending ? (
            <Button className="yh-btn yh-btn--ghost yh-btn--block place-detail__danger" onClick={() => setSuspending(true)}>
              暂停展示
            </Button>
          ) : null}
          {suspending ? (
            <View>
              <Input className="place-detail__input" placeholder="暂停原因（商户会看到）" value={reason} maxlength={-1} onInput={(e) => setReason(e.detail.value)} />
              <LengthCount text={reason} max={200} />
              <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => void toggleSuspend(true)}>
                确认暂停
              </Button>
              <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => setSuspending(false)}>
                取消
              </Button>
            </View>
          ) : null}
          {place.status === 'suspended' ? (
            <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => void toggleSuspend(false)}>
              恢复展示
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

/** A place's page: services, offers, this week's hours (today highlighted), call, navigate, feedback. */
export default function PlaceDetailPage() {
  const { params } = useRouter();
  const lat = Number(params.lat);
  const lng = Number(params.lng);
  const from = Number.isFinite(lat) && Number.isFinite(lng) && params.lat && params.lng ? { lat, lng } : undefined;
  return <PageShell requireUser>{() => (params.id ? <Detail id={decodeURIComponent(params.id)} from={from} /> : <EmptyState glyph="?" title="没有指定地点" />)}</PageShell>;
}
