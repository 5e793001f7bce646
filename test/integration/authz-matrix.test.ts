// The authorization matrix: every action of every function, called as every kind of caller. The
// table below is written by hand — it is what the product promises, checked against what the code
// does — and a new action without a row fails the first test. Refusals write nothing.
import { seedDemo } from '../../emulator/seed';
import { settleWrites, startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { discoverActions, discoverFunctions } from '../helpers/functions';
import { uploadDirFor } from '../../cloudfunctions/shared/domain/report';
import { authFor, loadFunctionRules } from '../../emulator/rules';
import { TINY_JPEG } from '../helpers/images';
import { missingPayloads, PAYLOADS, prepareFixtures, ROLE_ACCOUNTS, ROLE_NAMES, type Fixtures, type RoleName } from '../helpers/valid-payloads';

jest.setTimeout(120_000);

/** The callers, each a demo account (or one made here) of a distinct kind. */
const CALLERS = {
  /** No identity at all (no openid from the runtime). */
  anonymous: null,
  /** A WeChat user who has never logged in: only login may create their account. */
  newcomer: 'matrix-newcomer',
  worker: 'demo-worker-2',
  merchant: 'demo-merchant-1',
  gridworker: 'demo-gridworker-1',
  staff: 'demo-staff-1',
  admin: 'demo-admin',
  banned: 'matrix-banned',
} as const;
type Caller = keyof typeof CALLERS;

const USERS: Caller[] = ['worker', 'merchant', 'gridworker', 'staff', 'admin'];
const STAFF: Caller[] = ['staff', 'admin'];
const ADMIN: Caller[] = ['admin'];

/** Who gets past authorization, per action. Banned users and strangers get AUTH.* everywhere else. */
const MATRIX: Record<string, Caller[]> = {
  'user.login': ['newcomer', ...USERS],
  'user.me': USERS,
  'user.updateProfile': USERS,
  'user.exportMine': USERS,
  'user.deleteMe': USERS,
  'user.communities': USERS,

  'admin.grantRole': ADMIN,
  'admin.revokeRole': ADMIN,
  'admin.listRegions': ['gridworker', 'staff', 'admin'],
  'admin.importRegions': ADMIN,
  'admin.listUsers': STAFF,
  'admin.setBanned': ADMIN,
  'admin.reviewName': STAFF,
  'admin.auditLog': ADMIN,
  'admin.listApiKeys': ADMIN,
  'admin.issueApiKey': ADMIN,
  'admin.revokeApiKey': ADMIN,
  'admin.open311Settings': ADMIN,
  'admin.setOpen311Public': ADMIN,

  'stats.overview': STAFF,
  'stats.export': STAFF,
  'stats.rebuild': ADMIN,

  'place.nearby': USERS,
  'place.get': USERS,
  'place.apply': USERS,
  'place.mine': USERS,
  'place.update': USERS,
  'place.queue': STAFF,
  'place.review': STAFF,
  'place.upsertStation': STAFF,
  'place.suspend': STAFF,
  'place.manage': STAFF,

  'points.summary': USERS,
  'points.ledger': USERS,
  'points.adjust': STAFF,
  'points.rules': USERS,
  'points.updateRules': ADMIN,
  'points.leaderboard': USERS,
  'points.rewards': USERS,
  'points.manageRewards': ['merchant', 'staff', 'admin'],
  'points.upsertReward': ['merchant', 'staff', 'admin'],
  'points.reviewReward': STAFF,
  'points.redeem': USERS,
  'points.myRedemptions': USERS,
  'points.redemption': USERS,
  'points.cancelRedemption': USERS,
  'points.checkCode': ['merchant', 'staff', 'admin'],
  'points.fulfill': ['merchant', 'staff', 'admin'],

  'pointsjobs.run': ADMIN,

  'snapshot.categories': USERS,
  'snapshot.upsertCategory': ADMIN,
  'snapshot.settings': USERS,
  'snapshot.submit': USERS,
  'snapshot.nearby': USERS,
  'snapshot.meToo': USERS,
  'snapshot.get': USERS,
  'snapshot.listMine': USERS,
  'snapshot.queue': STAFF,
  'snapshot.queueCounts': STAFF,
  'snapshot.homeCounts': USERS,
  'snapshot.review': STAFF,
  'snapshot.assignees': STAFF,
  'snapshot.dispatch': STAFF,
  'snapshot.tasks': ['gridworker'],
  'snapshot.resolve': ['gridworker'],
  'snapshot.rate': USERS,
  'snapshot.placeFeedback': ['merchant'],
  'snapshot.imageQueue': STAFF,
  'snapshot.reviewImage': STAFF,
  'snapshot.messages': USERS,
  'snapshot.unreadCount': USERS,
  'snapshot.markRead': USERS,
};

let emu: TestEmulator;
let fx: Fixtures;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
  await emu.call(CALLERS.banned, 'user', 'login', {});
  await emu.call('demo-admin', 'admin', 'setBanned', { openid: CALLERS.banned, banned: true, reason: '矩阵测试' });
  fx = await prepareFixtures(emu);
});
afterAll(() => emu.close());

