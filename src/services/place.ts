import Taro from '@tarojs/taro';
import type {
  ApplyPayload,
  LatLng,
  ManagePayload,
  NearbyItem,
  NearbyPayload,
  NearbyResult,
  Offer,
  OfferInput,
  PlaceDetail,
  PlaceOwnView,
  QueuePayload,
  ReviewItem,
  ReviewPayload,
  ServiceCode,
  SuspendPayload,
  TimeRange,
  UpdatePayload,
  UpsertStationPayload,
  WeeklyHours,
} from '../../cloudfunctions/shared/contracts/place';
import { DISTRICT_CENTRE } from '../constants/place';
import { call, type CallOptions } from './call';

export type { LatLng, NearbyItem, NearbyResult, Offer, OfferInput, PlaceDetail, PlaceOwnView, ReviewItem, ServiceCode, TimeRange, WeeklyHours };

export const nearby = (p: NearbyPayload, opts?: CallOptions) => call('place', 'nearby', p, opts);
export const getPlace = (id: string, location?: LatLng, opts?: CallOptions) => call('place', 'get', location ? { id, location } : { id }, opts);
export const apply = (p: ApplyPayload, opts?: CallOptions) => call('place', 'apply', p, opts);
export const mine = (cursor?: string, opts?: CallOptions) => call('place', 'mine', cursor ? { cursor } : {}, opts);
export const update = (p: UpdatePayload, opts?: CallOptions) => call('place', 'update', p, opts);
export const queue = (p: QueuePayload, opts?: CallOptions) => call('place', 'queue', p, opts);
export const review = (p: ReviewPayload, opts?: CallOptions) => call('place', 'review', p, opts);
export const upsertStation = (p: UpsertStationPayload, opts?: CallOptions) => call('place', 'upsertStation', p, opts);
export const suspend = (p: SuspendPayload, opts?: CallOptions) => call('place', 'suspend', p, opts);
export const manage = (p: ManagePayload, opts?: CallOptions) => call('place', 'manage', p, opts);

/** Whether the detail reply is the owner's / staff's fuller view. */
export function isOwnView(p: PlaceDetail | PlaceOwnView): p is PlaceOwnView {
  return 'reviewQueue' in p;
}

export interface Whereabouts {
  location: LatLng;
  /** The phone's position was not available: the district centre stands in (and the page says so). */
  fallback: boolean;
}

const LOCATE_TIMEOUT_MS = 6000;

/**
 * The phone's position in GCJ-02, what WeChat's Map and openLocation use. A browser only knows WGS-84;
 * the H5 build is the local emulator's, where a few hundred metres do not matter. A denied or slow
 * location falls back to the district centre rather than leaving the page empty.
 */
export async function locate(): Promise<Whereabouts> {
  const type = process.env.TARO_ENV === 'weapp' ? 'gcj02' : 'wgs84';
  try {
    const r = await Promise.race([
      Taro.getLocation({ type } as Parameters<typeof Taro.getLocation>[0]),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), LOCATE_TIMEOUT_MS)),
    ]);
    if (typeof r?.latitude !== 'number' || typeof r?.longitude !== 'number') throw new Error('no position');
    return { location: { lat: round6(r.latitude), lng: round6(r.longitude) }, fallback: false };
  } catch {
    return { location: { ...DISTRICT_CENTRE }, fallback: true };
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Opens the phone's map app with directions to a place. */
export function navigateTo(place: { name: string; address: string; location: LatLng }): void {
  if (process.env.TARO_ENV === 'h5') {
    // Taro's H5 openLocation works only inside WeChat's official-account JS-SDK; anywhere else it
    // only logs a warning and never fails, so the button would do nothing. Give the address instead.
    void Taro.showModal({
      title: place.name,
      content: `${place.address}\n在微信里打开友好街区，可直接用地图导航过去；这里可以复制地址。`,
      confirmText: '复制地址',
      cancelText: '关闭',
    }).then((r) => {
      if (r.confirm) void Taro.setClipboardData({ data: `${place.name} ${place.address}` }).catch(() => Taro.showToast({ title: '复制失败，请长按地址手动复制', icon: 'none' }));
    });
    return;
  }
  void Taro.openLocation({ latitude: place.location.lat, longitude: place.location.lng, name: place.name, address: place.address, scale: 17 }).catch(() => {
    Taro.showToast({ title: '无法打开地图导航', icon: 'none' });
  });
}

export function callPhone(phone: string): void {
  void Taro.makePhoneCall({ phoneNumber: phone.replace(/-/g, '') }).catch(() => undefined);
}

/** A client request id: one per attempt at creating something, reused when that attempt is retried. */
export function newRequestId(): string {
  return `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}
