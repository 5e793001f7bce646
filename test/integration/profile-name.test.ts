// Profile names are shown to others (the grid worker's name on a reporter's timeline, the monthly
// leaderboard, the holder of a redemption code), so they pass the same text check as other text
// (msgSecCheck 2.0, scene 1 资料): risky names are refused and nothing is stored; names the check
// wants a person to read — or that it could not check — are held: their owner sees them, others see
// the default until staff clear them.
import { uploadDirFor } from '../../cloudfunctions/shared/domain/report';
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { earn } from './points-helpers';

jest.setTimeout(90_000);

let emu: TestEmulator;
const STAFF = 'demo-staff-1'; // 荷城社区
const GRID = 'demo-gridworker-1';
const HECHENG_1 = { lat: 23.112, lng: 109.565 };
const db = () => emu.app.database();
const userDoc = async (openid: string) => (await db().collection('users').doc(openid).get()).data[0] as Record<string, any>;

beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
  for (const u of [STAFF, GRID, 'test-admin']) await emu.call(u, 'user', 'login', {});
}, 120_000);
afterAll(() => emu.close());

async function worker(openid: string, name = '测试骑手') {
  await emu.call(openid, 'user', 'login', {});
  expect((await emu.call(openid, 'user', 'updateProfile', { name, communityId: 'community-hecheng' })).ok).toBe(true);
  return openid;
}

async function upload(openid: string): Promise<string> {
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(`${uploadDirFor(openid)}/pn-${Date.now()}.jpg`)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid, 'content-type': 'image/jpeg' },
    body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]),
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

/** The leaderboard name another worker of 荷城社区 sees for `openid` this month. */
async function boardName(openid: string, viewer: string): Promise<string | undefined> {
  const board = await emu.call(viewer, 'points', 'leaderboard', {});
  const mine = await emu.call(openid, 'points', 'leaderboard', {});
  const rank = mine.data.me.rank;
  return board.data.items.find((i: { rank: number; me: boolean }) => i.rank === rank && !i.me)?.name;
}

describe('a risky profile name', () => {
  it('is refused in Chinese, naming the field, and nothing is stored', async () => {
    const w = await worker('pn-risky', '王小明');
    const before = await userDoc(w);
    const r = await emu.call(w, 'user', 'updateProfile', { name: '冰毒批发', phone: '13900003333' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONTENT.RISKY', field: 'payload.name' } });
    expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
    const after = await userDoc(w);
    expect(after.profile).toEqual(before.profile);
    expect(after.updatedAt).toEqual(before.updatedAt);
  });
});

describe('a name held for review', () => {
  it('shows to its owner, but others see the default on the leaderboard', async () => {
    const w = await worker('pn-review');
    await earn(emu, w, 500, 'award:pn-review-1');
    const r = await emu.call(w, 'user', 'updateProfile', { name: '加微信领红包' });
    expect(r).toMatchObject({ ok: true, data: { profile: { name: '加微信领红包' }, nameUnderReview: true } });
    expect((await emu.call(w, 'user', 'me', {})).data).toMatchObject({ profile: { name: '加微信领红包' }, nameUnderReview: true });
    expect(await boardName(w, 'demo-worker-5')).toBe('匿名**');
  });

  it('is held when the check cannot answer, and the action still succeeds', async () => {
    const w = await worker('pn-failing');
    await earn(emu, w, 400, 'award:pn-failing-1');
    emu.emulator.faults.add({ action: 'wx.openApi', apiName: 'security.msgSecCheck', kind: 'error', code: 'SYS_ERR', times: 10 });
    try {
      const r = await emu.call(w, 'user', 'updateProfile', { name: '李大壮' });
      expect(emu.emulator.faults.hits).toBeGreaterThan(0);
      expect(r).toMatchObject({ ok: true, data: { profile: { name: '李大壮' }, nameUnderReview: true } });
    } finally {
      emu.emulator.faults.clear();
    }
    expect(await boardName(w, 'demo-worker-5')).toBe('匿名**');
  });

  it('does not reach the reporter’s timeline as the grid worker’s name', async () => {
    const held = 'pn-grid';
    await worker(held, '私聊网格员');
    expect((await emu.call('test-admin', 'admin', 'grantRole', { openid: held, role: 'gridworker', scope: ['grid-hecheng-1'] })).ok).toBe(true);
    expect((await userDoc(held)).nameCheck).toBe('review');
    const reporter = await worker('pn-reporter', '张师傅');
    const sub = await emu.call(reporter, 'snapshot', 'submit', { kind: 'issue', category: 'road_damage', description: '路面塌陷一个坑', photos: [await upload(reporter)], location: HECHENG_1, requestId: 'pn-submit-1' });
    expect(sub.ok).toBe(true);
    await emu.call(STAFF, 'snapshot', 'review', { id: sub.data.id, decision: 'accept' });
    expect((await emu.call(STAFF, 'snapshot', 'dispatch', { id: sub.data.id, assignee: held })).ok).toBe(true);
    const seen = await emu.call(reporter, 'snapshot', 'get', { id: sub.data.id });
    expect(JSON.stringify(seen.data)).not.toContain('私聊网格员');
    expect(JSON.stringify(seen.data.timeline)).toContain('网格员');
  });

  it('is shown once staff of the person’s community approve it; a rejected name is cleared', async () => {
    const a = await worker('pn-approve', '私聊我');
    await earn(emu, a, 300, 'award:pn-approve-1');
    const queue = await emu.call(STAFF, 'admin', 'listUsers', { nameUnderReview: true, pageSize: 50 });
    expect(queue.data.items.map((u: { openid: string }) => u.openid)).toContain(a);
    expect(await emu.call('demo-worker-5', 'admin', 'reviewName', { openid: a, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const ok = await emu.call(STAFF, 'admin', 'reviewName', { openid: a, decision: 'approve' });
    expect(ok).toMatchObject({ ok: true, data: { profile: { name: '私聊我' }, nameUnderReview: false } });
    expect(await boardName(a, 'demo-worker-5')).toBe('私**');

    const b = await worker('pn-reject', '加微信好友');
    const no = await emu.call(STAFF, 'admin', 'reviewName', { openid: b, decision: 'reject' });
    expect(no).toMatchObject({ ok: true, data: { profile: { name: '' }, nameUnderReview: false } });
    const audit = (await db().collection('audit').where({ 'target.id': b }).get()).data as Array<{ action: string; before: any; after: any }>;
    expect(audit).toEqual([expect.objectContaining({ action: 'admin.reviewName', before: { name: '加微信好友', nameCheck: 'review' }, after: { name: '', nameCheck: 'pass' } })]);
  });

  it('cannot be approved by staff of another community', async () => {
    await emu.call('pn-staff-syt', 'user', 'login', {});
    await emu.call('test-admin', 'admin', 'grantRole', { openid: 'pn-staff-syt', role: 'staff', scope: ['community-shiyangtang'] });
    const w = await worker('pn-other-community', '扫码领红包');
    expect(await emu.call('pn-staff-syt', 'admin', 'reviewName', { openid: w, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect((await userDoc(w)).nameCheck).toBe('review');
  });
});
