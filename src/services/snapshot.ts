import Taro from '@tarojs/taro';
import type {
  AssigneeView,
  ImageQueuePayload,
  ReviewImagePayload,
  CategoryView,
  DispatchPayload,
  ListMinePayload,
  MessageView,
  NearbyItem,
  Page,
  QueueCounts,
  QueuePayload,
  RatePayload,
  ReportSummary,
  ReportView,
  ResolvePayload,
  ReviewPayload,
  SnapshotSettings,
  SubmitPayload,
  TasksPayload,
  UpsertCategoryPayload,
} from '../../cloudfunctions/shared/contracts/snapshot';
import { call, type CallOptions } from './call';
import { getDevOpenid } from './dev-account';
import { handOff, takeHandOff } from './handoff';
import { getSession } from './session';

export type {
  AssigneeView,
  CategoryView,
  MessageView,
  NearbyItem,
  Page,
  QueueCounts,
  QueuePayload,
  ReportSummary,
  ReportView,
  SnapshotSettings,
  SubmitPayload,
};

export const categories = (opts?: CallOptions & { includeDisabled?: boolean }) =>
  call('snapshot', 'categories', opts?.includeDisabled ? { includeDisabled: true } : {}, opts);
export const upsertCategory = (p: UpsertCategoryPayload, opts?: CallOptions) => call('snapshot', 'upsertCategory', p, opts);
export const settings = (opts?: CallOptions) => call('snapshot', 'settings', {}, opts);
export const submit = (p: SubmitPayload, opts?: CallOptions) => call('snapshot', 'submit', p, opts);
export const nearby = (p: { location: { lat: number; lng: number }; category?: string; radius?: number }, opts?: CallOptions) => call('snapshot', 'nearby', p, opts);
export const meToo = (id: string, opts?: CallOptions) => call('snapshot', 'meToo', { id }, opts);
export const getReport = (id: string, opts?: CallOptions) => call('snapshot', 'get', { id }, opts);
export const listMine = (p: ListMinePayload, opts?: CallOptions) => call('snapshot', 'listMine', p, opts);
export const queue = (p: QueuePayload, opts?: CallOptions) => call('snapshot', 'queue', p, opts);
export const queueCounts = (opts?: CallOptions) => call('snapshot', 'queueCounts', {}, opts);
export const homeCounts = (opts?: CallOptions) => call('snapshot', 'homeCounts', {}, opts);
export const review = (p: ReviewPayload, opts?: CallOptions) => call('snapshot', 'review', p, opts);
export const imageQueue = (p: ImageQueuePayload = {}, opts?: CallOptions) => call('snapshot', 'imageQueue', p, opts);
export const reviewImage = (p: ReviewImagePayload, opts?: CallOptions) => call('snapshot', 'reviewImage', p, opts);
export const assignees = (id: string, opts?: CallOptions) => call('snapshot', 'assignees', { id }, opts);
export const dispatch = (p: DispatchPayload, opts?: CallOptions) => call('snapshot', 'dispatch', p, opts);
export const tasks = (p: TasksPayload, opts?: CallOptions) => call('snapshot', 'tasks', p, opts);
export const resolve = (p: ResolvePayload, opts?: CallOptions) => call('snapshot', 'resolve', p, opts);
export const rate = (p: RatePayload, opts?: CallOptions) => call('snapshot', 'rate', p, opts);
export const placeFeedback = (p: { cursor?: string }, opts?: CallOptions) => call('snapshot', 'placeFeedback', p, opts);
export const messages = (p: { cursor?: string }, opts?: CallOptions) => call('snapshot', 'messages', p, opts);
export const unreadCount = (opts?: CallOptions) => call('snapshot', 'unreadCount', {}, opts);
export const markRead = (ids?: string[], opts?: CallOptions) => call('snapshot', 'markRead', ids ? { ids } : {}, opts);

/** Places near a point, to pick the one a 站点/商户反馈 is about. */
export const nearbyPlaces = (location: { lat: number; lng: number }, opts?: CallOptions) => call('place', 'nearby', { location, radius: 2000 }, opts);

/** A client request id: unique per attempt at one thing, reused when that attempt is retried. */
export function newRequestId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

// ---- settings, cached for the session -----------------------------------------------------------

let settingsCache: { openid: string; settings: Promise<SnapshotSettings> } | null = null;

