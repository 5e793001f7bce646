import { z } from 'zod';
import { requestId } from './common';
import { SERVICES, type ServiceCode } from '../isomorphic/labels';

export { PLACE_STATUS_LABELS, PLACE_TYPE_LABELS } from '../isomorphic/labels';

/** Friendly merchants (友好商户) and service stations (党群服务站 / 驿站) share one model. */
export const PLACE_TYPES = ['merchant', 'station'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

export const PLACE_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export type PlaceStatus = (typeof PLACE_STATUSES)[number];

/** The services taxonomy (codes, words and glyphs) is kept with the words both sides show. */
export { SERVICES, type ServiceCode };
export const SERVICE_CODES = SERVICES.map((s) => s.code) as [ServiceCode, ...ServiceCode[]];

/** The district's whereabouts in GCJ-02; anything outside mainland China's bounding box is a bad coordinate. */
export const latLng = z
  .object({
    lat: z.number({ invalid_type_error: '纬度必须是数字' }).finite('纬度必须是有限的数字').min(3.8, '纬度超出范围').max(53.6, '纬度超出范围'),
    lng: z.number({ invalid_type_error: '经度必须是数字' }).finite('经度必须是有限的数字').min(73.5, '经度超出范围').max(135.1, '经度超出范围'),
  })
  .strict();
export type LatLng = z.infer<typeof latLng>;

export const placeId = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, '地点编号格式不正确');
export const fileId = z.string().trim().max(512, '文件标识过长').regex(/^cloud:\/\/\S+$/, '请先上传图片');
const cursor = z.string().max(200, '分页标记不正确');

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const time = (what: string) => z.string().refine((s) => HHMM.test(s) || (what === '关门' && s === '24:00'), `${what}时间应为 HH:MM`);
export const timeRange = z
  .object({ open: time('开门'), close: time('关门') })
  .strict()
  .refine((r) => r.open !== r.close, { message: '开门和关门时间不能相同' });
export type TimeRange = z.infer<typeof timeRange>;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '日期不存在');

/**
 * Weekly opening hours, Monday first (weekly[0] = 周一). A range whose close is earlier than its open
 * runs past midnight into the next day (18:00–02:00). An empty day is a weekly day off; `closedDays`
 * are particular dates (holidays) in Asia/Shanghai; `is24h` means open round the clock except on those dates.
 */
export const weeklyHours = z
  .object({
    weekly: z.array(z.array(timeRange).max(3, '每天最多 3 个营业时段')).length(7, '需要周一到周日 7 天的营业时间'),
    is24h: z.boolean().optional(),
    closedDays: z.array(isoDate).max(60, '休息日最多 60 天').optional(),
  })
  .strict();
export type WeeklyHours = z.infer<typeof weeklyHours>;

export const offerInput = z
  .object({
    id: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(),
    title: z.string().trim().min(1, '请填写优惠标题').max(30, '优惠标题最多 30 个字'),
    detail: z.string().trim().max(200, '优惠说明最多 200 个字').default(''),
    workerDiscount: z.string().trim().max(20, '骑手优惠最多 20 个字').optional(),
  })
  .strict();
export type OfferInput = z.input<typeof offerInput>;
export interface Offer {
  id: string;
  title: string;
  detail: string;
  /** What a rider/courier/driver gets, e.g. 「骑手 9 折」. */
  workerDiscount?: string;
}

const serviceList = (min: number) =>
  z
    .array(z.enum(SERVICE_CODES, { errorMap: () => ({ message: '服务项目不在可选范围内' }) }))
    .min(min, '请至少选择一项服务')
    .max(SERVICES.length)
    .refine((a) => new Set(a).size === a.length, '服务项目重复');
const name = z.string().trim().min(2, '名称至少 2 个字').max(30, '名称最多 30 个字');
const address = z.string().trim().min(2, '请填写地址').max(80, '地址最多 80 个字');
const phone = z
  .string()
  .trim()
  .regex(/^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})$/, '请填写手机号或座机号（如 0775-1234567）');
