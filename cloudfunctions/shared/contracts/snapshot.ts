import { z } from 'zod';
import type { Category, CategoryRouting, ReportKind } from '../domain/categories';
import { REPORT_STATUSES, type ReportStatus, type TransitionAction } from '../domain/report-lifecycle';
import { openid, requestId } from './common';

export type { Category, CategoryRouting, ReportKind, ReportStatus, TransitionAction };

export const REPORT_KINDS = ['issue', 'volunteer'] as const;

/** Subscribe-message templates a report can notify through (one-time subscriptions, asked for on submit). */
export const TEMPLATE_KEYS = ['review', 'progress', 'resolved'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const MAX_PHOTOS = 9;
export const MAX_DESCRIPTION = 500;
export const DAILY_REPORT_LIMIT = 20;

const id = z.string().trim().min(1, '缺少编号').max(64).regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确');
const categoryCode = z.string().trim().min(1).max(32).regex(/^[a-z][a-z0-9_]*$/, '分类编码只能包含小写字母、数字和下划线');
const cursor = z.string().trim().max(200).optional();
const pageSize = z.number().int().min(1).max(50).optional();

/** GCJ-02; mainland China's bounding box (a point outside it is a wrong fix, not a report). */
export const location = z
  .object({
    lat: z.number({ invalid_type_error: '纬度必须是数字' }).finite().min(3.8, '位置不在服务范围内').max(53.6, '位置不在服务范围内'),
    lng: z.number({ invalid_type_error: '经度必须是数字' }).finite().min(73.5, '位置不在服务范围内').max(135.1, '位置不在服务范围内'),
  })
  .strict();

/** A stored file: the fileID Taro.cloud.uploadFile or the gateway upload gave. */
export const fileId = z.string().trim().min(1).max(512).regex(/^cloud:\/\/\S+$/, '图片文件标识不正确');
const photos = z.array(fileId).max(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`);

export const submitPayload = z
  .object({
    kind: z.enum(REPORT_KINDS),
    category: categoryCode,
    description: z.string().trim().min(2, '请简单描述一下情况（至少 2 个字）').max(MAX_DESCRIPTION, `描述最多 ${MAX_DESCRIPTION} 个字`),
    photos: photos.default([]),
    location,
    address: z.string().trim().max(120, '地址最多 120 个字').optional(),
    placeId: id.optional(),
    /** Volunteer records: hours of service, in half hours. */
    hours: z.number().min(0.5, '服务时长至少 0.5 小时').max(12, '服务时长最多 12 小时').multipleOf(0.5, '服务时长以半小时为单位').optional(),
    activity: z.string().trim().min(2, '请填写服务内容').max(50, '服务内容最多 50 个字').optional(),
    /** Templates the user accepted in requestSubscribeMessage (weapp) just before submitting. */
    subscribe: z.array(z.enum(TEMPLATE_KEYS)).max(TEMPLATE_KEYS.length).optional(),
    requestId,
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind === 'volunteer') {
      if (p.hours === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['hours'], message: '请填写服务时长' });
      if (!p.activity) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['activity'], message: '请填写服务内容' });
    } else if (p.hours !== undefined || p.activity !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [p.hours !== undefined ? 'hours' : 'activity'], message: '只有志愿服务记录需要填写时长和服务内容' });
    }
  });
export type SubmitPayload = z.input<typeof submitPayload>;
export type SubmitInput = z.output<typeof submitPayload>;

export const reviewPayload = z
  .object({
    id,
    decision: z.enum(['accept', 'reject', 'duplicate']),
    reason: z.string().trim().max(200, '原因最多 200 个字').optional(),
    duplicateOf: id.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.decision === 'reject' && !p.reason) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['reason'], message: '请填写不予受理的原因' });
    if (p.decision === 'duplicate' && !p.duplicateOf) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['duplicateOf'], message: '请选择与之重复的上报' });
    if (p.decision === 'duplicate' && p.duplicateOf === p.id) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['duplicateOf'], message: '不能标记为与自己重复' });
  });
export type ReviewPayload = z.infer<typeof reviewPayload>;

export const dispatchPayload = z.object({ id, assignee: openid, note: z.string().trim().max(200, '派单说明最多 200 个字').optional() }).strict();
export type DispatchPayload = z.infer<typeof dispatchPayload>;

export const resolvePayload = z
  .object({
    id,
    note: z.string().trim().min(2, '请填写处理情况').max(MAX_DESCRIPTION, `处理情况最多 ${MAX_DESCRIPTION} 个字`),
    photos: z.array(fileId).min(1, '请至少上传 1 张处理后的照片').max(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`),
  })
  .strict();
export type ResolvePayload = z.infer<typeof resolvePayload>;

