import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Map, ScrollView, Text, View } from '@tarojs/components';
import type { PlaceType, ServiceCode } from '../../../cloudfunctions/shared/contracts/place';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import Icon, { serviceIcon } from '../../components/icon';
import PlaceCard from '../../components/place-card';
import PlaceSchematic from '../../components/place-schematic';
import { SERVICE_OPTIONS } from '../../constants/place';
import { ApiCallError } from '../../services/errors';
import { locate, nearby, type NearbyItem, type Whereabouts } from '../../services/place';
import './index.css';

type TypeFilter = 'all' | PlaceType;
const TYPE_FILTERS: ReadonlyArray<{ value: TypeFilter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'station', label: '服务站' },
  { value: 'merchant', label: '友好商户' },
];
const RADII = [
  { value: 1000, label: '1 公里' },
  { value: 3000, label: '3 公里' },
  { value: 10000, label: '10 公里' },
];
const PAGE = 20;
/** Map zoom that shows about the searched radius on a phone screen. */
const SCALE_FOR_RADIUS: Record<number, number> = { 1000: 15, 3000: 14, 10000: 12 };

type Status = 'locating' | 'loading' | 'ready' | 'error';

const detailUrl = (item: NearbyItem, from: Whereabouts['location']) => `/pkg-place/detail/index?id=${encodeURIComponent(item.id)}&lat=${from.lat}&lng=${from.lng}`;

