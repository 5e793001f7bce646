import type {
  AdjustPayload,
  LeaderboardView,
  LedgerEntryView,
  ManageRewardsPayload,
  MyRedemptionsPayload,
  Page,
  RedemptionView,
  ReviewRewardPayload,
  RewardView,
  RulesView,
  SummaryView,
  UpdateRulesPayload,
  UpsertRewardPayload,
} from '../../cloudfunctions/shared/contracts/points';
import { call, type CallOptions } from './call';

export type { LeaderboardView, LedgerEntryView, Page, RedemptionView, RewardView, RulesView, SummaryView, UpsertRewardPayload };

/** A fresh idempotency key: keep it for retries of the same intent, make a new one for a new intent. */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export const summary = (opts?: CallOptions) => call('points', 'summary', {}, opts);
export const ledger = (cursor?: string, opts?: CallOptions) => call('points', 'ledger', cursor ? { cursor } : {}, opts);
export const rewards = (cursor?: string, opts?: CallOptions) => call('points', 'rewards', cursor ? { cursor } : {}, opts);
export const myRedemptions = (p: MyRedemptionsPayload = {}, opts?: CallOptions) => call('points', 'myRedemptions', p, opts);
export const redemption = (id: string, opts?: CallOptions) => call('points', 'redemption', { id }, opts);
export const redeem = (rewardId: string, requestId: string, opts?: CallOptions) => call('points', 'redeem', { rewardId, requestId }, opts);
export const cancelRedemption = (id: string, opts?: CallOptions) => call('points', 'cancelRedemption', { id }, opts);
export const checkCode = (code: string, opts?: CallOptions) => call('points', 'checkCode', { code }, opts);
export const fulfill = (code: string, opts?: CallOptions) => call('points', 'fulfill', { code }, opts);
export const leaderboard = (communityId?: string, opts?: CallOptions) => call('points', 'leaderboard', communityId ? { communityId } : {}, opts);
export const rules = (opts?: CallOptions) => call('points', 'rules', {}, opts);
export const updateRules = (p: UpdateRulesPayload, opts?: CallOptions) => call('points', 'updateRules', p, opts);
export const manageRewards = (p: ManageRewardsPayload = {}, opts?: CallOptions) => call('points', 'manageRewards', p, opts);
export const upsertReward = (p: UpsertRewardPayload, opts?: CallOptions) => call('points', 'upsertReward', p, opts);
export const reviewReward = (p: ReviewRewardPayload, opts?: CallOptions) => call('points', 'reviewReward', p, opts);
export const adjust = (p: AdjustPayload, opts?: CallOptions) => call('points', 'adjust', p, opts);

/** ABCD-EFGH-JKMN, as people read it aloud. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export const stars = (n: number) => '★'.repeat(n) + '☆'.repeat(Math.max(0, 5 - n));
