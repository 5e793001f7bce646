import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { LatLng, PlaceType } from '../../../cloudfunctions/shared/contracts/place';
import './index.css';

export interface SchematicPlace {
  id: string;
  name: string;
  type: PlaceType;
  location: LatLng;
  openNow: boolean;
}

export interface PlaceSchematicProps {
  center: LatLng;
  /** Metres from the centre to the outer ring. */
  radius: number;
  places: readonly SchematicPlace[];
  selectedId?: string | null;
  onSelect?: (id: string) => void;
  /** What sits at the centre: the user (我) on the map page, a report's spot (问题位置) on its page; '' for nothing. */
  centerLabel?: string;
  /** Picking a spot (the H5 place form): a tap on the drawing reports the point tapped. Places are then only landmarks. */
  onPick?: (p: LatLng) => void;
  /** The picked spot, drawn as a pin. */
  pin?: LatLng | null;
  pinLabel?: string;
}

const M_PER_DEG_LAT = 110574;
const M_PER_DEG_LNG_EQUATOR = 111320;
const NICE = [100, 200, 500, 1000, 2000, 5000];

/** Where a place sits in the drawing, as percentages of the box (x to the right = east, y down = south). */
export function project(center: LatLng, radius: number, p: LatLng): { x: number; y: number } {
  const dx = (p.lng - center.lng) * Math.cos((center.lat * Math.PI) / 180) * M_PER_DEG_LNG_EQUATOR;
  const dy = (p.lat - center.lat) * M_PER_DEG_LAT;
  const clamp = (v: number) => Math.max(2, Math.min(98, v));
  return { x: clamp(50 + (dx / radius) * 50), y: clamp(50 - (dy / radius) * 50) };
}

/** The inverse of `project` (without its clamping): the point at x%, y% of the drawing. */
export function unproject(center: LatLng, radius: number, x: number, y: number): LatLng {
  const dx = ((x - 50) / 50) * radius;
  const dy = ((50 - y) / 50) * radius;
  const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    lat: round6(center.lat + dy / M_PER_DEG_LAT),
    lng: round6(center.lng + dx / (Math.cos((center.lat * Math.PI) / 180) * M_PER_DEG_LNG_EQUATOR)),
  };
}

/** Where a tap landed, in percent of the element it landed on (H5 only: the browser's click and the element's box). */
function tapPercent(e: unknown, boxId: string): { x: number; y: number } | null {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return null;
  const ev = e as { clientX?: number; clientY?: number; changedTouches?: ArrayLike<{ clientX: number; clientY: number }> };
  const touch = ev.changedTouches?.[0];
  const cx = typeof ev.clientX === 'number' ? ev.clientX : touch?.clientX;
  const cy = typeof ev.clientY === 'number' ? ev.clientY : touch?.clientY;
  const box = document.getElementById(boxId)?.getBoundingClientRect();
  if (cx === undefined || cy === undefined || !box || !box.width || !box.height) return null;
  return { x: ((cx - box.left) / box.width) * 100, y: ((cy - box.top) / box.height) * 100 };
}

let boxSeq = 0;

function scaleOf(radius: number): { metres: number; label: string } {
  const metres = [...NICE].reverse().find((n) => n <= radius / 2) ?? NICE[0];
  return { metres, label: metres >= 1000 ? `${metres / 1000} 公里` : `${metres} 米` };
}

/**
 * The H5 stand-in for the map (no map tiles offline): the user at the centre, rings at a third of the
 * radius, each place a dot by bearing and distance — blue for stations, orange for merchants, hollow
 * when closed — and a scale bar. Tapping a dot selects it, as a marker does on the real map.
 */
export default function PlaceSchematic({ center, radius, places, selectedId, onSelect, centerLabel = '我', onPick, pin, pinLabel = '选中位置' }: PlaceSchematicProps) {
  const scale = scaleOf(radius);
  const [boxId] = useState(() => `schematic-box-${++boxSeq}`);
  const picking = !!onPick;
  const pick = (e: unknown) => {
    const at = tapPercent(e, boxId);
    if (at && onPick) onPick(unproject(center, radius, at.x, at.y));
  };
  const pinAt = pin ? project(center, radius, pin) : null;
  return (
    <View className={`schematic${picking ? ' schematic--picking' : ''}`} data-testid="place-schematic">
      <View className="schematic__box" id={boxId} data-testid="schematic-box" onClick={picking ? pick : undefined}>
        {[1, 2, 3].map((k) => (
          <View key={k} className="schematic__ring" style={{ width: `${(k / 3) * 100}%`, height: `${(k / 3) * 100}%` }} />
        ))}
        <Text className="schematic__north">北 ↑</Text>
        {places.map((p) => {
          const { x, y } = project(center, radius, p.location);
          const selected = p.id === selectedId;
          return (
            <View
              key={p.id}
              className={`schematic__dot schematic__dot--${p.type}${p.openNow ? '' : ' schematic__dot--closed'}${selected ? ' schematic__dot--selected' : ''}`}
              style={{ left: `${x}%`, top: `${y}%` }}
              data-testid="schematic-dot"
              data-place-id={p.id}
              onClick={picking ? undefined : () => onSelect?.(p.id)}
            >
              <View className="schematic__dot-mark" />
              {selected ? <Text className="schematic__dot-label">{p.name}</Text> : null}
            </View>
          );
        })}
        {centerLabel ? (
          <View className={`schematic__me${centerLabel.length > 1 ? ' schematic__me--wide' : ''}`} style={{ left: '50%', top: '50%' }} data-testid="schematic-center">
            <Text>{centerLabel}</Text>
          </View>
        ) : null}
        {pinAt ? (
          <View className="schematic__pin" style={{ left: `${pinAt.x}%`, top: `${pinAt.y}%` }} data-testid="schematic-pin">
            <Text className="schematic__pin-label">{pinLabel}</Text>
            <View className="schematic__pin-mark" />
          </View>
        ) : null}
        <View className="schematic__scale">
          <View className="schematic__scale-bar" style={{ width: `${(scale.metres / radius) * 50}%` }} />
          <Text className="schematic__scale-label">{scale.label}</Text>
        </View>
      </View>
      <View className="schematic__legend">
        <View className="schematic__legend-item">
          <View className="schematic__legend-dot schematic__legend-dot--station" />
          <Text>服务站</Text>
        </View>
        <View className="schematic__legend-item">
          <View className="schematic__legend-dot schematic__legend-dot--merchant" />
          <Text>友好商户</Text>
        </View>
        <View className="schematic__legend-item">
          <View className="schematic__legend-dot schematic__legend-dot--closed" />
          <Text>空心为已打烊</Text>
        </View>
        <Text className="schematic__note">示意图，非实际地图</Text>
      </View>
    </View>
  );
}