function FriendlyMap({ user }: { user: UserView }) {
  const [where, setWhere] = useState<Whereabouts | null>(null);
  const [type, setType] = useState<TypeFilter>('all');
  const [services, setServices] = useState<ServiceCode[]>([]);
  const [openNow, setOpenNow] = useState(false);
  const [radius, setRadius] = useState(3000);
  const [items, setItems] = useState<NearbyItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>('locating');
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  // Filters change faster than replies come back: only the newest search may fill the list.
  const latest = useRef(0);

  const relocate = () => {
    setStatus('locating');
    void locate().then(setWhere);
  };
  useEffect(relocate, []);

  const search = async (more: boolean) => {
    if (!where) return;
    const ticket = ++latest.current;
    if (more) setLoadingMore(true);
    else setStatus('loading');
    try {
      const res = await nearby(
        {
          location: where.location,
          radius,
          pageSize: PAGE,
          ...(type !== 'all' ? { type } : {}),
          ...(services.length ? { services } : {}),
          ...(openNow ? { openNow: true } : {}),
          ...(more && cursor ? { cursor } : {}),
        },
        { silent: true },
      );
      if (ticket !== latest.current) return;
      setItems((prev) => (more ? [...prev, ...res.items] : res.items));
      setCursor(res.nextCursor);
      setStatus('ready');
      if (!more) setSelected(null);
    } catch (err) {
      if (ticket !== latest.current) return;
      const message = err instanceof ApiCallError ? err.message : '加载失败，请稍后重试';
      if (more) Taro.showToast({ title: message, icon: 'none' });
      else {
        setError(message);
        setStatus('error');
      }
    } finally {
      if (more) setLoadingMore(false);
    }
  };

  useEffect(() => {
    void search(false);
  }, [where, type, services, openNow, radius]);

  const toggleService = (code: ServiceCode) => setServices((s) => (s.includes(code) ? s.filter((c) => c !== code) : [...s, code]));
  const clearFilters = () => {
    setType('all');
    setServices([]);
    setOpenNow(false);
  };

  const select = (id: string) => {
    setSelected(id);
    void Taro.pageScrollTo({ selector: `#place-${id}`, duration: 300 }).catch(() => undefined);
  };

  const isStaff = user.roles.includes('staff') || user.roles.includes('admin');
  const filtered = type !== 'all' || services.length > 0 || openNow;

  return (
    <View className="map-page">
      <View className="map-page__filters yh-card">
        <View className="map-page__row">
          <View className="map-page__segment" role="radiogroup" aria-label="类型">
            {TYPE_FILTERS.map((t) => (
              <View
                key={t.value}
                role="radio"
                aria-checked={type === t.value}
                className={`map-page__segment-item${type === t.value ? ' map-page__segment-item--on' : ''}`}
                onClick={() => setType(t.value)}
              >
                <Text>{t.label}</Text>
              </View>
            ))}
          </View>
          <View
            role="checkbox"
            aria-checked={openNow}
            data-testid="filter-open-now"
            className={`map-page__toggle${openNow ? ' map-page__toggle--on' : ''}`}
            onClick={() => setOpenNow((v) => !v)}
          >
            <Text>{openNow ? '✓ ' : ''}营业中</Text>
          </View>
        </View>
        <ScrollView scrollX className="map-page__services" enhanced showScrollbar={false}>
          <View className="map-page__services-inner">
            {SERVICE_OPTIONS.map((s) => {
              const on = services.includes(s.code);
              return (
                <View
                  key={s.code}
                  role="checkbox"
                  aria-checked={on}
                  data-testid={`filter-service-${s.code}`}
                  className={`map-page__chip${on ? ' map-page__chip--on' : ''}`}
                  onClick={() => toggleService(s.code)}
                >
                  <View className="map-page__chip-glyph">
                    <Icon name={serviceIcon(s.code)} color="#084a8c" />
                  </View>
                  <Text>{s.label}</Text>
                </View>
              );
            })}
          </View>
        </ScrollView>
      </View>

      {where?.fallback ? (
        <View className="map-page__notice" data-testid="location-fallback">
          <Text className="map-page__notice-text">无法获取定位，已使用街区中心</Text>
          <Text className="map-page__notice-action" onClick={relocate}>
            重新定位
          </Text>
        </View>
      ) : null}

      {where ? (
        process.env.TARO_ENV === 'weapp' ? (
          <Map
            className="map-page__map"
            latitude={where.location.lat}
            longitude={where.location.lng}
            scale={SCALE_FOR_RADIUS[radius] ?? 14}
            showLocation
            markers={items.map((it, i) => ({
              id: i,
              latitude: it.location.lat,
              longitude: it.location.lng,
              // The tab bar's pin icons are already in the package: blue for stations, grey for merchants.
              iconPath: it.type === 'station' ? '/assets/tabbar/map-active.png' : '/assets/tabbar/map.png',
              width: it.id === selected ? 40 : 30,
              height: it.id === selected ? 40 : 30,
              title: it.name,
              callout: {
                content: `${it.name} · ${it.openNow ? '营业中' : '已打烊'}`,
                display: it.id === selected ? 'ALWAYS' : 'BYCLICK',
                padding: 8,
                borderRadius: 8,
                borderWidth: 1,
                borderColor: '#0b5cad',
                fontSize: 14,
                color: '#111827',
                bgColor: '#ffffff',
                textAlign: 'center',
                anchorX: 0,
                anchorY: 0,
              },
            }))}
            onMarkerTap={(e) => {
              const it = items[Number(e.detail.markerId)];
              if (it) select(it.id);
            }}
            onError={() => Taro.showToast({ title: '地图加载失败，请查看下方列表', icon: 'none' })}
            onCalloutTap={(e) => {
              const it = items[Number(e.detail.markerId)];
              if (it) void Taro.navigateTo({ url: detailUrl(it, where.location) });
            }}
          />
        ) : (
          <PlaceSchematic center={where.location} radius={radius} places={items} selectedId={selected} onSelect={select} />
        )
      ) : null}

      <View className="map-page__list-head">
        <Text className="map-page__list-title">由近到远</Text>
        <View className="map-page__radius" role="radiogroup" aria-label="范围">
          {RADII.map((r) => (
            <View
              key={r.value}
              role="radio"
              aria-checked={radius === r.value}
              className={`map-page__radius-item${radius === r.value ? ' map-page__radius-item--on' : ''}`}
              onClick={() => setRadius(r.value)}
            >
              <Text>{r.label}</Text>
            </View>
          ))}
        </View>
      </View>

      {status === 'locating' || status === 'loading' ? (
        <EmptyState glyph="…" title={status === 'locating' ? '正在定位' : '正在查找附近的地点'} description="请稍候" />
      ) : status === 'error' ? (
        <EmptyState
          glyph="!"
          title="没有加载成功"
          description={error}
          action={
            <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => void search(false)}>
              重试
            </Button>
          }
        />
      ) : items.length === 0 ? (
        <EmptyState
          glyph="驿"
          title={filtered ? '附近没有符合条件的地点' : '附近还没有服务站和友好商户'}
          description={filtered ? '换个筛选条件，或扩大范围试试' : '扩大范围试试'}
          action={
            filtered ? (
              <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={clearFilters}>
                清除筛选
              </Button>
            ) : undefined
          }
        />
      ) : (
        <View data-testid="place-list">
          {items.map((it) => (
            <PlaceCard key={it.id} item={it} selected={it.id === selected} onClick={() => void Taro.navigateTo({ url: detailUrl(it, where!.location) })} />
          ))}
          {cursor ? (
            <Button className={`yh-btn yh-btn--ghost yh-btn--block${loadingMore ? ' yh-btn--disabled' : ''}`} data-testid="load-more" onClick={() => !loadingMore && void search(true)}>
              {loadingMore ? '加载中…' : '加载更多'}
            </Button>
          ) : (
            <Text className="map-page__end">没有更多了</Text>
          )}
        </View>
      )}

      <Text className="yh-section-title">商户与服务站</Text>
      <View className="map-page__entries">
        <View className="map-page__entry" data-testid="entry-my-places" onClick={() => void Taro.navigateTo({ url: '/pkg-place/mine/index' })}>
          <Text className="map-page__entry-title">{user.roles.includes('merchant') ? '我的店铺' : '申请成为友好商户'}</Text>
          <Text className="yh-muted">为骑手、快递员提供饮水、充电等便利</Text>
        </View>
        {isStaff ? (
          <>
            <View className="map-page__entry" data-testid="entry-review" onClick={() => void Taro.navigateTo({ url: '/pkg-place/review/index' })}>
              <Text className="map-page__entry-title">商户审核</Text>
              <Text className="yh-muted">审核本社区的入驻申请和信息变更</Text>
            </View>
            <View className="map-page__entry" data-testid="entry-manage" onClick={() => void Taro.navigateTo({ url: '/pkg-place/manage/index' })}>
              <Text className="map-page__entry-title">服务站与商户管理</Text>
              <Text className="yh-muted">新建、编辑服务站，暂停违规商户</Text>
            </View>
          </>
        ) : null}
      </View>
    </View>
  );
}

/** 友好地图: stations and friendly merchants near the worker, on the map (weapp) or a drawn schematic (H5), with a list. */
export default function MapPage() {
  return <PageShell requireUser>{(user) => <FriendlyMap user={user} />}</PageShell>;
}