export const ratePayload = z
  .object({
    id,
    score: z.number().int('评分是 1 到 5 的整数').min(1, '请给出 1 到 5 星的评分').max(5, '请给出 1 到 5 星的评分'),
    fixed: z.boolean({ required_error: '请选择问题是否已解决' }),
    comment: z.string().trim().max(300, '评价最多 300 个字').optional(),
    subscribe: z.array(z.enum(TEMPLATE_KEYS)).max(TEMPLATE_KEYS.length).optional(),
  })
  .strict();
export type RatePayload = z.infer<typeof ratePayload>;

export const idPayload = z.object({ id }).strict();
export type IdPayload = z.infer<typeof idPayload>;

export const nearbyPayload = z
  .object({
    location,
    category: categoryCode.optional(),
    radius: z.number().int().min(20).max(1000).optional(),
  })
  .strict();
export type NearbyPayload = z.infer<typeof nearbyPayload>;

export const listMinePayload = z
  .object({
    /** `toRate`: fixed and waiting for the reporter's rating, what the home's 待评价 counts. */
    status: z.enum(['open', 'toRate', 'done', 'all']).optional(),
    kind: z.enum(REPORT_KINDS).optional(),
    cursor,
    pageSize,
  })
  .strict();
export type ListMinePayload = z.infer<typeof listMinePayload>;

export const queuePayload = z
  .object({
    /** One status, or `open` (still to act on: overdue first), or `all`. */
    status: z.union([z.enum(REPORT_STATUSES), z.enum(['open', 'all'])]).optional(),
    kind: z.enum(REPORT_KINDS).optional(),
    category: categoryCode.optional(),
    overdue: z.boolean().optional(),
    /** One community of the caller's scope, or `district` (reports outside every community; admins). */
    communityId: z.string().trim().min(1).max(64).optional(),
    cursor,
    pageSize,
  })
  .strict();
export type QueuePayload = z.infer<typeof queuePayload>;

export const tasksPayload = z.object({ status: z.enum(['todo', 'done']).optional(), cursor, pageSize }).strict();
export type TasksPayload = z.infer<typeof tasksPayload>;

export const pagePayload = z.object({ cursor, pageSize }).strict();
export type PagePayload = z.infer<typeof pagePayload>;

export const markReadPayload = z.object({ ids: z.array(id).min(1).max(50).optional() }).strict();
export type MarkReadPayload = z.infer<typeof markReadPayload>;

export const categoriesPayload = z.object({ includeDisabled: z.boolean().optional() }).strict();
export type CategoriesPayload = z.infer<typeof categoriesPayload>;

export const upsertCategoryPayload = z
  .object({
    code: categoryCode,
    name: z.string().trim().min(2, '名称至少 2 个字').max(12, '名称最多 12 个字'),
    kind: z.enum(REPORT_KINDS).optional(),
    points: z.number().int('积分是整数').min(0).max(100, '单条上报积分最多 100'),
    slaHours: z.number().int('时限以小时计').min(1, '处理时限至少 1 小时').max(720, '处理时限最多 720 小时'),
    photoRequired: z.boolean(),
    enabled: z.boolean().optional(),
    order: z.number().int().min(0).max(9999).optional(),
    glyph: z.string().trim().min(1).max(2).optional(),
  })
  .strict();
export type UpsertCategoryPayload = z.infer<typeof upsertCategoryPayload>;

// ---- replies ---------------------------------------------------------------------------------

export type PhotoCheck = 'pending' | 'approved' | 'rejected';

export interface ReportPhoto {
  fileID: string;
  /** HTTPS temp URL (H5 cannot show cloud:// ids). */
  url: string;
  check: PhotoCheck;
}

/** A category as callers see it: the stored one, nothing hidden. */
export type CategoryView = Category;

export type TimelineActorRole = 'reporter' | 'staff' | 'admin' | 'gridworker' | 'system';

export interface TimelineItem {
  at: string;
  action: 'submit' | TransitionAction;
  status: ReportStatus;
  /** Staff and grid workers by name; the reporter as 上报人 (or 我); never another worker's identity. */
  actor: { role: TimelineActorRole; name: string };
  note: string;
}

export interface RegionRef {
  level: 'grid' | 'community' | 'district';
  gridId: string | null;
  gridName: string;
  communityId: string | null;
  communityName: string;
}

export interface ReportSummary {
  id: string;
  kind: ReportKind;
  category: string;
  categoryName: string;
  status: ReportStatus;
  description: string;
  address: string;
  /** First photo the viewer may see, '' when none. */
  thumb: string;
  region: RegionRef;
  meTooCount: number;
  hours: number | null;
  activity: string;
  points: number;
  createdAt: string;
  dueAt: string;
  overdue: boolean;
  assigneeName: string;
  /** Reports filed by a partner system: 「来源：12345 热线（Open311）」. Absent for reports from the app. */
  sourceLabel?: string;
}