const actions = discoverActions().map((a) => `${a.fn}.${a.action}`);

test('every action has a row, and every row an action', () => {
  expect(Object.keys(MATRIX).sort()).toEqual([...actions].sort());
});

test('every action has a well-formed payload to call it with', () => {
  expect(missingPayloads(actions)).toEqual([]);
});

const AUTH = /^AUTH\./;
// The function invoke rules as deployed (database/function-rules.json) refuse some clients before
// the function runs: anonymous callers everywhere, everyone on functions only the platform invokes.
const INVOKE_RULES = loadFunctionRules();
const refusedByRule = (fn: string, caller: Caller) => !INVOKE_RULES.mayInvoke(fn, authFor(caller === 'anonymous' ? null : CALLERS[caller] ?? 'someone'));
/** What an admitted caller with a well-formed payload may be told instead of success: a named refusal of the domain. */
const DOMAIN_REFUSAL = /^(?!INTERNAL$|INPUT\.|AUTH\.(UNAUTHENTICATED|BANNED)$)[A-Z][A-Z0-9]*(\.[A-Z0-9_]+)+$/;

/** A copy of a role's account under a new openid, for actions that end or spend the caller's account. */
async function throwawayOf(role: RoleName, key: string): Promise<string> {
  const db = emu.app.database();
  const openid = `matrix-throwaway-${role}-${key.replace('.', '-')}`;
  const { data } = await db.collection('users').doc(ROLE_ACCOUNTS[role]).get();
  const { _id, ...doc } = (data as Array<Record<string, unknown>>)[0];
  await db.collection('users').add({ ...doc, _id: openid, openid });
  return openid;
}

describe.each(actions.map((a) => [a] as const))('%s', (key) => {
  const [fn, action] = key.split('.');
  const allowed = new Set<Caller>(MATRIX[key] ?? []);
  const spec = PAYLOADS[key];
  it.each((Object.keys(CALLERS) as Caller[]).map((c) => [c] as const))('as %s', async (caller) => {
    const role = (ROLE_NAMES as string[]).includes(caller) ? (caller as RoleName) : undefined;
    // A fresh newcomer per action: an allowed login creates the account the other rows assume absent.
    let openid = caller === 'newcomer' ? `matrix-newcomer-${fn}-${action}` : CALLERS[caller];
    if (role && spec.throwaway && allowed.has(caller) && (spec.ok ?? ROLE_NAMES).includes(role)) openid = await throwawayOf(role, key);
    const payload = await spec.build(role ?? 'worker', fx, emu);
    if (!allowed.has(caller)) await settleWrites(emu);
    const before = emu.emulator.db.writes();
    const reply = await emu.call(openid, fn, action, payload);
    expect(typeof reply.ok).toBe('boolean');
    const outcome = reply.ok ? 'ok' : reply.error.code;
    if (refusedByRule(fn, caller)) {
      expect([caller, reply.error?.code]).toEqual([caller, 'PERMISSION_DENIED']);
      expect(emu.emulator.db.writes()).toBe(before);
    } else if (allowed.has(caller)) {
      // Admitted with a well-formed payload: success where the caller owns what it names, else a
      // named refusal of the domain — never INTERNAL, never INPUT.INVALID.
      if (!role || (spec.ok ?? ROLE_NAMES).includes(role)) expect([caller, outcome, reply.error]).toEqual([caller, 'ok', undefined]);
      else expect([caller, outcome]).toEqual([caller, expect.stringMatching(DOMAIN_REFUSAL)]);
    } else {
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toMatch(AUTH);
      if (caller === 'banned') expect(reply.error.code).toBe('AUTH.BANNED');
      if (caller === 'anonymous' || caller === 'newcomer') expect(reply.error.code).toBe('AUTH.UNAUTHENTICATED');
      expect(emu.emulator.db.writes()).toBe(before);
    }
  });
});

