import { REWARD_STATUS_LABELS, type ManageRewardsPayload, type Page, type ReviewRewardPayload, type RewardView, type RewardsPayload, type UpsertRewardPayload } from '../contracts/points';
import { decodeCursor, pageOf } from '../domain/cursor';
import { inStaffScope, staffCommunities, viewerOf } from '../domain/scope';
import {
  fulfilAtLabel,
  mayManage,
  quotaCount,
  redeemRefusal,
  type MonthQuota,
  rewardId,
  type RewardDoc,
} from '../domain/rewards';
import { shanghaiDay, shanghaiDayEnd, shanghaiDayStart, shanghaiMonth } from '../isomorphic/time';
import { AppError, forbidden } from '../errors';
import { appendAudit, auditNames } from '../repositories/audit';
import { tempUrls } from '../repositories/files';
import { attachImages } from './media';
import { rewardsRepo, txAddReward, txFindReward, txUpdateReward, type PlaceRef } from '../repositories/rewards';
import { checkText, SCENE } from '../repositories/wechat';
import { inTransaction, type Db } from '../repositories/transactions';
import type { Caller } from '../domain/user';

interface ViewContext {
  now: Date;
  urls: Record<string, string>;
  /** The caller's redemptions of limited rewards this month (from their user document). */
  quota: MonthQuota | null;
  balance: number;
  /** Whether the viewer manages these rewards: they see an image whatever its check says. */
  manager: boolean;
}

export function toRewardView(r: RewardDoc, ctx: ViewContext): RewardView {
  const monthCount = quotaCount(ctx.quota, r._id, shanghaiMonth(ctx.now));
  const refusal = redeemRefusal(r, { monthCount, balance: ctx.balance }, ctx.now);
  return {
    id: r._id,
    title: r.title,
    description: r.description,
    image: r.image && imageShown(r, ctx.manager) ? { fileID: r.image, url: ctx.urls[r.image] ?? '' } : null,
    cost: r.cost,
    stock: r.stock,
    issued: r.issued,
    perUserLimit: r.perUserLimit,
    placeId: r.placeId,
    fulfilAt: fulfilAtLabel(r),
    communityId: r.communityId,
    validDays: r.validDays,
    activeFrom: new Date(r.activeFrom).toISOString(),
    activeTo: r.activeTo ? new Date(r.activeTo).toISOString() : null,
    status: r.status,
    statusLabel: REWARD_STATUS_LABELS[r.status],
    reviewNote: r.reviewNote ?? '',
    myMonthCount: monthCount,
    blockedReason: refusal ? refusal.message : '',
  };
}

/**
 * A reward's image reaches workers only once the image check approved it; those who manage the
 * reward see it from the start. Rewards stored before images were checked carry no check.
 */
function imageShown(r: RewardDoc, manager: boolean): boolean {
  return manager || !r.imageCheck || r.imageCheck.check === 'approved';
}

async function views(caller: Caller, docs: RewardDoc[], now: Date, manager = false): Promise<RewardView[]> {
  const urls = await tempUrls(docs.filter((d) => d.image && imageShown(d, manager)).map((d) => d.image));
  const ctx: ViewContext = { now, urls, quota: caller.user?.rewardQuota ?? null, balance: caller.user?.points.balance ?? 0, manager };
  return docs.map((d) => toRewardView(d, ctx));
}

/** What a worker can redeem now, newest first, with their month's count and why a button is grey. */
export async function listRewards(db: Db, caller: Caller, p: RewardsPayload, now = new Date()): Promise<Page<RewardView>> {
  const size = p.pageSize ?? 20;
  const page = pageOf(await rewardsRepo(db).pageActive(now, decodeCursor(p.cursor), size + 1), size, (d) => d.createdAt);
  return { items: await views(caller, page.rows, now), nextCursor: page.nextCursor };
}

/** The rewards a caller manages: admins all; staff their communities'; merchants their places'. */
export async function manageRewards(db: Db, caller: Caller, p: ManageRewardsPayload, now = new Date()): Promise<Page<RewardView>> {
  const size = p.pageSize ?? 20;
  let scope: { communityIds: string[]; placeIds: string[] } | null = null;
  if (!caller.roles.includes('admin')) {
    const communityIds = [...(staffCommunities(viewerOf(caller)) ?? [])];
    const placeIds = caller.roles.includes('merchant') ? caller.user?.scopes.merchant ?? [] : [];
    if (communityIds.length === 0 && placeIds.length === 0) return { items: [], nextCursor: null };
    scope = { communityIds, placeIds };
  }
  const page = pageOf(await rewardsRepo(db).pageManaged(scope, p.status, decodeCursor(p.cursor), size + 1), size, (d) => d.createdAt);
  return { items: await views(caller, page.rows, now, true), nextCursor: page.nextCursor };
}