/** Settings for the logged-in account; the upload directory is per person, so switching accounts refetches. */
export function cachedSettings(): Promise<SnapshotSettings> {
  const openid = getSession().user?.openid ?? '';
  if (settingsCache && settingsCache.openid === openid) return settingsCache.settings;
  const entry = { openid, settings: settings({ silent: true }) };
  settingsCache = entry;
  entry.settings.catch(() => {
    if (settingsCache === entry) settingsCache = null;
  });
  return entry.settings;
}

// ---- photo upload ----------------------------------------------------------------------------

export interface PickedPhoto {
  /** Local path (weapp temp file, H5 blob: URL) for the preview. */
  path: string;
  /** H5 only: the picked File, uploaded as raw bytes. */
  file?: Blob;
  size?: number;
}

/** Opens the camera / album for up to `count` photos. */
export async function pickPhotos(count: number): Promise<PickedPhoto[]> {
  const res = await Taro.chooseImage({ count: Math.max(1, Math.min(9, count)), sizeType: ['compressed'], sourceType: ['camera', 'album'] });
  return (res.tempFiles ?? []).map((f) => ({
    path: f.path,
    size: f.size,
    file: (f as unknown as { originalFileObj?: Blob }).originalFileObj,
  }));
}

function extensionOf(photo: PickedPhoto): string {
  const type = (photo.file as { type?: string } | undefined)?.type ?? '';
  if (/png/.test(type) || /\.png$/i.test(photo.path)) return 'png';
  if (/webp/.test(type) || /\.webp$/i.test(photo.path)) return 'webp';
  return 'jpg';
}

/**
 * Uploads one photo to the caller's upload directory, reporting progress 0–100. weapp goes through
 * Taro.cloud.uploadFile; H5 posts the raw bytes to the emulator gateway.
 */
