import { z } from 'zod';
import { emptyPayload, openid, requestId } from './common';
import { fileId } from './place';
import type { LedgerKind, LedgerRef } from '../domain/points';
import { shanghaiDayStartIso } from '../isomorphic/time';

export { REDEMPTION_STATUS_LABELS, REWARD_STATUS_LABELS } from '../isomorphic/labels';

/** Calls of the `points` function: payloads (zod) and replies (types only for the front end). */

const cursor = z.string().max(300, '分页标记不正确');
const pageSize = z.number().int().min(1).max(50).optional();
const id = z.string().trim().regex(/^[A-Za-z0-9_:-]{1,80}$/, '编号格式不正确');
/** A calendar day in Shanghai, as the date pickers give it. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(shanghaiDayStartIso(s))) && new Date(`${s}T12:00:00Z`).toISOString().startsWith(s), '日期不存在');

export { emptyPayload };

// ---------- ledger ----------

export const ledgerPayload = z.object({ cursor: cursor.optional(), pageSize }).strict();
export type LedgerPayload = z.input<typeof ledgerPayload>;

export const adjustPayload = z
  .object({
    openid,
    delta: z
      .number({ invalid_type_error: '调整分值必须是数字' })
      .int('调整分值必须是整数')
      .min(-100000, '单次调整不能少于 -100000 分')
      .max(100000, '单次调整不能超过 100000 分')
      .refine((n) => n !== 0, '调整分值不能为 0'),
    reason: z.string().trim().min(2, '请写明调整原因（至少 2 个字）').max(60, '调整原因最多 60 个字'),
    requestId,
  })
  .strict();
export type AdjustPayload = z.input<typeof adjustPayload>;

export const updateRulesPayload = z
  .object({
    dailyCap: z.number().int('每日上限必须是整数').min(1, '每日上限至少 1 分').max(100000, '每日上限不能超过 100000 分').optional(),
    perVolunteerHour: z.number().int('必须是整数').min(0, '不能小于 0').max(1000, '每小时最多 1000 分').optional(),
    expiryMonths: z.number().int('必须是整数').min(1, '有效期至少 1 个月').max(120, '有效期最多 120 个月').optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: '没有要修改的规则' });
export type UpdateRulesPayload = z.input<typeof updateRulesPayload>;

export const leaderboardPayload = z.object({ communityId: id.optional() }).strict();
export type LeaderboardPayload = z.input<typeof leaderboardPayload>;

// ---------- rewards ----------

export const REWARD_STATUSES = ['pending', 'active', 'rejected', 'archived'] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];

export const rewardsPayload = z.object({ cursor: cursor.optional(), pageSize }).strict();
export type RewardsPayload = z.input<typeof rewardsPayload>;

export const manageRewardsPayload = z.object({ status: z.enum(REWARD_STATUSES).optional(), cursor: cursor.optional(), pageSize }).strict();
export type ManageRewardsPayload = z.input<typeof manageRewardsPayload>;

export const upsertRewardPayload = z
  .object({
    id: id.optional(),
    /** Required when creating: the same requestId creates one reward however often it is sent. */
    requestId: requestId.optional(),
    title: z.string().trim().min(2, '奖励名称至少 2 个字').max(30, '奖励名称最多 30 个字'),
    description: z.string().trim().max(300, '说明最多 300 个字').optional(),
    image: z.union([fileId, z.literal('')]).optional(),
    cost: z.number({ invalid_type_error: '所需积分必须是数字' }).int('所需积分必须是整数').min(1, '所需积分至少 1 分').max(100000, '所需积分不能超过 100000'),
    stock: z.number({ invalid_type_error: '库存必须是数字' }).int('库存必须是整数').min(0, '库存不能小于 0').max(100000, '库存不能超过 100000'),
    /** Redemptions per worker per month; 0 = no limit. */
    perUserLimit: z.number().int('每人每月限兑必须是整数').min(0, '不能小于 0').max(100, '每人每月最多 100 次'),
    /** The place that fulfils it; null or absent = any service station. */
    placeId: z.union([id, z.null()]).optional(),
    /** For any-station rewards: which community's stations; admins may leave it out for the whole district. */
    communityId: id.optional(),
    validDays: z.number().int('兑换码有效天数必须是整数').min(1, '兑换码至少有效 1 天').max(365, '兑换码最多有效 365 天'),
    activeFrom: day.optional(),
    activeTo: z.union([day, z.null()]).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.id && !p.requestId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['requestId'], message: '新建奖励需要 requestId' });
    if (p.activeFrom && p.activeTo && p.activeTo < p.activeFrom) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['activeTo'], message: '结束日期不能早于开始日期' });
  });
export type UpsertRewardPayload = z.input<typeof upsertRewardPayload>;

export const REVIEW_DECISIONS = ['approve', 'reject', 'archive'] as const;
export const reviewRewardPayload = z
  .object({
    id,
    decision: z.enum(REVIEW_DECISIONS),
    note: z.string().trim().max(100, '备注最多 100 个字').optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.decision === 'reject' && !p.note) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['note'], message: '请写明不通过的原因' });
  });
export type ReviewRewardPayload = z.input<typeof reviewRewardPayload>;