type Authority = { kind: 'admin' } | { kind: 'staff' } | { kind: 'merchant' };

/**
 * Who may put a reward at this place (or at any station of this community): the merchant of the
 * place proposes; staff in scope and admins publish.
 */
function authorityFor(caller: Caller, place: PlaceRef | null, communityId: string | null): Authority {
  const viewer = viewerOf(caller);
  if (caller.roles.includes('admin')) return { kind: 'admin' };
  if (inStaffScope(viewer, communityId)) return { kind: 'staff' };
  const staff = staffCommunities(viewer) ?? [];
  if (place && caller.roles.includes('merchant') && (caller.user?.scopes.merchant ?? []).includes(place._id)) return { kind: 'merchant' };
  if (!place && caller.roles.includes('merchant') && staff.length === 0) throw forbidden('商户只能为自己的店铺设置奖励');
  throw forbidden(place ? '只能为本社区或自己店铺的地点设置奖励' : '只能为本社区的服务站设置奖励');
}

async function resolveLocation(db: Db, caller: Caller, p: UpsertRewardPayload): Promise<{ place: PlaceRef | null; communityId: string | null }> {
  if (p.placeId) {
    const place = await rewardsRepo(db).place(p.placeId);
    if (!place) throw new AppError('PLACE.NOT_FOUND', '兑换地点不存在', 'payload.placeId');
    if (place.status !== 'approved') throw new AppError('INPUT.INVALID', '该地点尚未通过审核，不能设置奖励', 'payload.placeId');
    return { place, communityId: place.communityId };
  }
  if (p.communityId) return { place: null, communityId: p.communityId };
  if (caller.roles.includes('admin')) return { place: null, communityId: null };
  const staff = staffCommunities(viewerOf(caller)) ?? [];
  if (caller.roles.includes('staff') && staff.length === 1) return { place: null, communityId: staff[0] };
  if (caller.roles.includes('staff')) throw new AppError('INPUT.INVALID', '请选择在哪个社区的服务站兑换', 'payload.communityId');
  throw forbidden('商户只能为自己的店铺设置奖励');
}

const EDITABLE = ['title', 'description', 'image', 'cost', 'perUserLimit', 'placeId', 'placeName', 'communityId', 'validDays', 'activeFrom', 'activeTo'] as const;

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return (a ? new Date(a as Date).getTime() : null) === (b ? new Date(b as Date).getTime() : null);
  return a === b;
}

/**
 * Creates (with requestId: once) or edits a reward. Staff and admin rewards go live at once; a
 * merchant's go to staff for approval, and so does a merchant's later edit of anything but stock.
 * Every change is audited with before and after, in the transaction that makes it.
 */