export async function uploadPhoto(photo: PickedPhoto, onProgress: (percent: number) => void): Promise<string> {
  const { uploadDir } = await cachedSettings();
  const cloudPath = `${uploadDir}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${extensionOf(photo)}`;
  if (process.env.TARO_ENV === 'weapp') {
    return new Promise<string>((resolve, reject) => {
      const task = Taro.cloud.uploadFile({
        cloudPath,
        filePath: photo.path,
        success: (r: { fileID: string }) => resolve(r.fileID),
        fail: (e: unknown) => reject(e),
      } as Parameters<typeof Taro.cloud.uploadFile>[0]) as unknown as { onProgressUpdate?: (cb: (r: { progress: number }) => void) => void };
      task?.onProgressUpdate?.((r) => onProgress(r.progress));
    });
  }
  const body = photo.file ?? (await (await fetch(photo.path)).blob());
  return new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${process.env.TARO_APP_API_BASE || ''}/api/storage/upload?path=${encodeURIComponent(cloudPath)}`);
    if (process.env.TARO_APP_DEV_LOGIN === '1') {
      const openid = getDevOpenid();
      if (openid) xhr.setRequestHeader('x-wx-openid', openid);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      try {
        const reply = JSON.parse(xhr.responseText) as { fileID?: string };
        if (xhr.status === 200 && reply.fileID) resolve(reply.fileID);
        else reject(new Error(`upload failed (${xhr.status})`));
      } catch {
        reject(new Error('upload failed'));
      }
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(body);
  });
}

// ---- location ------------------------------------------------------------------------------

export interface PickedLocation {
  lat: number;
  lng: number;
  /** From chooseLocation (weapp); on H5 the worker types it. */
  address: string;
}

/**
 * The current position in GCJ-02 (what WeChat's map uses). The browser only knows WGS-84; the H5
 * build is the local emulator's, where the difference (a few hundred metres) does not matter.
 */
export async function currentLocation(): Promise<PickedLocation> {
  const type = process.env.TARO_ENV === 'weapp' ? 'gcj02' : 'wgs84';
  const r = await Taro.getLocation({ type, isHighAccuracy: true } as Parameters<typeof Taro.getLocation>[0]);
  return { lat: round6(r.latitude), lng: round6(r.longitude), address: '' };
}

/** Pick a spot on the map (weapp); resolves null when the user backs out. */
export async function chooseOnMap(near?: { lat: number; lng: number }): Promise<PickedLocation | null> {
  try {
    const r = await Taro.chooseLocation(near ? { latitude: near.lat, longitude: near.lng } : {});
    if (!r.latitude && !r.longitude) return null;
    return { lat: round6(r.latitude), lng: round6(r.longitude), address: [r.address, r.name].filter(Boolean).join(' ') };
  } catch {
    return null;
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

// ---- drafts ----------------------------------------------------------------------------------

export interface DraftPhoto {
  fileID: string;
  /** What to show: weapp shows the fileID itself; H5 keeps the session's blob: URL. */
  preview: string;
}

export interface Draft {
  kind: 'issue' | 'volunteer';
  category: string;
  description: string;
  photos: DraftPhoto[];
  location: PickedLocation | null;
  address: string;
  placeId: string;
  placeName: string;
  hours: number;
  activity: string;
  /** Kept until the report is filed, so a retry after a lost reply files it once. */
  requestId: string;
  savedAt: number;
}

/** Before drafts had an owner they sat under this key; whose it was is unknowable, so it is dropped. */
const LEGACY_DRAFT_KEY = 'snapshot.draft.v1';
/**
 * A draft belongs to the account that wrote it: one storage key per openid, so after 切换账号 (or on a
 * shared phone) nobody sees or files another person's half-written report.
 */
const draftKey = (openid: string) => `snapshot.draft.v2.${openid}`;
const draftOwner = () => getSession().user?.openid ?? '';
const PREFILL_KEY = 'snapshot.prefill.v1';

export function emptyDraft(): Draft {
  return { kind: 'issue', category: '', description: '', photos: [], location: null, address: '', placeId: '', placeName: '', hours: 1, activity: '', requestId: newRequestId(), savedAt: 0 };
}

export function loadDraft(owner = draftOwner()): Draft | null {
  try {
    Taro.removeStorageSync(LEGACY_DRAFT_KEY);
    if (!owner) return null;
    const v = Taro.getStorageSync(draftKey(owner)) as Draft | '';
    if (!v || typeof v !== 'object' || typeof v.requestId !== 'string') return null;
    return { ...emptyDraft(), ...v };
  } catch {
    return null;
  }
}

export function saveDraft(d: Draft, owner = draftOwner()): void {
  if (!owner) return;
  try {
    Taro.setStorageSync(draftKey(owner), { ...d, savedAt: Date.now() });
  } catch {
    // Storage full or unavailable: the draft simply does not survive; nothing else depends on it.
  }
}

export function clearDraft(owner = draftOwner()): void {
  if (!owner) return;
  try {
    Taro.removeStorageSync(draftKey(owner));
  } catch {
    // see saveDraft
  }
}

/** True when the draft holds anything worth keeping. */
export function draftHasContent(d: Draft): boolean {
  return !!(d.category || d.description.trim() || d.photos.length || d.activity.trim());
}

/**
 * Opens the 随手拍 tab ready to give feedback on a place (from the map or a place page). A tab page
 * takes no query string, so the place travels through storage.
 */
export function startPlaceFeedback(place: { id: string; name: string }): Promise<unknown> {
  handOff(PREFILL_KEY, { placeId: place.id, placeName: place.name });
  return Taro.switchTab({ url: '/pages/snapshot/index' });
}

const RESUBMIT_KEY = 'snapshot.resubmit.v1';

/**
 * The new draft 重新上报 starts from a rejected report: what was said and where, with a new
 * requestId (it is a new report) and no photos (a missing or unclear photo is the usual reason).
 */
export function resubmitDraft(r: ReportView): Draft {
  return {
    ...emptyDraft(),
    kind: r.kind,
    category: r.category,
    description: r.description,
    location: { lat: r.location.lat, lng: r.location.lng, address: r.address },
    address: r.address,
    placeId: r.place?.id ?? '',
    placeName: r.place?.name ?? '',
    hours: r.hours ?? 1,
    activity: r.activity,
  };
}

/** Opens the 随手拍 tab with a rejected report's content to complete and file again (through storage, as for a place). */
export function startResubmit(r: ReportView): Promise<unknown> {
  handOff(RESUBMIT_KEY, resubmitDraft(r));
  return Taro.switchTab({ url: '/pages/snapshot/index' });
}

export function takeResubmit(): Draft | null {
  const v = takeHandOff(RESUBMIT_KEY, (x): x is Draft => !!x && typeof x === 'object' && typeof (x as Draft).requestId === 'string');
  return v ? { ...emptyDraft(), ...v } : null;
}

export function takePrefill(): { placeId: string; placeName: string } | null {
  const v = takeHandOff(PREFILL_KEY, (x): x is { placeId: string; placeName?: string } => !!x && typeof x === 'object' && !!(x as { placeId?: string }).placeId);
  return v ? { placeId: v.placeId, placeName: v.placeName ?? '' } : null;
}