export interface ReportView extends ReportSummary {
  photos: ReportPhoto[];
  /** Photos the viewer cannot see yet (still being checked, or blocked). */
  hiddenPhotos: number;
  location: { lat: number; lng: number };
  place: { id: string; name: string } | null;
  resolution: { note: string; photos: ReportPhoto[]; hiddenPhotos: number; at: string; byName: string } | null;
  rating: { score: number; fixed: boolean; comment: string; at: string } | null;
  rejectReason: string;
  duplicateOf: string | null;
  timeline: TimelineItem[];
  mine: boolean;
  meTooByMe: boolean;
  /** Only for scoped staff and admins. */
  reporter: { name: string; phone: string } | null;
  /** Only for the reporter and scoped staff: the description is waiting for a human check. */
  textUnderReview: boolean;
  /** Transitions the caller may take now. */
  can: TransitionAction[];
}

export interface NearbyItem {
  id: string;
  category: string;
  categoryName: string;
  status: ReportStatus;
  description: string;
  thumb: string;
  distance: number;
  meTooCount: number;
  mine: boolean;
  meTooByMe: boolean;
  createdAt: string;
}

export interface SnapshotSettings {
  /** Subscribe-message template ids to request on the submit tap (weapp). */
  templates: Partial<Record<TemplateKey, string>>;
  /** The caller's upload directory: photos go to `<uploadDir>/<name>`. */
  uploadDir: string;
}

export interface MeTooResult {
  id: string;
  meTooCount: number;
  meTooByMe: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AssigneeView {
  openid: string;
  name: string;
  grids: string[];
  /** Open tasks already on them, to spread the work. */
  openTasks: number;
}

export interface MessageView {
  id: string;
  title: string;
  body: string;
  reportId: string | null;
  read: boolean;
  createdAt: string;
}

export interface QueueCounts {
  submitted: number;
  overdue: number;
  reopened: number;
  volunteer: number;
}

/** A home's counts (snapshot.homeCounts); a role's part is null when the caller lacks the role. */
export interface HomeCounts {
  /** The caller's reports fixed and waiting for their rating. */
  toRate: number;
  unread: number;
  /** Grid workers: tasks on their desk, and how many of them are past due. */
  tasks: { open: number; overdue: number } | null;
  /** Merchants: feedback about their places still open at the community. */
  feedback: { open: number } | null;
}

export interface SnapshotActions {
  categories: { payload: CategoriesPayload; data: CategoryView[] };
  upsertCategory: { payload: UpsertCategoryPayload; data: CategoryView };
  settings: { payload: Record<string, never>; data: SnapshotSettings };
  submit: { payload: SubmitPayload; data: ReportView };
  nearby: { payload: NearbyPayload; data: NearbyItem[] };
  meToo: { payload: IdPayload; data: MeTooResult };
  get: { payload: IdPayload; data: ReportView };
  listMine: { payload: ListMinePayload; data: Page<ReportSummary> };
  queue: { payload: QueuePayload; data: Page<ReportSummary> };
  queueCounts: { payload: Record<string, never>; data: QueueCounts };
  homeCounts: { payload: Record<string, never>; data: HomeCounts };
  review: { payload: ReviewPayload; data: ReportView };
  assignees: { payload: IdPayload; data: AssigneeView[] };
  dispatch: { payload: DispatchPayload; data: ReportView };
  tasks: { payload: TasksPayload; data: Page<ReportSummary> };
  resolve: { payload: ResolvePayload; data: ReportView };
  rate: { payload: RatePayload; data: ReportView };
  placeFeedback: { payload: PagePayload; data: Page<ReportSummary> };
  messages: { payload: PagePayload; data: Page<MessageView> & { unread: number } };
  unreadCount: { payload: Record<string, never>; data: { unread: number } };
  markRead: { payload: MarkReadPayload; data: { unread: number } };
  imageQueue: { payload: ImageQueuePayload; data: { items: ImageReviewItem[] } };
  reviewImage: { payload: ReviewImagePayload; data: { fileID: string; check: 'approved' | 'rejected' } };
}

// ---- the staff image-review queue ------------------------------------------------------------

/** What holds an image that waits for staff: a report's photo, its resolution photo, a place's image, a reward's image. */
export type ImageHolderKind = 'report' | 'resolution' | 'place' | 'reward';

export const imageQueuePayload = z.object({ communityId: id.optional() }).strict();
export type ImageQueuePayload = z.infer<typeof imageQueuePayload>;

export const reviewImagePayload = z
  .object({
    kind: z.enum(['report', 'resolution', 'place', 'reward']),
    id,
    fileID: fileId,
    decision: z.enum(['approve', 'reject']),
  })
  .strict();
export type ReviewImagePayload = z.infer<typeof reviewImagePayload>;

/** One image the automatic check could not judge (not requested, or it asked for a person). */
export interface ImageReviewItem {
  kind: ImageHolderKind;
  /** The report, place or reward it belongs to. */
  id: string;
  /** What it is, for the reviewer: the category, place name or reward title. */
  title: string;
  communityId: string | null;
  fileID: string;
  /** HTTPS temp URL for the reviewer. */
  url: string;
  createdAt: string;
}
