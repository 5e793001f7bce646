// Admin's people, regions and audit actions through the emulator with the demo district.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { auditSentence } from '../../src/pkg-admin/audit/describe';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
});
afterAll(() => emu.close());

const rect = (w: number, s: number, e: number, n: number) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const grid = (id: string, name: string, parentId: string, coordinates: number[][][]) => ({ type: 'Feature', properties: { id, level: 'grid', name, parentId }, geometry: { type: 'Polygon', coordinates } });
const auditCount = async (action: string) => (await emu.app.database().collection('audit').where({ action }).count()).total;

describe('admin.importRegions', () => {
  it('imports grids under stored communities and lists them, with one audit entry', async () => {
    const r = await emu.call('demo-admin', 'admin', 'importRegions', {
      geojson: { type: 'FeatureCollection', features: [grid('grid-hecheng-4', '荷城四网格', 'community-hecheng', rect(109.565, 23.12, 109.57, 23.125))] },
    });
    expect(r).toMatchObject({ ok: true, data: { imported: 1, byLevel: { grid: 1 } } });
    const list = await emu.call('demo-admin', 'admin', 'listRegions', {});
    expect(list.data.find((x: any) => x.id === 'grid-hecheng-4')).toMatchObject({ name: '荷城四网格', parentId: 'community-hecheng', center: [109.5675, 23.1225] });
    expect(await auditCount('admin.importRegions')).toBe(1);
  });

  it('refuses a bad file whole, naming the feature, and writes nothing', async () => {
    const r = await emu.call('demo-admin', 'admin', 'importRegions', {
      geojson: {
        type: 'FeatureCollection',
        features: [
          grid('grid-new-ok', '好网格', 'community-gangning', rect(109.565, 23.075, 109.57, 23.08)),
          grid('grid-new-bad', '越界网格', 'community-gangning', rect(109.62, 23.075, 109.63, 23.08)),
        ],
      },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'REGION.INVALID', field: 'payload.geojson' } });
    expect(r.error.message).toContain('第 2 个要素（越界网格）');
    const stored = await emu.app.database().collection('regions').where({ _id: emu.app.database().command.in(['grid-new-ok', 'grid-new-bad']) }).count();
    expect(stored.total).toBe(0);
    expect(await auditCount('admin.importRegions')).toBe(1);
  });

  it('is admin only', async () => {
    const r = await emu.call('demo-staff-1', 'admin', 'importRegions', { geojson: { type: 'FeatureCollection', features: [{}] } });
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});

describe('admin.listUsers', () => {
  it('lets admin search by name and see phones', async () => {
    const r = await emu.call('demo-admin', 'admin', 'listUsers', { q: '李' });
    expect(r.ok).toBe(true);
    expect(r.data.items.map((u: any) => u.openid)).toEqual(['demo-worker-1']);
    expect(r.data.items[0].profile.phone).toBe('13807751001');
  });

  it('treats search text literally, not as a pattern', async () => {
    const r = await emu.call('demo-admin', 'admin', 'listUsers', { q: '.*' });
    expect(r.data.items).toEqual([]);
  });

  it('filters by role and platform', async () => {
    const staff = await emu.call('demo-admin', 'admin', 'listUsers', { role: 'gridworker' });
    expect(staff.data.items.map((u: any) => u.openid)).toEqual(['demo-gridworker-1']);
    const eleme = await emu.call('demo-admin', 'admin', 'listUsers', { platform: 'eleme' });
    expect(eleme.data.items.map((u: any) => u.openid)).toEqual(['demo-worker-2']);
  });

  it('shows staff only their community, with phones, and refuses another community', async () => {
    const mine = await emu.call('demo-staff-1', 'admin', 'listUsers', { pageSize: 50 });
    const communities = new Set(mine.data.items.map((u: any) => u.profile.communityId));
    expect([...communities]).toEqual(['community-hecheng']);
    expect(mine.data.items.find((u: any) => u.openid === 'demo-worker-1').profile.phone).toBe('13807751001');
    const other = await emu.call('demo-staff-1', 'admin', 'listUsers', { communityId: 'community-gangning' });
    expect(other).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('pages through everyone without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const r = await emu.call('demo-admin', 'admin', 'listUsers', { pageSize: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...r.data.items.map((u: any) => u.openid));
      if (!r.data.nextCursor) break;
      cursor = r.data.nextCursor;
    }
    const total = (await emu.app.database().collection('users').count()).total;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    // A page holding exactly the rest is the last one: no cursor to an empty page.
    expect(total).toBeLessThanOrEqual(50); // the largest page size a caller may ask for
    const whole = await emu.call('demo-admin', 'admin', 'listUsers', { pageSize: total });
    expect(whole.data.items).toHaveLength(total);
    expect(whole.data.nextCursor).toBeNull();
  });

  it('refuses a forged cursor clearly', async () => {
    const r = await emu.call('demo-admin', 'admin', 'listUsers', { cursor: 'not-a-cursor' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.cursor' } });
  });
});

describe('admin.setBanned and admin.auditLog', () => {
  it('bans a user, whose calls then get AUTH.BANNED, and restores them', async () => {
    const ban = await emu.call('demo-admin', 'admin', 'setBanned', { openid: 'demo-worker-4', banned: true, reason: '恶意刷单' });
    expect(ban).toMatchObject({ ok: true, data: { status: 'banned' } });
    expect(await emu.call('demo-worker-4', 'user', 'me', {})).toMatchObject({ ok: false, error: { code: 'AUTH.BANNED' } });
    await emu.call('demo-admin', 'admin', 'setBanned', { openid: 'demo-worker-4', banned: false, reason: '申诉成功' });
    expect(await emu.call('demo-worker-4', 'user', 'me', {})).toMatchObject({ ok: true });
  });

  it('does not let admin ban themself', async () => {
    const r = await emu.call('demo-admin', 'admin', 'setBanned', { openid: 'demo-admin', banned: true, reason: '测试' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });

  it('records each action once, readable and filterable by admin only', async () => {
    await emu.call('demo-admin', 'admin', 'grantRole', { openid: 'demo-worker-3', role: 'staff', scope: ['community-gangning'] });
    const log = await emu.call('demo-admin', 'admin', 'auditLog', { targetId: 'demo-worker-3' });
    expect(log.data.items).toHaveLength(1);
    // The person acted on is named too, so the audit screen shows 张伟 rather than an openid.
    expect(log.data.items[0]).toMatchObject({ action: 'admin.grantRole', actor: { openid: 'demo-admin', name: '覃敏' }, target: { type: 'user', id: 'demo-worker-3', name: '张伟' } });
    const bans = await emu.call('demo-admin', 'admin', 'auditLog', { targetId: 'demo-worker-4' });
    expect(bans.data.items.map((e: any) => e.action)).toEqual(['admin.unban', 'admin.ban']);
    expect(await emu.call('demo-staff-1', 'admin', 'auditLog', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('names the places and rewards an entry is about, as they were called when it was written', async () => {
    expect(await emu.call('demo-staff-1', 'place', 'suspend', { id: 'place-demo-merchant-1', suspended: true, reason: '卫生检查' })).toMatchObject({ ok: true });
    expect(await emu.call('demo-staff-1', 'place', 'suspend', { id: 'place-demo-merchant-1', suspended: false })).toMatchObject({ ok: true });
    expect(await emu.call('demo-staff-1', 'points', 'reviewReward', { id: 'rw-demo-drink', decision: 'archive' })).toMatchObject({ ok: true });
    expect(await emu.call('demo-staff-1', 'points', 'reviewReward', { id: 'rw-demo-drink', decision: 'approve' })).toMatchObject({ ok: true });
    const place = (await emu.call('demo-admin', 'admin', 'auditLog', { targetId: 'place-demo-merchant-1' })).data.items;
    expect(place.map((e: any) => [e.action, e.names])).toEqual([
      ['place.resume', { 'place-demo-merchant-1': '黄记牛腩粉' }],
      ['place.suspend', { 'place-demo-merchant-1': '黄记牛腩粉' }],
    ]);
    const reward = (await emu.call('demo-admin', 'admin', 'auditLog', { targetId: 'rw-demo-drink' })).data.items;
    expect(reward.map((e: any) => e.names)).toEqual([{ 'rw-demo-drink': '冰镇酸梅汤一杯' }, { 'rw-demo-drink': '冰镇酸梅汤一杯' }]);
    // An entry that names nothing of the kind says so with an empty map, never a missing field.
    const grant = (await emu.call('demo-admin', 'admin', 'auditLog', { targetId: 'demo-worker-3' })).data.items[0];
    expect(grant.names).toEqual({});
  });

  it('names the reports staff act on by category and place, so the trail never shows a report id', async () => {
    expect(await emu.call('demo-staff-1', 'snapshot', 'review', { id: 'seed-report-108', decision: 'accept' })).toMatchObject({ ok: true });
    // seed-report-107 was accepted by the seed: it lies in grid 2, which 周丽 covers.
    expect(await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id: 'seed-report-107', assignee: 'demo-gridworker-1' })).toMatchObject({ ok: true });
    expect(await emu.call('demo-staff-1', 'snapshot', 'review', { id: 'seed-volunteer-7', decision: 'accept' })).toMatchObject({ ok: true });
    const said = async (targetId: string): Promise<string[]> => {
      const items = (await emu.call('demo-admin', 'admin', 'auditLog', { targetId })).data.items;
      return items.map((e: any) => auditSentence(e, new Map(Object.entries(e.names))));
    };
    const accepted = await said('seed-report-108');
    const dispatched = await said('seed-report-107'); // newest first: the seed's own steps come after
    const verified = await said('seed-volunteer-7');
    expect(accepted).toEqual([expect.stringMatching(/ 受理了上报「占道经营\/违停 · 荷城路 130 号门口」$/)]);
    expect(dispatched[0]).toMatch(/ 把上报「垃圾堆放 · 民主路 41 号旁空地」派给了网格员$/);
    expect(verified).toEqual([expect.stringMatching(/ 认定了上报「交通劝导 · 荷城路口」$/)]);
    expect([...accepted, ...dispatched, ...verified].join()).not.toMatch(/seed-/);
  });
});