/**
 * Scope: the same role on someone else's community, grid or place is refused with AUTH.FORBIDDEN
 * and writes nothing; on its own, it goes through. Each row names the action, the in-scope caller,
 * the out-of-scope caller and the payload (built from objects made in `beforeAll` below).
 */
describe('scope', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const db = emu.app.database();
    const base = { status: 'active', points: { balance: 0, earned: 0, spent: 0 }, profile: { name: '矩阵', phone: '', platform: '', workType: '', communityId: 'community-gangning', avatar: '' }, createdAt: new Date(), updatedAt: new Date() };
    await db.collection('users').add([
      { _id: 'matrix-merchant-2', openid: 'matrix-merchant-2', roles: ['worker', 'merchant'], scopes: { staff: [], gridworker: [], merchant: ['place-hc-repair-1'] }, ...base },
      { _id: 'matrix-grid-2', openid: 'matrix-grid-2', roles: ['worker', 'gridworker'], scopes: { staff: [], gridworker: ['grid-gangning-1'], merchant: [] }, ...base },
      { _id: 'matrix-staff-2', openid: 'matrix-staff-2', roles: ['worker', 'staff'], scopes: { staff: ['community-gangning'], gridworker: [], merchant: [] }, ...base },
    ]);
    const file = (requestId: string) => emu.call('demo-worker-1', 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '荷城路口护栏倒了', photos: [], location: { lat: 23.115, lng: 109.565 }, requestId });
    ids.toReview = (await file('matrix-scope-review')).data.id;
    ids.toResolve = (await file('matrix-scope-resolve')).data.id;
    await emu.call('demo-staff-1', 'snapshot', 'review', { id: ids.toResolve, decision: 'accept' });
    await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id: ids.toResolve, assignee: 'demo-gridworker-1' });
    await emu.call('demo-admin', 'points', 'adjust', { openid: 'demo-worker-1', delta: 100, reason: '矩阵测试', requestId: 'matrix-scope-points' });
    ids.code = (await emu.call('demo-worker-1', 'points', 'redeem', { rewardId: 'rw-demo-drink', requestId: 'matrix-scope-redeem' })).data.code;
    // A resolution photo each grid worker uploaded themselves (photos must be the caller's own).
    for (const who of ['demo-gridworker-1', 'matrix-grid-2']) {
      const res = await fetch(`${emu.url}/api/storage/upload?path=${uploadDirFor(who)}/fixed.jpg`, { method: 'POST', headers: { 'x-wx-openid': who }, body: TINY_JPEG });
      ids[who] = ((await res.json()) as { fileID: string }).fileID;
    }
  });

  const ROWS: Array<[action: string, own: string, other: string, payload: (caller: string) => Record<string, unknown>]> = [
    ['place.update', 'demo-merchant-1', 'matrix-merchant-2', () => ({ id: 'place-demo-merchant-1', phone: '13977500000' })],
    ['place.review', 'demo-staff-1', 'matrix-staff-2', () => ({ id: 'place-pending-1', decision: 'approve' })],
    ['snapshot.review', 'demo-staff-1', 'matrix-staff-2', () => ({ id: ids.toReview, decision: 'accept' })],
    ['snapshot.resolve', 'demo-gridworker-1', 'matrix-grid-2', (caller) => ({ id: ids.toResolve, note: '已修复', photos: [ids[caller]] })],
    ['points.fulfill', 'demo-merchant-1', 'matrix-merchant-2', () => ({ code: ids.code })],
    ['points.adjust', 'demo-staff-1', 'matrix-staff-2', () => ({ openid: 'demo-worker-5', delta: 5, reason: '线下活动', requestId: 'matrix-scope-adjust' })],
    ['stats.overview', 'demo-staff-1', 'matrix-staff-2', () => ({ communityId: 'community-hecheng' })],
    ['admin.listUsers', 'demo-staff-1', 'matrix-staff-2', () => ({ communityId: 'community-hecheng' })],
    ['admin.reviewName', 'demo-staff-1', 'matrix-staff-2', () => ({ openid: 'demo-worker-1', decision: 'approve' })],
  ];

  it.each(ROWS)('%s: refused out of scope, allowed in scope', async (key, own, other, payload) => {
    const [fn, action] = key.split('.');
    await settleWrites(emu);
    const before = emu.emulator.db.writes();
    const refused = await emu.call(other, fn, action, payload(other));
    expect([key, refused.ok ? 'ok' : refused.error.code]).toEqual([key, 'AUTH.FORBIDDEN']);
    expect(emu.emulator.db.writes()).toBe(before);
    const allowed = await emu.call(own, fn, action, payload(own));
    expect([key, allowed.ok ? 'ok' : allowed.error.code]).toEqual([key, 'ok']);
  });
});