const offers = z.array(offerInput).max(10, '优惠最多 10 条');
const photos = z.array(fileId).max(6, '照片最多 6 张');

export const applyPayload = z
  .object({
    name,
    address,
    phone,
    location: latLng,
    services: serviceList(1),
    offers: offers.default([]),
    hours: weeklyHours,
    photos: photos.default([]),
    licencePhoto: fileId,
    requestId,
  })
  .strict();
export type ApplyPayload = z.input<typeof applyPayload>;

/** The owner's edit: any subset. Name, location/address, licence and photos go to review; the rest is live at once. */
export const updatePayload = z
  .object({
    id: placeId,
    name: name.optional(),
    address: address.optional(),
    phone: phone.optional(),
    location: latLng.optional(),
    services: serviceList(1).optional(),
    offers: offers.optional(),
    hours: weeklyHours.optional(),
    photos: photos.optional(),
    licencePhoto: fileId.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).some((k) => k !== 'id' && (p as Record<string, unknown>)[k] !== undefined), { message: '没有需要修改的内容' });
export type UpdatePayload = z.input<typeof updatePayload>;

export const upsertStationPayload = z
  .object({
    id: placeId.optional(),
    name,
    address,
    phone: phone.optional(),
    location: latLng,
    services: serviceList(1),
    offers: offers.default([]),
    hours: weeklyHours,
    photos: photos.default([]),
    requestId: requestId.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.id && !p.requestId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['requestId'], message: '新建服务站需要 requestId' });
  });
export type UpsertStationPayload = z.input<typeof upsertStationPayload>;

export const NEARBY_DEFAULT_RADIUS = 3000;
export const NEARBY_MAX_RADIUS = 20000;
export const NEARBY_DEFAULT_PAGE = 20;

export const nearbyPayload = z
  .object({
    location: latLng,
    radius: z.number().int('半径必须是整数（米）').min(100, '半径至少 100 米').max(NEARBY_MAX_RADIUS, '半径最大 20 公里').default(NEARBY_DEFAULT_RADIUS),
    type: z.enum(PLACE_TYPES).optional(),
    /** All of these. */
    services: serviceList(0).optional(),
    openNow: z.boolean().optional(),
    cursor: cursor.optional(),
    pageSize: z.number().int().min(1).max(50).default(NEARBY_DEFAULT_PAGE),
  })
  .strict();
export type NearbyPayload = z.input<typeof nearbyPayload>;

export const getPayload = z.object({ id: placeId, location: latLng.optional() }).strict();
export type GetPayload = z.input<typeof getPayload>;

export const listPayload = z.object({ cursor: cursor.optional(), pageSize: z.number().int().min(1).max(50).default(20) }).strict();
export type ListPayload = z.input<typeof listPayload>;

export const queuePayload = z
  .object({ communityId: z.string().trim().min(1).max(64).optional(), cursor: cursor.optional(), pageSize: z.number().int().min(1).max(50).default(20) })
  .strict();
export type QueuePayload = z.input<typeof queuePayload>;

export const managePayload = z
  .object({
    communityId: z.string().trim().min(1).max(64).optional(),
    type: z.enum(PLACE_TYPES).optional(),
    status: z.enum(PLACE_STATUSES).optional(),
    cursor: cursor.optional(),
    pageSize: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export type ManagePayload = z.input<typeof managePayload>;

const reason = z.string().trim().min(2, '原因至少 2 个字').max(200, '原因最多 200 个字');

export const reviewPayload = z
  .object({ id: placeId, decision: z.enum(['approve', 'reject']), reason: reason.optional() })
  .strict()
  .superRefine((p, ctx) => {
    if (p.decision === 'reject' && !p.reason) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['reason'], message: '请填写不通过的原因' });
  });
export type ReviewPayload = z.input<typeof reviewPayload>;

