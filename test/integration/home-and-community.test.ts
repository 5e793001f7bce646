// What each role's home counts (snapshot.homeCounts) and how a rider chooses their community
// (user.communities suggests it from where they are; user.updateProfile stores it), through the
// emulator with the demo seed: the figures must be the ones the lists behind them show.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
}, 120_000);
afterAll(() => emu.close());

async function all<T>(openid: string, fn: string, action: string, payload: Record<string, unknown>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const r = await emu.call(openid, fn, action, { ...payload, ...(cursor ? { cursor } : {}) });
    expect(r.ok).toBe(true);
    items.push(...r.data.items);
    cursor = r.data.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('snapshot.homeCounts', () => {
  it("counts a grid worker's open and overdue tasks as their task list shows them", async () => {
    const todo = await all<{ overdue: boolean }>('demo-gridworker-1', 'snapshot', 'tasks', { status: 'todo' });
    const r = await emu.call('demo-gridworker-1', 'snapshot', 'homeCounts', {});
    expect(r.ok).toBe(true);
    expect(r.data.tasks).toEqual({ open: todo.length, overdue: todo.filter((t) => t.overdue).length });
    expect(r.data.tasks.overdue).toBeGreaterThan(0);
    expect(r.data.feedback).toBeNull();
  });

  it('counts the reports waiting for the rider’s rating, and one fewer once rated', async () => {
    const mine = await all<{ id: string; status: string }>('demo-worker-1', 'snapshot', 'listMine', { status: 'open' });
    const resolved = mine.filter((m) => m.status === 'resolved');
    expect(resolved.length).toBeGreaterThan(0);
    const before = await emu.call('demo-worker-1', 'snapshot', 'homeCounts', {});
    expect(before.data).toMatchObject({ toRate: resolved.length, tasks: null, feedback: null });
    // The tile opens 我的上报 on 待评价: the same reports, newest first, nothing else.
    const toRate = await all<{ id: string; status: string }>('demo-worker-1', 'snapshot', 'listMine', { status: 'toRate' });
    expect(toRate.map((r) => r.id)).toEqual(resolved.map((r) => r.id));
    const unread = await emu.call('demo-worker-1', 'snapshot', 'unreadCount', {});
    expect(before.data.unread).toBe(unread.data.unread);

    const rated = await emu.call('demo-worker-1', 'snapshot', 'rate', { id: resolved[0].id, score: 5, fixed: true });
    expect(rated.ok).toBe(true);
    const after = await emu.call('demo-worker-1', 'snapshot', 'homeCounts', {});
    expect(after.data.toRate).toBe(resolved.length - 1);
  });

  it("counts a merchant's feedback still open at the community", async () => {
    const feedback = await all<{ status: string }>('demo-merchant-1', 'snapshot', 'placeFeedback', {});
    const r = await emu.call('demo-merchant-1', 'snapshot', 'homeCounts', {});
    expect(r.data.feedback).toEqual({ open: feedback.filter((f) => ['submitted', 'accepted', 'dispatched', 'reopened'].includes(f.status)).length });
    expect(r.data.tasks).toBeNull();
  });

  it('gives a newcomer zeros, not someone else’s figures', async () => {
    await emu.call('home-newcomer', 'user', 'login', {});
    const r = await emu.call('home-newcomer', 'snapshot', 'homeCounts', {});
    expect(r).toMatchObject({ ok: true, data: { toRate: 0, unread: 0, tasks: null, feedback: null } });
  });
});

describe('choosing a community', () => {
  it('lists the communities with their street, and suggests the one holding the location', async () => {
    await emu.call('rider-choose', 'user', 'login', {});
    const none = await emu.call('rider-choose', 'user', 'communities', {});
    expect(none.ok).toBe(true);
    expect(none.data.suggested).toBeNull();
    const names = none.data.items.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['荷城社区', '石羊塘社区', '港宁社区', '金港社区']));
    for (const c of none.data.items) expect(c.streetName).toMatch(/[\u4e00-\u9fff]/);

    // Inside 石羊塘社区's boundary (109.60–109.64 E, 23.10–23.13 N).
    const here = await emu.call('rider-choose', 'user', 'communities', { location: { lat: 23.115, lng: 109.62 } });
    expect(here.data.suggested).toBe('community-shiyangtang');
    // Inside 荷城一网格 the spot is named by its grid as well (the place form's map picker shows it).
    const inGrid = await emu.call('rider-choose', 'user', 'communities', { location: { lat: 23.112, lng: 109.583 } });
    expect(inGrid.data).toMatchObject({ suggested: 'community-hecheng', suggestedGridName: expect.stringMatching(/^荷城.网格$/) });
    // Far from every community: nothing suggested, the person picks.
    const far = await emu.call('rider-choose', 'user', 'communities', { location: { lat: 39.9, lng: 116.4 } });
    expect(far.data.suggested).toBeNull();
    expect(far.data.suggestedGridName).toBe('');
  });

  it('refuses a location outside China with the field named', async () => {
    const r = await emu.call('rider-choose', 'user', 'communities', { location: { lat: 0, lng: 0 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(r.error.field).toMatch(/location/);
  });

  it('puts the rider in their staff’s people list and on their community’s leaderboard once chosen', async () => {
    await emu.call('rider-joins', 'user', 'login', {});
    await emu.call('rider-joins', 'user', 'updateProfile', { name: '新骑手' });
    const before = await all<{ openid: string }>('demo-staff-1', 'admin', 'listUsers', {});
    expect(before.map((u) => u.openid)).not.toContain('rider-joins');
    const board0 = await emu.call('rider-joins', 'points', 'leaderboard', {});
    expect(board0.data.communityId).toBeFalsy();

    const saved = await emu.call('rider-joins', 'user', 'updateProfile', { communityId: 'community-hecheng' });
    expect(saved).toMatchObject({ ok: true, data: { profile: { communityId: 'community-hecheng' } } });

    const after = await all<{ openid: string }>('demo-staff-1', 'admin', 'listUsers', {});
    expect(after.map((u) => u.openid)).toContain('rider-joins');
    const board = await emu.call('rider-joins', 'points', 'leaderboard', {});
    expect(board.data).toMatchObject({ communityId: 'community-hecheng', communityName: '荷城社区' });
  });

  it('refuses a grid or street id as a community, and keeps the old one', async () => {
    await emu.call('rider-grid', 'user', 'login', {});
    await emu.call('rider-grid', 'user', 'updateProfile', { communityId: 'community-gangning' });
    const r = await emu.call('rider-grid', 'user', 'updateProfile', { communityId: 'grid-hecheng-1' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.communityId' } });
    const me = await emu.call('rider-grid', 'user', 'me', {});
    expect(me.data.profile.communityId).toBe('community-gangning');
  });
});