/**
 * Functions only the platform invokes — WeChat's message push, timers, the HTTP access service —
 * are closed to every client by their invoke rule, whatever the client sends: the event they
 * would get from the platform, an action call, or nothing. Derived from the deployed rules and the
 * function folders, so a new platform-only function is covered without being listed here.
 */
describe('functions no client may invoke', () => {
  const PLATFORM_EVENTS: unknown[] = [
    { ToUserName: 'gh_x', FromUserName: 'demo-worker-1', MsgType: 'event', Event: 'wxa_media_check', trace_id: 'forged', version: 2, result: { suggest: 'pass', label: 100 } },
    { Type: 'Timer', TriggerName: 'pointsjobs-every-10-min', Time: new Date().toISOString(), Message: '' },
    { httpMethod: 'GET', path: '/open311/v2/requests.json', headers: {}, queryStringParameters: {}, body: '', isBase64Encoded: false },
    { action: 'run', payload: {} },
    {},
  ];
  const closed = discoverFunctions().filter((fn) => !INVOKE_RULES.mayInvoke(fn, authFor('demo-admin')));

  test('the platform-only functions are the ones expected of this product', () => {
    expect(closed.sort()).toEqual(expect.arrayContaining(['open311', 'pointsjobs', 'wxmessage']));
  });

  describe.each(closed.map((fn) => [fn] as const))('%s', (fn) => {
    it.each((Object.keys(CALLERS) as Caller[]).map((c) => [c] as const))('refuses %s whatever the event, and writes nothing', async (caller) => {
      await settleWrites(emu);
      const before = emu.emulator.db.writes();
      for (const event of PLATFORM_EVENTS) {
        const res = await emu.callRaw(caller === 'newcomer' ? `matrix-newcomer-${fn}` : CALLERS[caller], fn, event);
        expect([fn, caller, res.body]).toEqual([fn, caller, expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'PERMISSION_DENIED' }) })]);
      }
      await settleWrites(emu);
      expect(emu.emulator.db.writes()).toBe(before);
    });
  });
});
