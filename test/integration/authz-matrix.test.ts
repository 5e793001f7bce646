// The authorization matrix: every action of every function, called as every kind of caller. The
// table below is written by hand — it is what the product promises, checked against what the code
// does — and a new action without a row fails the first test. Refusals write nothing.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { discoverActions } from '../helpers/functions';

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

  'admin.grantRole': ADMIN,
  'admin.revokeRole': ADMIN,
  'admin.listRegions': ['gridworker', 'staff', 'admin'],
  'admin.importRegions': ADMIN,
  'admin.listUsers': STAFF,
  'admin.setBanned': ADMIN,
  'admin.auditLog': ADMIN,

  'stats.overview': STAFF,
  'stats.export': STAFF,

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
  'snapshot.review': STAFF,
  'snapshot.assignees': STAFF,
  'snapshot.dispatch': STAFF,
  'snapshot.tasks': ['gridworker'],
  'snapshot.resolve': ['gridworker'],
  'snapshot.rate': USERS,
  'snapshot.placeFeedback': ['merchant'],
  'snapshot.messages': USERS,
  'snapshot.unreadCount': USERS,
  'snapshot.markRead': USERS,
};

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
  await emu.call(CALLERS.banned, 'user', 'login', {});
  await emu.call('demo-admin', 'admin', 'setBanned', { openid: CALLERS.banned, banned: true, reason: '矩阵测试' });
});
afterAll(() => emu.close());

const actions = discoverActions().map((a) => `${a.fn}.${a.action}`);

test('every action has a row, and every row an action', () => {
  expect(Object.keys(MATRIX).sort()).toEqual([...actions].sort());
});

const AUTH = /^AUTH\./;

describe.each(actions.map((a) => [a] as const))('%s', (key) => {
  const [fn, action] = key.split('.');
  const allowed = new Set<Caller>(MATRIX[key] ?? []);
  it.each((Object.keys(CALLERS) as Caller[]).map((c) => [c] as const))('as %s', async (caller) => {
    const before = emu.emulator.db.writes();
    // A fresh newcomer per action: an allowed login creates the account the other rows assume absent.
    const openid = caller === 'newcomer' ? `matrix-newcomer-${fn}-${action}` : CALLERS[caller];
    const reply = await emu.call(openid, fn, action, {});
    expect(typeof reply.ok).toBe('boolean');
    if (allowed.has(caller)) {
      // Admitted: whatever the empty payload earns (usually INPUT.INVALID), it is not an AUTH refusal.
      if (!reply.ok) expect([caller, reply.error.code]).not.toEqual([caller, expect.stringMatching(AUTH)]);
    } else {
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toMatch(AUTH);
      if (caller === 'banned') expect(reply.error.code).toBe('AUTH.BANNED');
      if (caller === 'anonymous' || caller === 'newcomer') expect(reply.error.code).toBe('AUTH.UNAUTHENTICATED');
      expect(emu.emulator.db.writes()).toBe(before);
    }
  });
});