// ---------- redemptions ----------

export const REDEMPTION_STATUSES = ['issued', 'fulfilled', 'cancelled', 'expired'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

export const redeemPayload = z.object({ rewardId: id, requestId }).strict();
export type RedeemPayload = z.input<typeof redeemPayload>;

export const myRedemptionsPayload = z.object({ status: z.enum(REDEMPTION_STATUSES).optional(), cursor: cursor.optional(), pageSize }).strict();
export type MyRedemptionsPayload = z.input<typeof myRedemptionsPayload>;

export const redemptionPayload = z.object({ id }).strict();
export type RedemptionPayload = z.input<typeof redemptionPayload>;

/**
 * A refused code, in the words of the fulfil screen: it says what a code looks like (12 characters,
 * domain/rewards CODE_LENGTH). `code` is shared with a category's 编码, so the refusal names its field
 * itself (params.label, see zod-messages) rather than take the shared label.
 */
const BAD_CODE = { message: '兑换码格式不正确，应为 12 位字母和数字', params: { label: '兑换码' } };

/** What a merchant types or scans: letters and digits, spaces and dashes ignored, any case. */
export const codePayload = z
  .object({
    code: z
      .string()
      .trim()
      .refine((s) => s.length <= 40, BAD_CODE)
      .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
      .refine((s) => /^[0-9A-Z]{8,20}$/.test(s), BAD_CODE),
  })
  .strict();
export type CodePayload = z.input<typeof codePayload>;

// ---------- replies ----------

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LevelView {
  stars: number;
  title: string;
  earned: number;
  nextAt: number | null;
}

export interface SummaryView {
  balance: number;
  earned: number;
  spent: number;
  level: LevelView;
  /** Earned this month (Shanghai), the leaderboard's figure. */
  monthEarned: number;
  /** Points that will expire within 30 days unless spent; null when none. */
  expiring: { amount: number; before: string } | null;
}

export interface LedgerEntryView {
  id: string;
  delta: number;
  kind: LedgerKind;
  kindLabel: string;
  reason: string;
  ref: LedgerRef | null;
  balanceAfter: number;
  at: string;
  expiresAt: string | null;
}

export interface RulesView {
  dailyCap: number;
  perVolunteerHour: number;
  expiryMonths: number;
}

export interface LeaderboardView {
  communityId: string;
  communityName: string;
  month: string;
  items: Array<{ rank: number; name: string; earned: number; me: boolean }>;
  me: { rank: number | null; earned: number };
}

export interface RewardView {
  id: string;
  title: string;
  description: string;
  image: { fileID: string; url: string } | null;
  cost: number;
  stock: number;
  issued: number;
  perUserLimit: number;
  placeId: string | null;
  /** Where to use the code, in Chinese: the place's name, or 任一服务站. */
  fulfilAt: string;
  communityId: string | null;
  validDays: number;
  activeFrom: string;
  activeTo: string | null;
  status: RewardStatus;
  statusLabel: string;
  reviewNote: string;
  /** For the caller: redeemed this month (counts toward perUserLimit). */
  myMonthCount: number;
  /** Why the caller can't redeem it now (Chinese), or '' when they can. */
  blockedReason: string;
}

export interface RedemptionView {
  id: string;
  rewardId: string;
  title: string;
  cost: number;
  /** Single-use code; shown only to its owner (and to the fulfiller after typing it). */
  code: string;
  status: RedemptionStatus;
  statusLabel: string;
  fulfilAt: string;
  placeId: string | null;
  createdAt: string;
  expiresAt: string;
  fulfilledAt: string | null;
  cancelledAt: string | null;
  /** For the fulfiller: the holder's masked name. */
  holder?: string;
}

export interface PointsActions {
  summary: { payload: Record<string, never>; data: SummaryView };
  ledger: { payload: LedgerPayload; data: Page<LedgerEntryView> };
  adjust: { payload: AdjustPayload; data: LedgerEntryView };
  rules: { payload: Record<string, never>; data: RulesView };
  updateRules: { payload: UpdateRulesPayload; data: RulesView };
  leaderboard: { payload: LeaderboardPayload; data: LeaderboardView };
  rewards: { payload: RewardsPayload; data: Page<RewardView> };
  manageRewards: { payload: ManageRewardsPayload; data: Page<RewardView> };
  upsertReward: { payload: UpsertRewardPayload; data: RewardView };
  reviewReward: { payload: ReviewRewardPayload; data: RewardView };
  redeem: { payload: RedeemPayload; data: RedemptionView };
  myRedemptions: { payload: MyRedemptionsPayload; data: Page<RedemptionView> };
  redemption: { payload: RedemptionPayload; data: RedemptionView };
  cancelRedemption: { payload: RedemptionPayload; data: RedemptionView };
  checkCode: { payload: CodePayload; data: RedemptionView };
  fulfill: { payload: CodePayload; data: RedemptionView };
}

export interface PointsJobsResult {
  redemptionsExpired: number;
  usersChecked: number;
  pointsExpired: number;
  /** false when the run stopped at its time budget; the next run carries on. */
  done: boolean;
}

export interface PointsJobsActions {
  run: { payload: Record<string, never>; data: PointsJobsResult };
}
