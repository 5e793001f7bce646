// A well-formed payload for every action, built on the seeded demo district plus a few objects made
// here (reports in each state, redemption codes, pending rewards, uploads), so table-driven tests
// can call every action as every role and expect a real answer: success, or a named domain refusal —
// never INPUT.INVALID and never INTERNAL. A new action without an entry fails `missingPayloads()`.
import { uploadDirFor } from '../../cloudfunctions/shared/domain/report';
import type { TestEmulator } from './emulator';

/** The demo accounts the table-driven tests call as, by kind. */
export const ROLE_ACCOUNTS = {
  worker: 'demo-worker-2',
  merchant: 'demo-merchant-1',
  gridworker: 'demo-gridworker-1',
  staff: 'demo-staff-1',
  admin: 'demo-admin',
} as const;
export type RoleName = keyof typeof ROLE_ACCOUNTS;
export const ROLE_NAMES = Object.keys(ROLE_ACCOUNTS) as RoleName[];

/** A 1×1 PNG: the gateway keeps only real images. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const HERE = { lat: 23.112, lng: 109.58 };
const HOURS = { weekly: Array.from({ length: 7 }, () => [{ open: '08:00', close: '22:00' }]) };

export interface Fixtures {
  /** Objects made for the table, per role where each role needs its own. */
  ids: Record<string, string>;
  /** A fresh requestId each call: create actions make something new every time they are asked. */
  requestId(): string;
}

let counter = 0;

