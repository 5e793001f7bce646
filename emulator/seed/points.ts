// Demo points: rewards at demo places and stations (one waiting for approval, one sold out), and demo
// workers with a history — accepted reports, volunteer hours, a staff correction, a fulfilled and an
// open redemption — whose balances are exactly the sums of their ledgers. Fixed ids; a worker whose
// ledger already has entries is left alone, so demo changes survive restarts.
import type tcb from '@cloudbase/node-sdk';
import { DEFAULT_POINTS_RULES, EARNING_KINDS, planEntry, type LedgerDoc, type LedgerKind, type LedgerRef, type PointsState } from '../../cloudfunctions/shared/domain/points';
import { expiresAtFor, quotaAfter, type MonthQuota, type RedemptionDoc, type RewardDoc } from '../../cloudfunctions/shared/domain/rewards';
import { addMonths, shanghaiDay, shanghaiMonth } from '../../cloudfunctions/shared/isomorphic/time';

type App = ReturnType<typeof tcb.init>;
const DAY = 86_400_000;

interface RewardSpec {
  id: string;
  title: string;
  description: string;
  cost: number;
  stock: number;
  perUserLimit: number;
  placeId: string | null;
  placeName: string;
  communityId: string | null;
  validDays: number;
  status?: RewardDoc['status'];
  proposedBy?: RewardDoc['proposedBy'];
  createdBy?: string;
}

// Lists show the newest first: the last here is the newest.
const REWARDS: RewardSpec[] = [
  { id: 'rw-box-soldout', title: '保温外卖箱', description: '44 升加厚保温箱，本期已兑完，下期补货请留意。', cost: 300, stock: 0, perUserLimit: 1, placeId: null, placeName: '', communityId: 'community-hecheng', validDays: 14 },
  { id: 'rw-syt-haircut', title: '爱心理发券', description: '石羊塘社区党群服务站每周三下午志愿理发，凭码排队。', cost: 40, stock: 30, perUserLimit: 1, placeId: 'station-shiyangtang-1', placeName: '石羊塘社区党群服务站', communityId: 'community-shiyangtang', validDays: 14 },
  { id: 'rw-repair-tyre', title: '免费补胎一次', description: '老李电动车维修，补胎（不含换胎）一次。', cost: 50, stock: 20, perUserLimit: 1, placeId: 'place-hc-repair-1', placeName: '老李电动车维修', communityId: 'community-hecheng', validDays: 14 },
  { id: 'rw-district-kit', title: '夏季防暑包', description: '藿香正气水、降温毛巾、风油精各一份，全区任一服务站领取。', cost: 80, stock: 50, perUserLimit: 1, placeId: null, placeName: '', communityId: null, validDays: 30, createdBy: 'demo-admin' },
  { id: 'rw-station-raincoat', title: '骑手分体雨衣一套', description: '加厚防水分体雨衣，荷城社区任一服务站领取。', cost: 120, stock: 20, perUserLimit: 1, placeId: null, placeName: '', communityId: 'community-hecheng', validDays: 14 },
  { id: 'rw-demo-pending', title: '牛腩粉加蛋加肉', description: '在招牌牛腩粉基础上加一个卤蛋和双份牛腩。', cost: 30, stock: 50, perUserLimit: 2, placeId: 'place-demo-merchant-1', placeName: '黄记牛腩粉', communityId: 'community-hecheng', validDays: 7, status: 'pending', proposedBy: 'merchant', createdBy: 'demo-merchant-1' },
  { id: 'rw-station-charge', title: '电动车免费充电 2 小时', description: '荷城社区党群服务站充电区，凭码使用一次，充电期间可在站内休息。', cost: 20, stock: 200, perUserLimit: 8, placeId: 'station-hecheng-1', placeName: '荷城社区党群服务站', communityId: 'community-hecheng', validDays: 7 },
  { id: 'rw-demo-drink', title: '冰镇酸梅汤一杯', description: '夏天跑单解解暑，到店出示兑换码即可领取。', cost: 15, stock: 100, perUserLimit: 4, placeId: 'place-demo-merchant-1', placeName: '黄记牛腩粉', communityId: 'community-hecheng', validDays: 3, proposedBy: 'merchant', createdBy: 'demo-merchant-1' },
  { id: 'rw-demo-noodles', title: '招牌牛腩粉一碗', description: '凭兑换码到店免费吃一碗招牌牛腩粉（中碗），可加辣加葱。', cost: 60, stock: 30, perUserLimit: 2, placeId: 'place-demo-merchant-1', placeName: '黄记牛腩粉', communityId: 'community-hecheng', validDays: 7, proposedBy: 'merchant', createdBy: 'demo-merchant-1' },
];