export async function upsertReward(db: Db, caller: Caller, p: UpsertRewardPayload, now = new Date()): Promise<RewardView> {
  const { place, communityId } = await resolveLocation(db, caller, p);
  const authority = authorityFor(caller, place, communityId);
  // A merchant's words reach every worker: risky text is refused here, the rest waits for staff approval anyway.
  if (authority.kind === 'merchant') {
    const { verdict } = await checkText({ openid: caller.openid, scene: SCENE.profile, content: `${p.title}\n${p.description ?? ''}` });
    if (verdict === 'risky') throw new AppError('CONTENT.RISKY', '奖励名称或说明包含不适宜发布的信息，请修改后再提交', 'payload.title');
  }
  // The image: the caller's own upload (or the one the reward already has), moved to media/ and checked.
  const current = p.id ? await rewardsRepo(db).find(p.id) : null;
  const kept = current?.image ? [current.image] : [];
  const attached = await attachImages(caller.openid, [p.image], 'payload.image', kept);
  const image = p.image ? attached.idOf(p.image) : '';
  const imageCheck = attached.added[0] ?? (image && image === current?.image ? current.imageCheck : undefined);
  const fields = {
    title: p.title,
    description: p.description ?? '',
    image,
    cost: p.cost,
    stock: p.stock,
    perUserLimit: p.perUserLimit,
    placeId: place?._id ?? null,
    placeName: place?.name ?? '',
    communityId,
    validDays: p.validDays,
    activeFrom: shanghaiDayStart(p.activeFrom ?? shanghaiDay(now)),
    activeTo: p.activeTo ? shanghaiDayEnd(p.activeTo) : null,
  };
  const id = p.id ?? rewardId(caller.openid, p.requestId!);

  const saved = await inTransaction(db, async (tx) => {
    const existing = await txFindReward(tx, id);
    if (!existing) {
      if (p.id) throw new AppError('REWARD.NOT_FOUND', '奖励不存在');
      const doc: RewardDoc = {
        _id: id,
        ...fields,
        ...(imageCheck ? { imageCheck } : {}),
        issued: 0,
        status: authority.kind === 'merchant' ? 'pending' : 'active',
        reviewNote: '',
        proposedBy: authority.kind === 'merchant' ? 'merchant' : 'staff',
        createdBy: caller.openid,
        createdAt: now,
        updatedAt: now,
      };
      await txAddReward(tx, doc);
      await appendAudit(tx, { actor: caller.openid, action: 'points.createReward', target: { type: 'reward', id }, before: null, after: fields, at: now, names: auditNames([id, doc.title], [doc.placeId, doc.placeName]) });
      return doc;
    }
    // A create retried with its requestId returns what the first call made.
    if (!p.id) return existing;
    const ownsPlace = !!existing.placeId && (caller.user?.scopes.merchant ?? []).includes(existing.placeId) && caller.roles.includes('merchant');
    if (!mayManage(viewerOf(caller), existing) && !ownsPlace) throw forbidden('只能修改本社区或自己店铺的奖励');
    const changed = EDITABLE.filter((k) => !sameValue(existing[k], fields[k]));
    let status = existing.status;
    if (authority.kind === 'merchant' && changed.length > 0 && existing.status !== 'archived') status = 'pending';
    const patch = { ...fields, ...(imageCheck ? { imageCheck } : {}), status, updatedAt: now };
    await txUpdateReward(tx, id, patch);
    const before = Object.fromEntries([...changed, 'stock', 'status'].map((k) => [k, existing[k as keyof RewardDoc]]));
    const after = Object.fromEntries([...changed, 'stock', 'status'].map((k) => [k, (patch as Record<string, unknown>)[k]]));
    await appendAudit(tx, { actor: caller.openid, action: 'points.updateReward', target: { type: 'reward', id }, before, after, at: now, names: auditNames([id, fields.title], [existing.placeId, existing.placeName], [fields.placeId, fields.placeName]) });
    return { ...existing, ...patch };
  });
  return (await views(caller, [saved], now, true))[0];
}

const TRANSITIONS: Record<ReviewRewardPayload['decision'], { from: RewardDoc['status'][]; to: RewardDoc['status'] }> = {
  approve: { from: ['pending', 'archived', 'rejected'], to: 'active' },
  reject: { from: ['pending'], to: 'rejected' },
  archive: { from: ['active', 'pending'], to: 'archived' },
};

/** Staff approve or reject merchants' proposals and take rewards down (or up again). */
export async function reviewReward(db: Db, caller: Caller, p: ReviewRewardPayload, now = new Date()): Promise<RewardView> {
  const saved = await inTransaction(db, async (tx) => {
    const r = await txFindReward(tx, p.id);
    if (!r) throw new AppError('REWARD.NOT_FOUND', '奖励不存在');
    if (!mayManage(viewerOf(caller), r)) throw forbidden('只能审核本社区的奖励');
    const t = TRANSITIONS[p.decision];
    if (!t.from.includes(r.status)) throw new AppError('REWARD.BAD_STATE', `奖励当前${REWARD_STATUS_LABELS[r.status]}，不能进行此操作`);
    const patch = { status: t.to, reviewNote: p.note ?? '', updatedAt: now, reviewedBy: caller.openid };
    await txUpdateReward(tx, p.id, patch);
    await appendAudit(tx, { actor: caller.openid, action: `points.reviewReward.${p.decision}`, target: { type: 'reward', id: p.id }, before: { status: r.status }, after: { status: t.to, note: p.note ?? '' }, at: now, names: auditNames([r._id, r.title]) });
    return { ...r, ...patch };
  });
  return (await views(caller, [saved], now, true))[0];
}
