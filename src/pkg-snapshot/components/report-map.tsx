import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Map, Text, View } from '@tarojs/components';
import type { NearbyItem } from '../../../cloudfunctions/shared/contracts/place';
import type { ReportView } from '../../../cloudfunctions/shared/contracts/snapshot';
import PlaceSchematic from '../../components/place-schematic';
import { distanceText } from '../../../cloudfunctions/shared/isomorphic/geo';
import { nearby } from '../../services/place';

const RADIUS = 500;

/** Landmarks in words: the nearest registered stations and merchants, 「荷城驿站 120 米」. */
function landmarks(items: NearbyItem[]): string {
  return items
    .slice(0, 2)
    .map((p) => `${p.name} ${distanceText(p.distance)}`)
    .join('、');
}

/**
 * Where the report is, for the staff and grid workers who go there: on weapp a map with a pin and
 * navigation; on H5 (no map tiles offline) the schematic with the friendly places around the spot.
 */
export default function ReportMap({ report }: { report: ReportView }) {
  const [around, setAround] = useState<NearbyItem[] | null>(null);
  useEffect(() => {
    let live = true;
    nearby({ location: report.location, radius: RADIUS, pageSize: 20 }, { silent: true })
      .then((r) => live && setAround(r.items))
      .catch(() => live && setAround([]));
    return () => {
      live = false;
    };
  }, [report.location.lat, report.location.lng]);

  const area = [report.region.communityName, report.region.gridName].filter(Boolean).join(' · ');
  const label = report.address || area || report.categoryName;
  const navigate = () => void Taro.openLocation({ latitude: report.location.lat, longitude: report.location.lng, name: label, address: area, scale: 17 }).catch(() => undefined);

  return (
    <View className="yh-card" data-testid="detail-map">
      <Text className="yh-card__title">现场位置</Text>
      {process.env.TARO_ENV === 'weapp' ? (
        <Map
          className="rd-map"
          latitude={report.location.lat}
          longitude={report.location.lng}
          scale={17}
          markers={[
            {
              id: 0,
              latitude: report.location.lat,
              longitude: report.location.lng,
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
        <PlaceSchematic center={report.location} radius={RADIUS} places={around ?? []} selectedId={around?.[0]?.id ?? null} centerLabel="问题位置" />
      )}
      <Text className="rd-map__where" data-testid="detail-map-where">
        {label}
        {area && label !== area ? ` · ${area}` : ''}
      </Text>
      {around && around.length ? <Text className="yh-muted">附近：{landmarks(around)}</Text> : null}
      {process.env.TARO_ENV === 'weapp' ? (
        <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="detail-navigate" onClick={navigate}>
          导航到现场
        </Button>
      ) : null}
    </View>
  );
}
