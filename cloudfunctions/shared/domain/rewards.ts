import { createHash } from 'node:crypto';
import type { RedemptionStatus, RewardStatus } from '../contracts/points';
import type { Role, Scopes } from '../contracts/user';
import type { StoredPhoto } from './report';
import { inStaffScope, staffCommunities } from './scope';

/** A reward as stored in `rewards`. `stock` is what is left; `issued` counts live redemptions. */
export interface RewardDoc {
  _id: string;
  title: string;
  description: string;
  /** cloud:// fileID (a media/ copy) or ''. */
  image: string;
  /** The image check of `image`: workers see the image only once approved. */
  imageCheck?: StoredPhoto;
  cost: number;
  stock: number;
  issued: number;
  /** Per worker per Shanghai month; 0 = no limit. */
  perUserLimit: number;
  /** The place that fulfils it; null = any service station (of `communityId`, or of the district when that is null too). */
  placeId: string | null;
  placeName: string;
  /** Whose staff manage and fulfil it: the place's community, or the stations' community; null = district-wide. */
  communityId: string | null;
  validDays: number;
  activeFrom: Date;
  activeTo: Date | null;
  status: RewardStatus;
  reviewNote: string;
  /** A merchant's proposal needs staff approval; staff and admin rewards start active. */
  proposedBy: 'merchant' | 'staff';
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A redemption as stored in `redemptions`. `_id` comes from the worker's requestId; `code` is random. */
export interface RedemptionDoc {
  _id: string;
  openid: string;
  holderName: string;
  rewardId: string;
  title: string;
  cost: number;
  placeId: string | null;
  placeName: string;
  communityId: string | null;
  code: string;
  status: RedemptionStatus;
  /** Shanghai month of issue: the per-user limit counts against it. */
  month: string;
  createdAt: Date;
  expiresAt: Date;
  fulfilledAt: Date | null;
  fulfilledBy: string | null;
  cancelledAt: Date | null;
  expiredAt: Date | null;
  /** How many times the transaction ran before it committed (1 = no conflict), for operators. */
  attempts: number;
  /** Whether it counts against a monthly per-person limit (a quota document); absent on older ones. */
  limited?: boolean;
}

/**
 * A person's live redemptions of limited rewards in one Shanghai month, by reward: kept on their
 * user document, which every redeem and refund reads and writes anyway, so the per-person limit
 * costs no document of its own. Only the current month is kept; a new month starts from nothing.
 */
export interface MonthQuota {
  month: string;
  byReward: Record<string, number>;
}

/** How many of `rewardId` the person holds against its limit in `month`. */
export function quotaCount(q: MonthQuota | null | undefined, rewardId: string, month: string): number {
  return q?.month === month ? q.byReward[rewardId] ?? 0 : 0;
}

/**
 * The quota after one more (+1) or one fewer (−1) redemption of `rewardId` made in `month`; null
 * when nothing changes (a refund of an earlier month's redemption, or of none counted).
 */
export function quotaAfter(q: MonthQuota | null | undefined, rewardId: string, month: string, delta: 1 | -1): MonthQuota | null {
  const current = q?.month === month ? q : { month, byReward: {} };
  const count = current.byReward[rewardId] ?? 0;
  if (delta < 0 && (q?.month !== month || count === 0)) return null;
  const byReward = { ...current.byReward, [rewardId]: count + delta };
  if (byReward[rewardId] === 0) delete byReward[rewardId];
  return { month, byReward };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

/** The same worker and requestId always name the same redemption; another worker's same requestId does not. */
export const redemptionId = (openid: string, requestId: string) => `rd_${hash(`${openid}\n${requestId}`)}`;
export const rewardId = (creator: string, requestId: string) => `rw_${hash(`${creator}\n${requestId}`)}`;

// Crockford base32: no I, L, O or U, so a typed code has no look-alikes.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 12;

/** 12 base32 characters from 8 random bytes: 60 bits, unguessable by trying. */
export function codeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new Error('need 8 random bytes');
  let bits = 0n;
  for (const b of bytes.subarray(0, 8)) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += ALPHABET[Number((bits >> BigInt(59 - 5 * i)) & 31n)];
  return out;
}

/** What people type: spaces, dashes and case are ignored, and look-alike letters read as digits. */
export function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** ABCD-EFGH-JKMN: easy to read aloud and type. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export function isActiveAt(r: Pick<RewardDoc, 'status' | 'activeFrom' | 'activeTo'>, now: Date): boolean {
  if (r.status !== 'active') return false;
  if (new Date(r.activeFrom).getTime() > now.getTime()) return false;
  return !r.activeTo || new Date(r.activeTo).getTime() >= now.getTime();
}

export type RedeemRefusal = { code: 'REWARD.INACTIVE' | 'REWARD.OUT_OF_STOCK' | 'REWARD.LIMIT_REACHED' | 'POINTS.INSUFFICIENT'; message: string };

/**
 * Why a worker can't redeem now, checked in the order a person would want to hear it; null = go.
 * The same function decides the list's greyed-out buttons and the transaction's refusal.
 */
export function redeemRefusal(
  r: Pick<RewardDoc, 'status' | 'activeFrom' | 'activeTo' | 'stock' | 'perUserLimit' | 'cost'>,
  worker: { monthCount: number; balance: number },
  now: Date,
): RedeemRefusal | null {
  if (!isActiveAt(r, now)) return { code: 'REWARD.INACTIVE', message: '该奖励未上架或不在兑换期内' };
  if (r.stock <= 0) return { code: 'REWARD.OUT_OF_STOCK', message: '该奖励已兑完' };
  if (r.perUserLimit > 0 && worker.monthCount >= r.perUserLimit) {
    return { code: 'REWARD.LIMIT_REACHED', message: `每人每月限兑 ${r.perUserLimit} 次，本月已兑完` };
  }
  if (worker.balance < r.cost) return { code: 'POINTS.INSUFFICIENT', message: `积分不足：需要 ${r.cost} 分，当前 ${worker.balance} 分` };
  return null;
}

export function expiresAtFor(issuedAt: Date, validDays: number): Date {
  return new Date(issuedAt.getTime() + validDays * 86_400_000);
}

/** An issued code past its expiry is expired for everyone, even before the job has refunded it. */
export function effectiveStatus(d: Pick<RedemptionDoc, 'status' | 'expiresAt'>, now: Date): RedemptionStatus {
  return d.status === 'issued' && new Date(d.expiresAt).getTime() <= now.getTime() ? 'expired' : d.status;
}

export interface Actor {
  roles: readonly Role[];
  scopes: Scopes;
}

/**
 * Who may fulfil: the merchant of the reward's place, staff whose scope holds the reward's community
 * (any staff for a district-wide any-station reward), and admins.
 */
export function mayFulfil(actor: Actor, d: Pick<RedemptionDoc, 'placeId' | 'communityId'>): boolean {
  if (actor.roles.includes('admin')) return true;
  if (d.placeId && actor.roles.includes('merchant') && (actor.scopes.merchant ?? []).includes(d.placeId)) return true;
  // A district-wide any-station reward has no community: any staff member with a community fulfils it.
  return d.communityId ? inStaffScope(actor, d.communityId) : (staffCommunities(actor)?.length ?? 0) > 0;
}

/** Who manages a reward (edit, approve, archive): staff of its community, and admins; district-wide ones only admins. */
export function mayManage(actor: Actor, r: Pick<RewardDoc, 'communityId'>): boolean {
  return inStaffScope(actor, r.communityId);
}

export const ANY_STATION = '任一服务站';
export const fulfilAtLabel = (r: Pick<RewardDoc, 'placeId' | 'placeName'>) => (r.placeId ? r.placeName || '指定地点' : ANY_STATION);
