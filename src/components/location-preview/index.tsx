import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Map, Text, View } from '@tarojs/components';
import type { LatLng, NearbyItem } from '../../../cloudfunctions/shared/contracts/place';
import PlaceSchematic from '../place-schematic';
import { distanceText } from '../../../cloudfunctions/shared/isomorphic/geo';
import { nearby } from '../../services/place';
import './index.css';

const RADIUS = 500;

/** Landmarks in words: the nearest registered stations and merchants, 「荷城驿站 120 米」. */
function landmarks(items: NearbyItem[]): string {
  return items
    .slice(0, 2)
    .map((p) => `${p.name} ${distanceText(p.distance)}`)
    .join('、');
}

export interface LocationPreviewProps {
  location: LatLng;
  /** What the spot is called: its address, or the area when there is none. */
  label: string;
  /** 「荷城社区 · 荷城一网格」 */
  area: string;
  title: string;
  /** The centre's label on the H5 drawing (问题位置, 申请位置). */
  centerLabel: string;
  /** A place to leave out of the landmarks (the place being reviewed itself). */
  excludeId?: string;
  testId: string;
  /** Inside another card (the review item): drawn without a card of its own. */
  inline?: boolean;
}

/**
 * Where something is, for the staff and grid workers who check it or go there: on weapp a map with a
 * pin and navigation; on H5 (no map tiles offline) the schematic with the friendly places around the
 * spot. Always in words too: the address, the community and grid, the nearest landmarks.
 */
export default function LocationPreview({ location, label, area, title, centerLabel, excludeId, testId, inline = false }: LocationPreviewProps) {
  const [around, setAround] = useState<NearbyItem[] | null>(null);
  useEffect(() => {
    let live = true;
    nearby({ location, radius: RADIUS, pageSize: 20 }, { silent: true })
      .then((r) => live && setAround(r.items.filter((p) => p.id !== excludeId)))
      .catch(() => live && setAround([]));
    return () => {
      live = false;
    };
  }, [location.lat, location.lng, excludeId]);

  const navigate = () => void Taro.openLocation({ latitude: location.lat, longitude: location.lng, name: label, address: area, scale: 17 }).catch(() => undefined);

  return (
    <View className={inline ? 'loc-map--inline' : 'yh-card'} data-testid={testId}>
      <Text className={inline ? 'loc-map__title' : 'yh-card__title'}>{title}</Text>
      {process.env.TARO_ENV === 'weapp' ? (
        <Map
          className="loc-map"
          latitude={location.lat}
          longitude={location.lng}
          scale={17}
          markers={[
            {
              id: 0,
              latitude: location.lat,
              longitude: location.lng,
              iconPath: '/assets/tabbar/map-active.png',
              width: 40,
              height: 40,
              title: label,
              callout: { content: label, display: 'ALWAYS', padding: 8, borderRadius: 8, fontSize: 14, color: '#111827', bgColor: '#ffffff', textAlign: 'center', anchorX: 0, anchorY: 0, borderWidth: 1, borderColor: '#0b5cad' },
            },
          ]}
          onTap={navigate}
          onError={() => Taro.showToast({ title: '地图加载失败，可点「导航到现场」', icon: 'none' })}
        />
      ) : (
        <PlaceSchematic center={location} radius={RADIUS} places={around ?? []} selectedId={around?.[0]?.id ?? null} centerLabel={centerLabel} />
      )}
      <Text className="loc-map__where" data-testid={`${testId}-where`}>
        {label}
        {area && label !== area ? ` · ${area}` : ''}
      </Text>
      {around && around.length ? <Text className="yh-muted">附近：{landmarks(around)}</Text> : null}
      {process.env.TARO_ENV === 'weapp' ? (
        <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid={`${testId}-navigate`} onClick={navigate}>
          导航到现场
        </Button>
      ) : null}
    </View>
  );
}