/** Uploads a real image as `openid` into their own upload directory, as the app does. */
export async function uploadAs(emu: TestEmulator, openid: string, name = `matrix-${++counter}.png`): Promise<string> {
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(`${uploadDirFor(openid)}/${name}`)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid, 'content-type': 'image/png' },
    body: TINY_PNG,
  });
  const body = (await res.json()) as { fileID?: string };
  if (!body.fileID) throw new Error(`upload as ${openid} failed: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.fileID;
}

async function ok(emu: TestEmulator, openid: string, fn: string, action: string, payload: Record<string, unknown>): Promise<any> {
  const reply = await emu.call(openid, fn, action, payload);
  if (!reply.ok) throw new Error(`fixture ${fn}.${action} as ${openid}: ${JSON.stringify(reply.error)}`);
  return reply.data;
}

/**
 * Makes what the payloads refer to. Runs on a freshly seeded emulator; every object is made through
 * the same calls the app makes, so the fixtures follow the product's rules as they change.
 */
export async function prepareFixtures(emu: TestEmulator): Promise<Fixtures> {
  const ids: Record<string, string> = {};
  const requestId = () => `matrix-rq-${Date.now().toString(36)}-${++counter}`;
  const file = async (who: string, key: string) =>
    (ids[key] = (await ok(emu, who, 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '荷城路口护栏倒了，请尽快处理', photos: [], location: { lat: 23.115, lng: 109.565 }, requestId: requestId() })).id);

  for (const who of ['matrix-target', 'matrix-target-banned']) await ok(emu, who, 'user', 'login', {});
  // Reports waiting for each staff decision, one per deciding role so neither finds the other's done.
  for (const role of ['staff', 'admin'] as const) {
    await file('demo-worker-1', `toReview:${role}`);
    const accepted = await file('demo-worker-1', `toDispatch:${role}`);
    await ok(emu, 'demo-staff-1', 'snapshot', 'review', { id: accepted, decision: 'accept' });
  }
  // A task the grid worker can resolve, and a report of the worker's own ready for their rating.
  const task = await file('demo-worker-1', 'toResolve');
  const mine = await file(ROLE_ACCOUNTS.worker, 'toRate');
  for (const id of [task, mine]) {
    await ok(emu, 'demo-staff-1', 'snapshot', 'review', { id, decision: 'accept' });
    await ok(emu, 'demo-staff-1', 'snapshot', 'dispatch', { id, assignee: 'demo-gridworker-1' });
  }
  await ok(emu, 'demo-gridworker-1', 'snapshot', 'resolve', { id: mine, note: '已处理完毕', photos: [await uploadAs(emu, 'demo-gridworker-1')] });

  // Photos whose image check could not be requested (the check request fails; the text check before
  // it goes through): they wait in the staff image-review queue, one per deciding role.
  for (const role of ['staff', 'admin'] as const) {
    emu.emulator.faults.add({ action: 'wx.openApi', kind: 'error', after: 1, times: 1 });
    const r = await ok(emu, 'demo-worker-1', 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '荷城路口护栏倒了，请尽快处理', photos: [await uploadAs(emu, 'demo-worker-1')], location: { lat: 23.115, lng: 109.565 }, requestId: requestId() });
    ids[`waitingImage:${role}`] = r.id;
    ids[`waitingFile:${role}`] = r.photos[0].fileID;
  }

  // Points for everyone, then codes: two per role (one to look at, one to cancel) and three to fulfil.
  // Nobody adjusts their own points: a second admin pays the first.
  await ok(emu, 'matrix-second-admin', 'user', 'login', {});
  await ok(emu, 'demo-admin', 'admin', 'grantRole', { openid: 'matrix-second-admin', role: 'admin' });
  for (const openid of [...Object.values(ROLE_ACCOUNTS), 'demo-worker-1']) {
    await ok(emu, openid === 'demo-admin' ? 'matrix-second-admin' : 'demo-admin', 'points', 'adjust', { openid, delta: 2000, reason: '矩阵测试', requestId: requestId() });
  }
  for (const role of ROLE_NAMES) {
    for (const use of ['view', 'cancel']) ids[`redemption:${use}:${role}`] = (await ok(emu, ROLE_ACCOUNTS[role], 'points', 'redeem', { rewardId: 'rw-demo-drink', requestId: requestId() })).id;
  }
  for (const role of ['merchant', 'staff', 'admin'] as const) {
    ids[`code:${role}`] = (await ok(emu, 'demo-worker-1', 'points', 'redeem', { rewardId: 'rw-demo-drink', requestId: requestId() })).code;
  }
  // Rewards the merchant proposed, waiting for each reviewing role.
  for (const role of ['staff', 'admin'] as const) {
    ids[`reward:${role}`] = (
      await ok(emu, 'demo-merchant-1', 'points', 'upsertReward', { requestId: requestId(), title: `矩阵奖励${role}`, cost: 10, stock: 5, perUserLimit: 1, placeId: 'place-demo-merchant-1', validDays: 7 })
    ).id;
  }
  // Open311 partner keys: one per revoking role (a revoked key stays revoked).
  for (const role of ['admin'] as const) {
    ids[`apiKey:${role}`] = (await ok(emu, 'demo-admin', 'admin', 'issueApiKey', { name: `矩阵接入${role}`, communities: ['community-hecheng'], requestId: requestId() })).item.id;
  }
  return { ids, requestId };
}

type Build = (role: RoleName, fx: Fixtures, emu: TestEmulator) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** `ok` lists the roles that must succeed; the other admitted roles get a named domain refusal (someone else's report, place or code). */
export interface PayloadSpec {
  build: Build;
  ok?: RoleName[];
  /** Roles in `ok` run as a throwaway copy of their account (the action ends the caller's account). */
  throwaway?: boolean;
}

const same = (payload: Record<string, unknown>): PayloadSpec => ({ build: () => payload });

const hecheng = (id: number) => `grid-hecheng-${id}`;

export const PAYLOADS: Record<string, PayloadSpec> = {
  'user.login': same({}),
  'user.me': same({}),
  'user.updateProfile': same({ platform: 'other' }),
  'user.exportMine': same({}),
  'user.communities': same({ location: { lat: 23.112, lng: 109.585 } }),
  // Only a plain worker may erase their account; the others hold duties and are told so.
  'user.deleteMe': { build: () => ({ confirm: '注销' }), throwaway: true, ok: ['worker'] },

  'admin.grantRole': { build: () => ({ openid: 'matrix-target', role: 'gridworker', scope: [hecheng(3)] }) },
  'admin.revokeRole': { build: () => ({ openid: 'matrix-target', role: 'gridworker' }) },
  'admin.listRegions': same({}),
  'admin.importRegions': same({
    geojson: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'grid-hecheng-9', level: 'grid', name: '荷城九网格', parentId: 'community-hecheng' }, geometry: { type: 'Polygon', coordinates: [[[109.565, 23.12], [109.57, 23.12], [109.57, 23.125], [109.565, 23.125], [109.565, 23.12]]] } }],
    },
  }),
  'admin.listUsers': same({}),
  'admin.setBanned': { build: () => ({ openid: 'matrix-target-banned', banned: true, reason: '矩阵测试' }) },
  'admin.reviewName': same({ openid: 'demo-worker-1', decision: 'approve' }),
  'admin.auditLog': same({}),
  'admin.listApiKeys': same({}),
  'admin.issueApiKey': { build: (_role, fx) => ({ name: '12345 热线', communities: ['community-hecheng'], requestId: fx.requestId() }) },
  'admin.revokeApiKey': { build: (role, fx) => ({ id: fx.ids[`apiKey:${role}`] }) },
  'admin.open311Settings': same({}),
  'admin.setOpen311Public': same({ districtId: 'district-gangbei', publicRead: true }),

  'stats.overview': same({}),
  'stats.export': same({ kind: 'places' }),
  'stats.rebuild': same({}),

  'place.nearby': same({ location: HERE }),
  'place.get': same({ id: 'place-hc-food-1' }),
  'place.apply': {
    build: async (role, fx, emu) => ({
      name: `矩阵${role}便利店`,
      address: '荷城路 1 号',
      phone: '13807750000',
      location: HERE,
      services: ['water'],
      hours: HOURS,
      licencePhoto: await uploadAs(emu, ROLE_ACCOUNTS[role]),
      requestId: fx.requestId(),
    }),
  },
  'place.mine': same({}),
  'place.update': { build: () => ({ id: 'place-demo-merchant-1', phone: '13977500000' }), ok: ['merchant'] },
  'place.queue': same({}),
  // place-pending-1 is left for the scope rows.
  'place.review': { build: (role) => ({ id: role === 'staff' ? 'place-pending-2' : 'place-pending-3', decision: 'approve' }) },
  'place.upsertStation': { build: (role, fx) => ({ name: `矩阵驿站${role}`, address: '荷城路 2 号', location: HERE, services: ['water', 'rest'], hours: HOURS, requestId: fx.requestId() }) },
  'place.suspend': { build: (role) => ({ id: role === 'staff' ? 'place-hc-food-2' : 'place-gn-food-2', suspended: true, reason: '矩阵测试' }) },
  'place.manage': same({}),

  'points.summary': same({}),
  'points.ledger': same({}),
  'points.adjust': { build: (_role, fx) => ({ openid: 'demo-worker-5', delta: 5, reason: '矩阵测试', requestId: fx.requestId() }) },
  'points.rules': same({}),
  'points.updateRules': same({ dailyCap: 200 }),
  'points.leaderboard': same({}),
  'points.rewards': same({}),
  'points.manageRewards': same({}),
  'points.upsertReward': {
    build: (role, fx) => ({
      requestId: fx.requestId(),
      title: `矩阵新奖励${role}`,
      cost: 10,
      stock: 5,
      perUserLimit: 1,
      validDays: 7,
      ...(role === 'merchant' ? { placeId: 'place-demo-merchant-1' } : role === 'staff' ? { communityId: 'community-hecheng' } : {}),
    }),
  },
  'points.reviewReward': { build: (role, fx) => ({ id: fx.ids[`reward:${role}`], decision: 'approve' }) },
  'points.redeem': { build: (_role, fx) => ({ rewardId: 'rw-demo-drink', requestId: fx.requestId() }) },
  'points.myRedemptions': same({}),
  'points.redemption': { build: (role, fx) => ({ id: fx.ids[`redemption:view:${role}`] }) },
  'points.cancelRedemption': { build: (role, fx) => ({ id: fx.ids[`redemption:cancel:${role}`] }) },
  'points.checkCode': { build: (role, fx) => ({ code: fx.ids[`code:${role}`] }) },
  'points.fulfill': { build: (role, fx) => ({ code: fx.ids[`code:${role}`] }) },

  'pointsjobs.run': same({}),

  'snapshot.categories': same({}),
  'snapshot.upsertCategory': same({ code: 'matrix_cat', name: '矩阵测试', points: 5, slaHours: 24, photoRequired: false }),
  'snapshot.settings': same({}),
  'snapshot.submit': { build: (_role, fx) => ({ kind: 'issue', category: 'other', description: '荷城路口护栏倒了，请尽快处理', photos: [], location: { lat: 23.115, lng: 109.565 }, requestId: fx.requestId() }) },
  'snapshot.nearby': same({ location: HERE }),
  'snapshot.meToo': same({ id: 'seed-report-107' }),
  'snapshot.get': same({ id: 'seed-report-107' }),
  'snapshot.listMine': same({}),
  'snapshot.queue': same({}),
  'snapshot.queueCounts': same({}),
  'snapshot.homeCounts': same({}),
  'snapshot.review': { build: (role, fx) => ({ id: fx.ids[`toReview:${role}`], decision: 'accept' }) },
  'snapshot.assignees': { build: (role, fx) => ({ id: fx.ids[`toDispatch:${role}`] }) },
  'snapshot.dispatch': { build: (role, fx) => ({ id: fx.ids[`toDispatch:${role}`], assignee: 'demo-gridworker-1' }) },
  'snapshot.tasks': same({}),
  'snapshot.resolve': { build: async (role, fx, emu) => ({ id: fx.ids.toResolve, note: '已修复', photos: [await uploadAs(emu, ROLE_ACCOUNTS[role])] }) },
  // Only the reporter rates; anyone else is told the report is not theirs.
  'snapshot.rate': { build: (_role, fx) => ({ id: fx.ids.toRate, score: 5, fixed: true }), ok: ['worker'] },
  'snapshot.placeFeedback': same({}),
  'snapshot.messages': same({}),
  'snapshot.unreadCount': same({}),
  'snapshot.markRead': same({}),
  'snapshot.imageQueue': same({}),
  'snapshot.reviewImage': { build: (role, fx) => ({ kind: 'report', id: fx.ids[`waitingImage:${role}`], fileID: fx.ids[`waitingFile:${role}`], decision: 'approve' }) },
};

/** Actions the table lacks: a new action must come with a well-formed payload. */
export function missingPayloads(actions: string[]): string[] {
  return actions.filter((a) => !PAYLOADS[a]);
}