export const suspendPayload = z
  .object({ id: placeId, suspended: z.boolean(), reason: reason.optional() })
  .strict()
  .superRefine((p, ctx) => {
    if (p.suspended && !p.reason) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['reason'], message: '请填写暂停的原因' });
  });
export type SuspendPayload = z.input<typeof suspendPayload>;

// ---- replies ---------------------------------------------------------------------------------

export interface PhotoView {
  fileID: string;
  /** A temporary HTTPS URL (H5 cannot show cloud:// ids); '' when the file is gone. */
  url: string;
}

/** One result of place.nearby. */
export interface NearbyItem {
  id: string;
  name: string;
  type: PlaceType;
  services: ServiceCode[];
  /** Metres from the searched location, rounded. */
  distance: number;
  /** Computed in Asia/Shanghai at the time of the call. */
  openNow: boolean;
  /** 「营业中 · 至 22:00」「已打烊 · 明天 08:00 营业」「24 小时营业」 */
  statusText: string;
  is24h: boolean;
  location: LatLng;
  address: string;
  /** The first offer that has a worker discount (or the first offer), for the list. */
  highlight: string | null;
}

export interface NearbyResult {
  items: NearbyItem[];
  nextCursor: string | null;
  radius: number;
}

export interface PlaceDetail {
  id: string;
  type: PlaceType;
  name: string;
  status: PlaceStatus;
  address: string;
  phone: string;
  services: ServiceCode[];
  offers: Offer[];
  hours: WeeklyHours;
  openNow: boolean;
  statusText: string;
  /** Today's index in `hours.weekly` (0 = 周一), in Asia/Shanghai. */
  today: number;
  location: LatLng;
  /** Metres from `location` in the request; null when none was given. */
  distance: number | null;
  photos: PhotoView[];
  communityId: string;
  gridId: string | null;
  updatedAt: string;
  /** The caller owns it (merchant) — may edit through place.update. */
  isOwner: boolean;
  /** The caller is staff of its community or an admin — may suspend it, or edit a station. */
  canManage: boolean;
}

export interface PendingChangeView {
  name?: string;
  address?: string;
  location?: LatLng;
  photos?: PhotoView[];
  licencePhoto?: PhotoView;
  offers?: Offer[];
  /** Community that reviews the change (the new one when the place moves). */
  communityId: string;
  submittedAt: string;
}

export interface LastReview {
  decision: 'approve' | 'reject';
  kind: 'application' | 'change';
  reason: string | null;
  at: string;
}

/** What the owner and reviewing staff see. */
export interface PlaceOwnView extends PlaceDetail {
  licencePhoto: PhotoView | null;
  rejectReason: string | null;
  suspendReason: string | null;
  pendingChange: PendingChangeView | null;
  /** Waiting for staff of this community, or null. */
  reviewQueue: string | null;
  lastReview: LastReview | null;
  /** The content check asked for a human look at this text. */
  contentFlag: 'review' | null;
  createdAt: string;
}

export interface ReviewItem extends PlaceOwnView {
  kind: 'application' | 'change';
  applicant: { openid: string; name: string; phone: string } | null;
  communityName: string;
  /** The grid holding the place (its new location while a move waits), '' when none does. */
  gridName: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Calls of the `place` function, imported by the front end as types only. */
export interface PlaceActions {
  nearby: { payload: NearbyPayload; data: NearbyResult };
  get: { payload: GetPayload; data: PlaceDetail | PlaceOwnView };
  apply: { payload: ApplyPayload; data: PlaceOwnView };
  mine: { payload: ListPayload; data: Page<PlaceOwnView> };
  update: { payload: UpdatePayload; data: PlaceOwnView };
  queue: { payload: QueuePayload; data: Page<ReviewItem> };
  review: { payload: ReviewPayload; data: PlaceOwnView };
  upsertStation: { payload: UpsertStationPayload; data: PlaceOwnView };
  suspend: { payload: SuspendPayload; data: PlaceOwnView };
  manage: { payload: ManagePayload; data: Page<PlaceOwnView> };
}