interface EntrySpec {
  key: string;
  daysAgo: number;
  delta: number;
  kind: LedgerKind;
  reason: string;
  ref: LedgerRef | null;
  actor?: string;
}

const award = (n: number, daysAgo: number, category: string, points: number): EntrySpec => ({
  key: `award:seed-report-${n}`,
  daysAgo,
  delta: points,
  kind: 'award',
  reason: `随手拍上报被采纳：${category}`,
  ref: { type: 'report', id: `seed-report-${n}` },
  actor: 'demo-staff-1',
});
const volunteer = (n: number, daysAgo: number, what: string, hours: number): EntrySpec => ({
  key: `volunteer:seed-volunteer-${n}`,
  daysAgo,
  delta: hours * DEFAULT_POINTS_RULES.perVolunteerHour,
  kind: 'volunteer',
  reason: `志愿服务 ${hours} 小时：${what}`,
  ref: { type: 'report', id: `seed-volunteer-${n}` },
  actor: 'demo-staff-1',
});

/** The fulfilled and the open redemption, and what they cost. */
const REDEMPTIONS: Array<{ id: string; openid: string; holderName: string; rewardId: string; code: string; daysAgo: number; fulfilled: boolean }> = [
  { id: 'rd-seed-1', openid: 'demo-worker-1', holderName: '李明', rewardId: 'rw-demo-noodles', code: 'H8K2M4Q7R9T3', daysAgo: 5, fulfilled: true },
  { id: 'rd-seed-2', openid: 'demo-worker-2', holderName: '王芳', rewardId: 'rw-syt-haircut', code: 'P3X7N2W8K5J4', daysAgo: 2, fulfilled: false },
];

const redeemEntry = (id: string, daysAgo: number): EntrySpec => {
  const rd = REDEMPTIONS.find((r) => r.id === id)!;
  const reward = REWARDS.find((r) => r.id === rd.rewardId)!;
  return { key: `redeem:${id}`, daysAgo, delta: -reward.cost, kind: 'redeem', reason: `兑换「${reward.title}」`, ref: { type: 'redemption', id } };
};

const HISTORY: Record<string, EntrySpec[]> = {
  'demo-worker-1': [
    award(101, 48, '井盖缺失', 15),
    award(102, 40, '道路破损', 10),
    volunteer(1, 33, '荷城路交通劝导', 3),
    award(103, 26, '消防隐患', 15),
    award(104, 19, '需要帮助的群众', 10),
    volunteer(2, 12, '暴雨后协助清理积水', 4),
    award(105, 9, '路灯故障', 5),
    redeemEntry('rd-seed-1', 5),
    award(106, 3, '交通安全隐患', 10),
    volunteer(3, 1, '社区独居老人送餐', 2),
    award(107, 0, '垃圾堆放', 5),
  ],
  'demo-worker-2': [award(201, 20, '占道经营/违停', 5), volunteer(4, 14, '石羊塘街文明劝导', 5), award(202, 4, '道路破损', 10), redeemEntry('rd-seed-2', 2), award(203, 1, '公共设施损坏', 5)],
  'demo-worker-3': [award(301, 16, '井盖缺失', 15), award(302, 2, '路灯故障', 5)],
  'demo-worker-4': [
    award(401, 30, '交通安全隐患', 10),
    volunteer(5, 22, '网约车司机爱心送考', 6),
    { key: 'adjust:demo-admin:seed-adjust-1', daysAgo: 10, delta: 50, kind: 'adjust', reason: '补发：上月志愿活动积分漏记', ref: { type: 'adjustment', id: 'adjust:demo-admin:seed-adjust-1' }, actor: 'demo-admin' },
    award(402, 2, '消防隐患', 15),
  ],
  'demo-worker-5': [volunteer(6, 28, '快递员安全培训助教', 3), award(501, 15, '需要帮助的群众', 10), award(502, 6, '道路破损', 10), award(503, 1, '井盖缺失', 15)],
};

/** Spread through the day so histories read naturally (10:00–18:00 Shanghai). */
function timeOf(now: Date, daysAgo: number, i: number): Date {
  const day = shanghaiDay(new Date(now.getTime() - daysAgo * DAY));
  const at = new Date(`${day}T${String(10 + (i % 8)).padStart(2, '0')}:${String((i * 17) % 60).padStart(2, '0')}:00+08:00`);
  // Today's entries stay in the past.
  return at.getTime() > now.getTime() ? new Date(now.getTime() - (i + 1) * 60_000) : at;
}

