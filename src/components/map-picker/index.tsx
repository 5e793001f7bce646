import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { LatLng, NearbyItem } from '../../../cloudfunctions/shared/contracts/place';
import { locate, nearby } from '../../services/place';
import { disabledProps } from '../button-props';
import PlaceSchematic, { project } from '../place-schematic';
import './index.css';

/** Metres from the centre to the drawing's edge, from closest to widest. */
const RADII = [250, 500, 1000, 2000];

export interface MapPickerProps {
  value: LatLng | null;
  onPick: (p: LatLng) => void;
  /** The pin's label: 店铺位置, 服务站位置, 问题位置. */
  pinLabel: string;
}

/**
 * The H5 stand-in for chooseLocation (no map tiles offline): the schematic the map list draws, centred
 * on the spot (or on the phone), with the registered stations and merchants around as landmarks; a tap
 * on the drawing puts the pin there. 放大/缩小 change the drawing's radius for a finer pick. Used by the
 * place form (shops, stations) and the 随手拍 form.
 */
export default function MapPicker({ value, onPick, pinLabel }: MapPickerProps) {
  const [view, setView] = useState<{ center: LatLng; mine: boolean } | null>(value ? { center: value, mine: false } : null);
  const [radius, setRadius] = useState(value ? 500 : 1000);
  const [around, setAround] = useState<NearbyItem[]>([]);

  // No place yet: start where the phone is (the district centre when the position is unknown).
  useEffect(() => {
    if (view) return;
    let live = true;
    void locate().then((w) => live && setView((v) => v ?? { center: w.location, mine: !w.fallback }));
    return () => {
      live = false;
    };
  }, []);

  // A pin set from elsewhere (使用我当前的位置) that falls off the drawing brings the drawing to it.
  useEffect(() => {
    if (!value || !view) return;
    const at = project(view.center, radius, value);
    if (at.x <= 2 || at.x >= 98 || at.y <= 2 || at.y >= 98) setView({ center: value, mine: false });
  }, [value?.lat, value?.lng]);

  useEffect(() => {
    if (!view) return;
    let live = true;
    nearby({ location: view.center, radius, pageSize: 30 }, { silent: true })
      .then((r) => live && setAround(r.items))
      .catch(() => live && setAround([]));
    return () => {
      live = false;
    };
  }, [view?.center.lat, view?.center.lng, radius]);

  if (!view) return <Text className="yh-muted map-picker__hint">正在定位，稍后显示示意图…</Text>;
  const step = RADII.indexOf(radius);
  return (
    <View className="map-picker" data-testid="map-picker">
      <Text className="yh-muted map-picker__hint">在示意图上点一下{pinLabel.replace(/位置$/, '')}所在的地方。蓝点、橙点是已登记的服务站和商户，可作参照。</Text>
      <PlaceSchematic center={view.center} radius={radius} places={around} centerLabel={view.mine ? '我' : ''} onPick={onPick} pin={value} pinLabel={pinLabel} />
      <View className="map-picker__zoom">
        <Button className="yh-btn yh-btn--ghost map-picker__zoom-btn" data-testid="picker-zoom-in" {...disabledProps(step <= 0)} onClick={() => step > 0 && setRadius(RADII[step - 1])}>
          放大
        </Button>
        <Button className="yh-btn yh-btn--ghost map-picker__zoom-btn" data-testid="picker-zoom-out" {...disabledProps(step >= RADII.length - 1)} onClick={() => step < RADII.length - 1 && setRadius(RADII[step + 1])}>
          缩小
        </Button>
        <Button className="yh-btn yh-btn--ghost map-picker__zoom-btn" data-testid="picker-recentre" {...disabledProps(!value)} onClick={() => value && setView({ center: value, mine: false })}>
          移到中间
        </Button>
      </View>
    </View>
  );
}