function ledgerFor(openid: string, now: Date): { entries: LedgerDoc[]; state: PointsState } {
  let state: PointsState = { balance: 0, earned: 0, spent: 0 };
  const entries: LedgerDoc[] = [];
  (HISTORY[openid] ?? []).forEach((e, i) => {
    const at = timeOf(now, e.daysAgo, i);
    const plan = planEntry(state, e, DEFAULT_POINTS_RULES, at);
    if (!plan.ok) throw new Error(`seed ledger for ${openid} goes below zero at ${e.key}`);
    state = plan.next;
    entries.push({
      _id: e.key,
      openid,
      delta: plan.delta,
      kind: e.kind,
      reason: e.reason,
      ref: e.ref,
      balanceAfter: plan.next.balance,
      day: shanghaiDay(at),
      at,
      actor: e.actor ?? null,
      expiresAt: EARNING_KINDS.includes(e.kind) ? addMonths(at, DEFAULT_POINTS_RULES.expiryMonths) : null,
    });
  });
  return { entries, state };
}

export function demoRewards(now: Date): RewardDoc[] {
  return REWARDS.map((r, i) => {
    const taken = REDEMPTIONS.filter((d) => d.rewardId === r.id).length;
    const createdAt = new Date(now.getTime() - (60 - i) * DAY);
    return {
      _id: r.id,
      title: r.title,
      description: r.description,
      image: '',
      cost: r.cost,
      stock: Math.max(0, r.stock - taken),
      issued: taken,
      perUserLimit: r.perUserLimit,
      placeId: r.placeId,
      placeName: r.placeName,
      communityId: r.communityId,
      validDays: r.validDays,
      activeFrom: new Date(createdAt.getTime()),
      activeTo: null,
      status: r.status ?? 'active',
      reviewNote: '',
      proposedBy: r.proposedBy ?? 'staff',
      createdBy: r.createdBy ?? 'demo-staff-1',
      createdAt,
      updatedAt: createdAt,
    };
  });
}

export function demoRedemptions(now: Date): RedemptionDoc[] {
  return REDEMPTIONS.map((d) => {
    const reward = REWARDS.find((r) => r.id === d.rewardId)!;
    const i = HISTORY[d.openid].findIndex((e) => e.key === `redeem:${d.id}`);
    const createdAt = timeOf(now, d.daysAgo, i);
    return {
      _id: d.id,
      openid: d.openid,
      holderName: d.holderName,
      rewardId: reward.id,
      title: reward.title,
      cost: reward.cost,
      placeId: reward.placeId,
      placeName: reward.placeName,
      communityId: reward.communityId,
      code: d.code,
      status: d.fulfilled ? 'fulfilled' : 'issued',
      month: shanghaiMonth(createdAt),
      createdAt,
      expiresAt: expiresAtFor(createdAt, reward.validDays),
      fulfilledAt: d.fulfilled ? new Date(createdAt.getTime() + 2 * 3600_000) : null,
      fulfilledBy: d.fulfilled ? 'demo-merchant-1' : null,
      cancelledAt: null,
      expiredAt: null,
      attempts: 1,
    };
  });
}

type InsertMissing = (collection: string, docs: Array<{ _id: string }>) => Promise<number>;

/** Seeds rewards, redemptions and the demo workers' ledgers with the seed's insert-if-missing; returns how many documents it created. */
export async function seedPoints(app: App, insertMissing: InsertMissing, now = new Date()): Promise<number> {
  const db = app.database();
  let created = 0;
  created += await insertMissing('rewards', demoRewards(now));
  for (const openid of Object.keys(HISTORY)) {
    // A worker with any ledger entry keeps their state: the seed must not break balance = sum(ledger).
    const has = await db.collection('ledger').where({ openid }).limit(1).get();
    if ((has.data as unknown[]).length > 0) continue;
    const user = await db.collection('users').doc(openid).get();
    if ((user.data as unknown[]).length === 0) continue;
    const { entries, state } = ledgerFor(openid, now);
    created += await insertMissing('ledger', entries);
    const mine = demoRedemptions(now).filter((d) => d.openid === openid);
    // Each demo redemption counts against its reward's monthly limit, kept on the user.
    let rewardQuota: MonthQuota | null = null;
    for (const d of mine) if (d.month === shanghaiMonth(now)) rewardQuota = quotaAfter(rewardQuota, d.rewardId, d.month, 1);
    await db.collection('users').doc(openid).update({ points: state, ...(rewardQuota ? { rewardQuota: db.command.set(rewardQuota) } : {}), updatedAt: now });
    created += await insertMissing('redemptions', mine);
  }
  return created;
}
