// 随手拍 through the emulator with the real SDK: the whole loop with points at each step, reopening,
// illegal transitions, concurrent acceptance, idempotent submit, routing, scopes, input refusals,
// content checks, subscribe messages and in-app messages.
import { seedDemo } from '../../emulator/seed';
import { PARALLEL_INSTANCES, startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let emu: TestEmulator;
const TEMPLATES = 'review=tmpl-review,progress=tmpl-progress,resolved=tmpl-resolved';

beforeAll(async () => {
  emu = await startTestEmulator({ ...PARALLEL_INSTANCES, functionEnv: { ADMIN_OPENIDS: 'test-admin', SUBSCRIBE_TEMPLATES: TEMPLATES } });
  await seedDemo(emu.app);
  for (const id of ['test-admin', 'demo-worker-1', 'demo-worker-2', 'demo-worker-3', 'demo-worker-4', 'demo-worker-5', 'demo-staff-1', 'demo-gridworker-1', 'demo-merchant-1']) {
    await emu.call(id, 'user', 'login', {});
  }
});
afterAll(() => emu.close());

// Points in 荷城一网格 (grid-hecheng-1: lng 109.56–109.5733, lat 23.10–23.13) and elsewhere.
const HECHENG_1 = { lat: 23.112, lng: 109.565 };
const SHIYANGTANG = { lat: 23.115, lng: 109.62 };
const FAR_AWAY = { lat: 23.1, lng: 109.75 };

const db = () => emu.app.database();
let seq = 0;
const rid = (tag: string) => `${tag}-${Date.now().toString(36)}-${++seq}`;

const dirs = new Map<string, string>();
async function upload(openid: string, name = 'photo.jpg'): Promise<string> {
  if (!dirs.has(openid)) dirs.set(openid, (await emu.call(openid, 'snapshot', 'settings', {})).data.uploadDir);
  const path = `${dirs.get(openid)}/${Date.now()}-${++seq}-${name}`;
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(path)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid, 'content-type': 'image/jpeg' },
    body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]),
  });
  const body = (await res.json()) as { fileID: string };
  return body.fileID;
}

async function newUser(openid: string): Promise<string> {
  await emu.call(openid, 'user', 'login', {});
  return openid;
}

async function submit(openid: string, over: Record<string, unknown> = {}) {
  const photos = 'photos' in over ? over.photos : [await upload(openid)];
  return emu.call(openid, 'snapshot', 'submit', {
    kind: 'issue',
    category: 'road_damage',
    description: '人民路与中山路交叉口有一个大坑，电动车容易摔倒',
    location: HECHENG_1,
    address: '人民路与中山路交叉口',
    requestId: rid('req'),
    ...over,
    photos,
  });
}

const balanceOf = async (openid: string): Promise<number> => ((await db().collection('users').doc(openid).get()).data[0] as { points: { balance: number } }).points.balance;
const ledgerOf = async (openid: string) => (await db().collection('ledger').where({ openid }).get()).data as Array<{ _id: string; delta: number; kind: string; ref?: { id: string } }>;
const reportDoc = async (id: string) => (await db().collection('reports').doc(id).get()).data[0] as Record<string, any>;
const messagesOf = async (openid: string) => (await db().collection('messages').where({ openid }).get()).data as Array<{ title: string; reportId: string; read: boolean }>;
const outboxFor = async (touser: string) => (await db().collection('_outbox').where({ touser }).get()).data as Array<{ template_id: string; page: string; data: Record<string, { value: string }> }>;

/** Polls until `ok` holds; a condition that never comes fails the test here, with what was last seen. */
async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await what();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms; last value: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
    v = await what();
  }
  return v;
}

async function grantStaff(openid: string, community: string) {
  await newUser(openid);
  const r = await emu.call('test-admin', 'admin', 'grantRole', { openid, role: 'staff', scope: [community] });
  expect(r.ok).toBe(true);
}

describe('categories', () => {
  it('offers the district categories with points, SLA and photo rules, and lets only admins edit them', async () => {
    const r = await emu.call('demo-worker-1', 'snapshot', 'categories', {});
    expect(r.ok).toBe(true);
    const names = r.data.map((c: { name: string }) => c.name);
    for (const n of ['道路破损', '井盖缺失', '路灯故障', '占道经营/违停', '垃圾堆放', '消防隐患', '交通安全隐患', '公共设施损坏', '需要帮助的群众', '站点/商户反馈', '其他']) {
      expect(names).toContain(n);
    }
    // Volunteer service has real categories to choose from, not one.
    const volunteer = r.data.filter((c: { kind: string }) => c.kind === 'volunteer').map((c: { name: string }) => c.name);
    expect(volunteer).toEqual(['交通劝导', '文明宣传', '助老助残', '环境清洁', '应急救助', '其他志愿服务']);
    expect(r.data.find((c: { code: string }) => c.code === 'manhole')).toMatchObject({ points: 15, slaHours: 24, photoRequired: true, kind: 'issue' });

    const denied = await emu.call('demo-staff-1', 'snapshot', 'upsertCategory', { code: 'streetlight', name: '路灯故障', points: 50, slaHours: 24, photoRequired: true });
    expect(denied).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });

    const edited = await emu.call('test-admin', 'snapshot', 'upsertCategory', { code: 'bike_parking', name: '共享单车乱停', points: 4, slaHours: 48, photoRequired: true, kind: 'issue' });
    expect(edited).toMatchObject({ ok: true, data: { code: 'bike_parking', name: '共享单车乱停', points: 4, enabled: true } });
    const after = await emu.call('demo-worker-1', 'snapshot', 'categories', {});
    expect(after.data.map((c: { code: string }) => c.code)).toContain('bike_parking');
    const off = await emu.call('test-admin', 'snapshot', 'upsertCategory', { code: 'bike_parking', name: '共享单车乱停', points: 4, slaHours: 48, photoRequired: true, enabled: false });
    expect(off.data.enabled).toBe(false);
    expect((await emu.call('demo-worker-1', 'snapshot', 'categories', {})).data.map((c: { code: string }) => c.code)).not.toContain('bike_parking');
    const audit = (await db().collection('audit').where({ action: 'snapshot.upsertCategory' }).get()).data;
    expect(audit).toHaveLength(2);
  });
});

describe('settings', () => {
  it('gives the configured subscribe templates and an upload directory that does not name the person', async () => {
    const r = await emu.call('demo-worker-1', 'snapshot', 'settings', {});
    expect(r.data.templates).toEqual({ review: 'tmpl-review', progress: 'tmpl-progress', resolved: 'tmpl-resolved' });
    expect(r.data.uploadDir).toMatch(/^snapshot\/u[0-9a-f]{20}$/);
    expect(r.data.uploadDir).not.toContain('demo-worker-1');
    expect((await emu.call('demo-worker-2', 'snapshot', 'settings', {})).data.uploadDir).not.toBe(r.data.uploadDir);
  });
});

describe('the whole loop: submit → accept → dispatch → resolve → rate', () => {
  it('routes, pays on acceptance once, notifies each step and closes on the rating', async () => {
    const worker = await newUser('loop-worker');
    await emu.call(worker, 'user', 'updateProfile', { name: '黄小军' });
    expect(await balanceOf(worker)).toBe(0);

    const sub = await submit(worker, { subscribe: ['review', 'resolved'] });
    expect(sub.ok).toBe(true);
    const id = sub.data.id;
    expect(sub.data).toMatchObject({
      status: 'submitted',
      kind: 'issue',
      category: 'road_damage',
      categoryName: '道路破损',
      region: { level: 'grid', gridId: 'grid-hecheng-1', gridName: '荷城一网格', communityId: 'community-hecheng', communityName: '荷城社区' },
      mine: true,
      can: [],
    });
    expect(sub.data.photos).toHaveLength(1);
    expect(sub.data.photos[0].url).toMatch(/^http/);
    expect(await balanceOf(worker)).toBe(0);
    expect(await ledgerOf(worker)).toHaveLength(0);

    // The pushed verdict approves the photo.
    const approved = await until(() => reportDoc(id), (d) => d.photos[0].check === 'approved');
    expect(approved.photos[0].check).toBe('approved');

    // Staff see it in their queue and accept it: 10 points in the same transaction.
    const q = await emu.call('demo-staff-1', 'snapshot', 'queue', { status: 'submitted' });
    expect(q.data.items.map((i: { id: string }) => i.id)).toContain(id);
    const staffView = await emu.call('demo-staff-1', 'snapshot', 'get', { id });
    expect(staffView.data).toMatchObject({ reporter: { name: '黄小军' }, can: expect.arrayContaining(['accept', 'reject', 'duplicate']) });
    expect(staffView.data.photos).toHaveLength(1);

    const acc = await emu.call('demo-staff-1', 'snapshot', 'review', { id, decision: 'accept' });
    expect(acc).toMatchObject({ ok: true, data: { status: 'accepted', points: 10 } });
    expect(await balanceOf(worker)).toBe(10);
    expect(await ledgerOf(worker)).toEqual([expect.objectContaining({ _id: `award:${id}`, delta: 10, kind: 'award' })]);

    // Dispatch to the grid worker of 荷城一网格.
    const who = await emu.call('demo-staff-1', 'snapshot', 'assignees', { id });
    expect(who.data.map((a: { openid: string }) => a.openid)).toContain('demo-gridworker-1');
    expect(who.data.find((a: { openid: string }) => a.openid === 'demo-gridworker-1').grids).toEqual(['荷城一网格']);
    const dis = await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id, assignee: 'demo-gridworker-1', note: '请今天内处理' });
    expect(dis).toMatchObject({ ok: true, data: { status: 'dispatched', assigneeName: '周丽' } });
    const todo = await emu.call('demo-gridworker-1', 'snapshot', 'tasks', {});
    expect(todo.data.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(await balanceOf(worker)).toBe(10);

    // The grid worker resolves it with a photo.
    const fixedPhoto = await upload('demo-gridworker-1', 'after.jpg');
    const res = await emu.call('demo-gridworker-1', 'snapshot', 'resolve', { id, note: '已用沥青填补，设置了警示牌', photos: [fixedPhoto] });
    expect(res).toMatchObject({ ok: true, data: { status: 'resolved', resolution: { note: '已用沥青填补，设置了警示牌', byName: '周丽' } } });
    await until(() => reportDoc(id), (d) => d.resolution.photos[0].check === 'approved');

    // The reporter sees the result and rates it: closed, and the balance stays.
    const mine = await emu.call(worker, 'snapshot', 'get', { id });
    expect(mine.data).toMatchObject({ status: 'resolved', can: ['close', 'reopen'], reporter: null });
    expect(mine.data.resolution.photos).toHaveLength(1);
    const rated = await emu.call(worker, 'snapshot', 'rate', { id, score: 5, fixed: true, comment: '处理得很快，谢谢' });
    expect(rated).toMatchObject({ ok: true, data: { status: 'closed', rating: { score: 5, fixed: true, comment: '处理得很快，谢谢' } } });
    expect(await balanceOf(worker)).toBe(10);
    expect(await ledgerOf(worker)).toHaveLength(1);

    // The timeline names staff and the grid worker, and the reporter as 我.
    const tl = rated.data.timeline.map((t: { action: string; actor: { name: string } }) => [t.action, t.actor.name]);
    expect(tl).toEqual([
      ['submit', '我'],
      ['accept', '韦强'],
      ['dispatch', '韦强'],
      ['resolve', '周丽'],
      ['close', '我'],
    ]);
    expect(JSON.stringify(rated.data)).not.toContain('demo-staff-1');

    // One in-app message per status change for the reporter; the grid worker heard about the task.
    const msgs = await messagesOf(worker);
    expect(msgs.map((m) => m.title)).toEqual(
      expect.arrayContaining(['随手拍「道路破损」已受理', '随手拍「道路破损」已派单', '随手拍「道路破损」已处理完成', '随手拍「道路破损」已办结']),
    );
    expect(msgs).toHaveLength(4);
    expect((await messagesOf('demo-gridworker-1')).filter((m) => m.reportId === id).map((m) => m.title)).toEqual(['新的待办工单']);
    const list = await emu.call(worker, 'snapshot', 'messages', {});
    expect(list.data.unread).toBe(4);
    expect(list.data.items[0].title).toBe('随手拍「道路破损」已办结');
    expect((await emu.call(worker, 'snapshot', 'markRead', {})).data.unread).toBe(0);

    // Subscribe messages only for the templates the reporter accepted (review and resolved, not progress).
    const sent = await outboxFor(worker);
    expect(sent.map((s) => s.template_id).sort()).toEqual(['tmpl-resolved', 'tmpl-review']);
    expect(sent[0].page).toBe(`pkg-snapshot/detail/index?id=${id}`);
    expect(sent.find((s) => s.template_id === 'tmpl-review')!.data.thing1.value).toBe('道路破损');
  });

  it('reopens on 未解决, sends it back to the same grid worker, and pays nothing more', async () => {
    const worker = await newUser('reopen-worker');
    const { data } = await submit(worker, { category: 'streetlight', description: '金港大道 18 号门前路灯不亮' });
    const id = data.id;
    await emu.call('demo-staff-1', 'snapshot', 'review', { id, decision: 'accept' });
    await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id, assignee: 'demo-gridworker-1' });
    await emu.call('demo-gridworker-1', 'snapshot', 'resolve', { id, note: '已报修', photos: [await upload('demo-gridworker-1')] });
    expect(await balanceOf(worker)).toBe(5);

    const reopened = await emu.call(worker, 'snapshot', 'rate', { id, score: 1, fixed: false, comment: '晚上还是不亮' });
    expect(reopened).toMatchObject({ ok: true, data: { status: 'reopened', rating: { fixed: false } } });
    const stored = await reportDoc(id);
    expect(stored.assignee).toBe('demo-gridworker-1');
    expect(new Date(stored.dueAt).getTime()).toBeGreaterThan(Date.now() + 60 * 3600_000);
    const todo = await emu.call('demo-gridworker-1', 'snapshot', 'tasks', {});
    expect(todo.data.items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'reopened' });
    const told = (await messagesOf('demo-gridworker-1')).filter((m) => m.reportId === id).map((m) => m.title);
    expect(told).toContain('工单被退回');

    const again = await emu.call('demo-gridworker-1', 'snapshot', 'resolve', { id, note: '更换了灯泡，晚上已复查', photos: [await upload('demo-gridworker-1')] });
    expect(again.data.status).toBe('resolved');
    const closed = await emu.call(worker, 'snapshot', 'rate', { id, score: 4, fixed: true });
    expect(closed.data.status).toBe('closed');
    expect(closed.data.timeline.map((t: { action: string }) => t.action)).toEqual(['submit', 'accept', 'dispatch', 'resolve', 'reopen', 'resolve', 'close']);
    expect(await balanceOf(worker)).toBe(5);
    expect(await ledgerOf(worker)).toHaveLength(1);
  });
});

describe('illegal transitions', () => {
  it('refuses every step out of order with SNAPSHOT.BAD_STATE and changes nothing', async () => {
    const worker = await newUser('order-worker');
    const { data } = await submit(worker, { category: 'garbage', description: '菜市场后门垃圾堆放三天没人清理' });
    const id = data.id;
    const bad = async (openid: string, action: string, payload: Record<string, unknown>) => {
      const before = await reportDoc(id);
      const r = await emu.call(openid, 'snapshot', action, { id, ...payload });
      expect({ action, r }).toMatchObject({ action, r: { ok: false, error: { code: 'SNAPSHOT.BAD_STATE' } } });
      const after = await reportDoc(id);
      expect(after.status).toBe(before.status);
      expect(after.timeline).toHaveLength(before.timeline.length);
    };
    await bad('demo-staff-1', 'dispatch', { assignee: 'demo-gridworker-1' });
    await bad(worker, 'rate', { score: 5, fixed: true });

    await emu.call('demo-staff-1', 'snapshot', 'review', { id, decision: 'accept' });
    await bad('demo-staff-1', 'review', { decision: 'accept' });
    await bad('demo-staff-1', 'review', { decision: 'reject', reason: '不属实' });
    await bad(worker, 'rate', { score: 5, fixed: true });

    await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id, assignee: 'demo-gridworker-1' });
    await bad(worker, 'rate', { score: 3, fixed: false });
    await emu.call('demo-gridworker-1', 'snapshot', 'resolve', { id, note: '已清运', photos: [await upload('demo-gridworker-1')] });
    await bad('demo-gridworker-1', 'resolve', { note: '再次清运', photos: [await upload('demo-gridworker-1')] });
    // Another report's id (never this one: an id ending in 0 would be its own duplicate, a different refusal).
    await bad('demo-staff-1', 'review', { decision: 'duplicate', duplicateOf: id.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')) });

    await emu.call(worker, 'snapshot', 'rate', { id, score: 5, fixed: true });
    await bad(worker, 'rate', { score: 1, fixed: false });
    await bad('demo-staff-1', 'dispatch', { assignee: 'demo-gridworker-1' });
    expect(await ledgerOf(worker)).toHaveLength(1);

    // Not the assignee: refused as forbidden, not as a state problem.
    const other = await submit(worker, { category: 'garbage', description: '桥下垃圾' });
    await emu.call('demo-staff-1', 'snapshot', 'review', { id: other.data.id, decision: 'accept' });
    const r = await emu.call('demo-gridworker-1', 'snapshot', 'resolve', { id: other.data.id, note: '处理了', photos: [await upload('demo-gridworker-1')] });
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('lets exactly one of two staff accepting at once win, and pays once', async () => {
    await grantStaff('staff-hecheng-2', 'community-hecheng');
    for (let round = 0; round < 3; round++) {
      const worker = await newUser(`race-worker-${round}`);
      const { data } = await submit(worker, { category: 'manhole', description: '井盖不见了，很危险' });
      const [a, b] = await Promise.all([
        emu.call('demo-staff-1', 'snapshot', 'review', { id: data.id, decision: 'accept' }),
        emu.call('staff-hecheng-2', 'snapshot', 'review', { id: data.id, decision: 'accept' }),
      ]);
      const oks = [a, b].filter((x) => x.ok);
      const fails = [a, b].filter((x) => !x.ok);
      expect(oks).toHaveLength(1);
      expect(fails[0].error.code).toBe('SNAPSHOT.BAD_STATE');
      expect(await balanceOf(worker)).toBe(15);
      expect(await ledgerOf(worker)).toHaveLength(1);
      const doc = await reportDoc(data.id);
      expect(doc.timeline.filter((t: { action: string }) => t.action === 'accept')).toHaveLength(1);
      expect((await messagesOf(worker)).filter((m) => m.title.includes('已受理'))).toHaveLength(1);
    }
  });

  it('does not let staff review their own report', async () => {
    const { data } = await submit('demo-staff-1', { category: 'facility', description: '公交站座椅坏了' });
    const r = await emu.call('demo-staff-1', 'snapshot', 'review', { id: data.id, decision: 'accept' });
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});

describe('submit', () => {
  it('creates one report for a retried requestId', async () => {
    const worker = await newUser('retry-worker');
    const photo = await upload(worker);
    const payload = { kind: 'issue', category: 'occupation', description: '小区门口长期占道摆摊', photos: [photo], location: HECHENG_1, requestId: rid('retry') };
    const [a, b] = await Promise.all([emu.call(worker, 'snapshot', 'submit', payload), emu.call(worker, 'snapshot', 'submit', payload)]);
    const c = await emu.call(worker, 'snapshot', 'submit', payload);
    expect(a.ok && b.ok && c.ok).toBe(true);
    expect(new Set([a.data.id, b.data.id, c.data.id]).size).toBe(1);
    const docs = (await db().collection('reports').where({ reporter: worker }).get()).data;
    expect(docs).toHaveLength(1);
  });

  it('sends a report outside every grid to the district queue, which only admins work', async () => {
    const worker = await newUser('far-worker');
    const { data } = await submit(worker, { location: FAR_AWAY, description: '城郊公路边护栏被撞坏', category: 'facility' });
    expect(data.region).toMatchObject({ level: 'district', gridId: null, communityId: null });
    const staffQueue = await emu.call('demo-staff-1', 'snapshot', 'queue', {});
    expect(staffQueue.data.items.map((i: { id: string }) => i.id)).not.toContain(data.id);
    expect(await emu.call('demo-staff-1', 'snapshot', 'get', { id: data.id })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call('demo-staff-1', 'snapshot', 'queue', { communityId: 'district' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const adminQueue = await emu.call('test-admin', 'snapshot', 'queue', { communityId: 'district' });
    expect(adminQueue.data.items.map((i: { id: string }) => i.id)).toContain(data.id);
    expect(adminQueue.data.items.every((i: { region: { communityId: string | null } }) => i.region.communityId === null)).toBe(true);
    expect((await emu.call('test-admin', 'snapshot', 'review', { id: data.id, decision: 'accept' })).data.status).toBe('accepted');
    // Any grid worker may take a district report.
    const who = await emu.call('test-admin', 'snapshot', 'assignees', { id: data.id });
    expect(who.data.map((a: { openid: string }) => a.openid)).toContain('demo-gridworker-1');
  });

  it('routes a point just over the district line to the nearest community', async () => {
    const worker = await newUser('edge-worker');
    const { data } = await submit(worker, { location: { lat: 23.085, lng: 109.645 }, category: 'garbage', description: '路口垃圾桶满溢' });
    expect(data.region).toMatchObject({ level: 'community', communityId: 'community-jingang', gridId: null });
  });

  it('refuses bad input and writes nothing', async () => {
    const worker = await newUser('bad-input-worker');
    const photo = await upload(worker);
    const base = { kind: 'issue', category: 'road_damage', description: '路面塌陷', photos: [photo], location: HECHENG_1 };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ location: { lat: 0, lng: 0 } }, 'INPUT.INVALID', 'payload.location.lat'],
      [{ location: { lat: 23.1, lng: 200 } }, 'INPUT.INVALID', 'payload.location.lng'],
      [{ description: '坑'.repeat(501) }, 'INPUT.INVALID', 'payload.description'],
      [{ photos: Array.from({ length: 10 }, () => photo) }, 'INPUT.INVALID', 'payload.photos'],
      [{ photos: [] }, 'INPUT.INVALID', 'payload.photos'],
      [{ category: 'no_such_thing' }, 'INPUT.INVALID', 'payload.category'],
      [{ category: 'volunteer' }, 'INPUT.INVALID', 'payload.category'],
      [{ photos: [await upload('demo-worker-2')] }, 'INPUT.INVALID', 'payload.photos'],
      [{ kind: 'volunteer', category: 'volunteer' }, 'INPUT.INVALID', 'payload.hours'],
      [{ category: 'place_feedback', photos: [] }, 'INPUT.INVALID', 'payload.placeId'],
      [{ description: '这里有人聚众赌博，还在卖冰毒' }, 'CONTENT.RISKY', 'payload.description'],
    ];
    // Image verdicts of earlier tests land asynchronously (and write): wait until the database is
    // quiet and no function is running or queued (a verdict may wait for an instance).
    const running = () => emu.emulator.functions.totals().queued > 0 || Object.values(emu.emulator.functions.stats()).some((f) => f.busy > 0);
    for (let last = -1; last !== emu.emulator.db.writes() || running(); ) {
      last = emu.emulator.db.writes();
      await new Promise((r) => setTimeout(r, 400));
    }
    for (const [over, code, field] of cases) {
      const before = emu.emulator.db.writes();
      const r = await emu.call(worker, 'snapshot', 'submit', { ...base, requestId: rid('bad'), ...over });
      expect({ over, written: emu.emulator.db.writes() - before }).toEqual({ over, written: 0 });
      expect({ over, r }).toMatchObject({ over, r: { ok: false, error: { code, field } } });
      expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await db().collection('reports').where({ reporter: worker }).count()).total).toBe(0);
  });

  it('limits a worker to 20 reports a day', async () => {
    const worker = await newUser('busy-worker');
    for (let i = 0; i < 20; i++) {
      const r = await submit(worker, { category: 'other', photos: [], description: `第 ${i + 1} 条：路边广告牌松动` });
      expect(r.ok).toBe(true);
    }
    const r = await submit(worker, { category: 'other', photos: [], description: '第 21 条' });
    expect(r).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect((await db().collection('reports').where({ reporter: worker }).count()).total).toBe(20);
  });

  it('holds text that needs a human check back from other workers', async () => {
    const worker = await newUser('review-text-worker');
    const { data } = await submit(worker, { description: '路面坏了，详情加微信 abc123 私聊' });
    expect(data).toMatchObject({ description: '路面坏了，详情加微信 abc123 私聊', textUnderReview: true });
    const near = await emu.call('demo-worker-4', 'snapshot', 'nearby', { location: HECHENG_1, category: 'road_damage' });
    expect(near.data.find((n: { id: string }) => n.id === data.id).description).toBe('（描述正在审核中）');
  });
});

describe('photos and content checks', () => {
  it('shows a photo to others only once approved, and never a rejected one', async () => {
    const worker = await newUser('photo-worker');
    const good = await upload(worker, 'good.jpg');
    const bad = await upload(worker, 'risky.jpg');
    const { data } = await submit(worker, { photos: [good, bad], category: 'fire_hazard', description: '楼道堆满纸箱，堵住消防通道' });
    await until(() => reportDoc(data.id), (d) => d.photos.every((p: { check: string }) => p.check !== 'pending'));
    const own = await emu.call(worker, 'snapshot', 'get', { id: data.id });
    expect(own.data.photos.map((p: { check: string }) => p.check)).toEqual(['approved', 'rejected']);
    // What is stored, checked and served is the copy the function moved out of the upload directory.
    const [goodCopy] = own.data.photos.map((p: { fileID: string }) => p.fileID);
    expect(goodCopy).toMatch(/\/media\/[0-9a-f]{24}\/[^/]+-good\.jpg$/);
    expect(goodCopy).not.toBe(good);
    const staff = await emu.call('demo-staff-1', 'snapshot', 'get', { id: data.id });
    expect(staff.data.photos.map((p: { fileID: string }) => p.fileID)).toEqual([goodCopy]);
    expect(staff.data.hiddenPhotos).toBe(1);
    expect((await messagesOf(worker)).map((m) => m.title)).toContain('有一张照片未通过内容审核');
    const verdicts = (await db().collection('media_checks').where({ 'holder.id': data.id }).get()).data;
    expect(verdicts).toHaveLength(2);
  });

  it('refuses a risky rating comment and keeps the report as it was', async () => {
    const worker = await newUser('comment-worker');
    const { data } = await submit(worker, { category: 'traffic_hazard', description: '学校门口斑马线褪色' });
    await emu.call('demo-staff-1', 'snapshot', 'review', { id: data.id, decision: 'accept' });
    await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id: data.id, assignee: 'demo-gridworker-1' });
    await emu.call('demo-gridworker-1', 'snapshot', 'resolve', { id: data.id, note: '已重新划线', photos: [await upload('demo-gridworker-1')] });
    const r = await emu.call(worker, 'snapshot', 'rate', { id: data.id, score: 1, fixed: true, comment: '去赌场玩' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONTENT.RISKY', field: 'payload.comment' } });
    expect((await reportDoc(data.id)).status).toBe('resolved');
  });
});

describe('scopes and roles', () => {
  it('keeps staff of another community out of a report: no queue, no view, no action', async () => {
    await grantStaff('staff-shiyangtang', 'community-shiyangtang');
    const worker = await newUser('scope-worker');
    const { data } = await submit(worker, { category: 'garbage', description: '荷城路口垃圾堆放' });
    const other = 'staff-shiyangtang';
    const q = await emu.call(other, 'snapshot', 'queue', { status: 'all' });
    expect(q.data.items.map((i: { id: string }) => i.id)).not.toContain(data.id);
    for (const [action, payload] of [
      ['get', { id: data.id }],
      ['review', { id: data.id, decision: 'accept' }],
      ['review', { id: data.id, decision: 'reject', reason: '不在本社区' }],
      ['assignees', { id: data.id }],
      ['dispatch', { id: data.id, assignee: 'demo-gridworker-1' }],
      ['queue', { communityId: 'community-hecheng' }],
    ] as const) {
      const r = await emu.call(other, 'snapshot', action, payload);
      expect({ action, r }).toMatchObject({ action, r: { ok: false, error: { code: 'AUTH.FORBIDDEN' } } });
    }
    expect((await reportDoc(data.id)).status).toBe('submitted');

    // Their own community's reports are theirs.
    const theirs = await submit(worker, { location: SHIYANGTANG, category: 'garbage', description: '石羊塘市场垃圾' });
    const q2 = await emu.call(other, 'snapshot', 'queue', {});
    expect(q2.data.items.map((i: { id: string }) => i.id)).toContain(theirs.data.id);
    // … but demo-gridworker-1 (荷城) cannot be dispatched to it.
    await emu.call(other, 'snapshot', 'review', { id: theirs.data.id, decision: 'accept' });
    const wrong = await emu.call(other, 'snapshot', 'dispatch', { id: theirs.data.id, assignee: 'demo-gridworker-1' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.assignee' } });
  });

  it('does not let a worker review, dispatch, resolve or see the queue', async () => {
    const worker = await newUser('nosy-worker');
    const { data } = await submit('demo-worker-3', { category: 'garbage', description: '港宁路垃圾' });
    for (const [action, payload] of [
      ['review', { id: data.id, decision: 'accept' }],
      ['dispatch', { id: data.id, assignee: 'demo-gridworker-1' }],
      ['resolve', { id: data.id, note: '好了', photos: [await upload(worker)] }],
      ['queue', {}],
      ['tasks', {}],
      ['get', { id: data.id }],
    ] as const) {
      const r = await emu.call(worker, 'snapshot', action, payload);
      expect({ action, r }).toMatchObject({ action, r: { ok: false, error: { code: 'AUTH.FORBIDDEN' } } });
    }
    expect((await reportDoc(data.id)).status).toBe('submitted');
    expect((await ledgerOf('demo-worker-3')).filter((e) => e.ref?.id === data.id)).toHaveLength(0);
  });
});

describe('nearby and 我也遇到了', () => {
  it('shows open reports of the category nearby, counts 我也遇到了 once per person, and never who', async () => {
    const { data } = await submit('demo-worker-1', { category: 'manhole', description: '朝阳路 3 号门口井盖缺失', location: { lat: 23.1105, lng: 109.5652 } });
    const near = await emu.call('demo-worker-5', 'snapshot', 'nearby', { location: { lat: 23.1109, lng: 109.5652 }, category: 'manhole' });
    const item = near.data.find((n: { id: string }) => n.id === data.id);
    expect(item).toMatchObject({ categoryName: '井盖缺失', mine: false, meTooByMe: false, meTooCount: 0 });
    expect(item.distance).toBeGreaterThan(30);
    expect(item.distance).toBeLessThan(60);
    expect(JSON.stringify(near.data)).not.toContain('demo-worker-1');
    // Another category or too far: not offered.
    expect((await emu.call('demo-worker-5', 'snapshot', 'nearby', { location: { lat: 23.1109, lng: 109.5652 }, category: 'garbage' })).data.map((n: { id: string }) => n.id)).not.toContain(data.id);
    expect((await emu.call('demo-worker-5', 'snapshot', 'nearby', { location: { lat: 23.125, lng: 109.5652 }, category: 'manhole' })).data.map((n: { id: string }) => n.id)).not.toContain(data.id);

    // Without joining, another worker cannot open it.
    expect(await emu.call('demo-worker-5', 'snapshot', 'get', { id: data.id })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect((await emu.call('demo-worker-5', 'snapshot', 'meToo', { id: data.id })).data).toEqual({ id: data.id, meTooCount: 1, meTooByMe: true });
    expect((await emu.call('demo-worker-5', 'snapshot', 'meToo', { id: data.id })).data.meTooCount).toBe(1);
    expect((await emu.call('demo-worker-4', 'snapshot', 'meToo', { id: data.id })).data.meTooCount).toBe(2);
    expect(await emu.call('demo-worker-1', 'snapshot', 'meToo', { id: data.id })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    const joined = await emu.call('demo-worker-5', 'snapshot', 'get', { id: data.id });
    expect(joined.data).toMatchObject({ meTooCount: 2, meTooByMe: true, mine: false, reporter: null });
    expect(joined.data.timeline[0].actor.name).toBe('上报人');
    expect(JSON.stringify(joined.data)).not.toMatch(/demo-worker-[14]/);
    // The reporter sees the count, not who.
    const own = await emu.call('demo-worker-1', 'snapshot', 'get', { id: data.id });
    expect(own.data.meTooCount).toBe(2);
    expect(JSON.stringify(own.data)).not.toMatch(/demo-worker-[45]/);
  });
});

describe('volunteer records', () => {
  it('staff verify by hours (points per the rules) or reject with a reason', async () => {
    const worker = await newUser('volunteer-worker');
    const v = await submit(worker, { kind: 'volunteer', category: 'volunteer', hours: 2.5, activity: '交通劝导', description: '在荷城小学门口协助交警疏导上学车流' });
    expect(v).toMatchObject({ ok: true, data: { kind: 'volunteer', status: 'submitted', hours: 2.5, activity: '交通劝导' } });
    const q = await emu.call('demo-staff-1', 'snapshot', 'queue', { kind: 'volunteer' });
    expect(q.data.items.map((i: { id: string }) => i.id)).toContain(v.data.id);
    expect((await emu.call('demo-staff-1', 'snapshot', 'review', { id: v.data.id, decision: 'duplicate', duplicateOf: v.data.id.replace(/.$/, 'x') })).error.code).toBe('SNAPSHOT.BAD_STATE');
    const ok = await emu.call('demo-staff-1', 'snapshot', 'review', { id: v.data.id, decision: 'accept' });
    expect(ok).toMatchObject({ ok: true, data: { status: 'verified', points: 25 } });
    expect(await ledgerOf(worker)).toEqual([expect.objectContaining({ _id: `volunteer:${v.data.id}`, delta: 25, kind: 'volunteer' })]);
    expect(await balanceOf(worker)).toBe(25);
    expect(await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id: v.data.id, assignee: 'demo-gridworker-1' })).toMatchObject({ ok: false, error: { code: 'SNAPSHOT.BAD_STATE' } });

    const v2 = await submit(worker, { kind: 'volunteer', category: 'volunteer', hours: 1, activity: '环境清洁', description: '清理河边垃圾' });
    const no = await emu.call('demo-staff-1', 'snapshot', 'review', { id: v2.data.id, decision: 'reject', reason: '照片无法证明服务内容，请补充现场照片' });
    expect(no).toMatchObject({ ok: true, data: { status: 'rejected', rejectReason: '照片无法证明服务内容，请补充现场照片' } });
    expect(await balanceOf(worker)).toBe(25);
    expect((await messagesOf(worker)).map((m) => m.title)).toEqual(expect.arrayContaining(['志愿服务「交通劝导」已认定', '志愿服务「环境清洁」未通过审核']));
  });
});

describe('place feedback', () => {
  it('routes feedback to the place community and lets its owner read it without the reporter', async () => {
    await db().collection('places').add({
      _id: 'place-snapshot-test',
      type: 'merchant',
      name: '石羊塘老黄茶饮',
      ownerOpenid: 'demo-merchant-1',
      communityId: 'community-shiyangtang',
      gridId: 'grid-shiyangtang-2',
      status: 'approved',
      location: new (db().Geo.Point)(109.625, 23.112),
    });
    const { data } = await submit('demo-worker-2', { category: 'place_feedback', placeId: 'place-snapshot-test', photos: [], description: '说好的免费饮水，店员说没有了', location: HECHENG_1 });
    expect(data).toMatchObject({ place: { id: 'place-snapshot-test', name: '石羊塘老黄茶饮' }, region: { communityId: 'community-shiyangtang', gridId: 'grid-shiyangtang-2' } });
    const list = await emu.call('demo-merchant-1', 'snapshot', 'placeFeedback', {});
    expect(list.data.items[0].id).toBe(data.id);
    const seen = await emu.call('demo-merchant-1', 'snapshot', 'get', { id: data.id });
    expect(seen.data).toMatchObject({ description: '说好的免费饮水，店员说没有了', reporter: null, can: [] });
    expect(JSON.stringify(seen.data)).not.toContain('demo-worker-2');
    expect(await emu.call('demo-staff-1', 'snapshot', 'get', { id: data.id })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call('demo-worker-1', 'snapshot', 'placeFeedback', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});

describe('lists', () => {
  it('pages my reports newest first with a cursor, and filters open and done', async () => {
    const worker = await newUser('list-worker');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submit(worker, { category: 'other', photos: [], description: `第 ${i} 条` })).data.id);
    await emu.call('demo-staff-1', 'snapshot', 'review', { id: ids[0], decision: 'reject', reason: '信息不全' });
    const p1 = await emu.call(worker, 'snapshot', 'listMine', { pageSize: 2 });
    const p2 = await emu.call(worker, 'snapshot', 'listMine', { pageSize: 2, cursor: p1.data.nextCursor });
    const p3 = await emu.call(worker, 'snapshot', 'listMine', { pageSize: 2, cursor: p2.data.nextCursor });
    expect([...p1.data.items, ...p2.data.items, ...p3.data.items].map((i: { id: string }) => i.id)).toEqual([...ids].reverse());
    expect(p3.data.nextCursor).toBeNull();
    expect((await emu.call(worker, 'snapshot', 'listMine', { status: 'done' })).data.items.map((i: { id: string }) => i.id)).toEqual([ids[0]]);
    expect((await emu.call(worker, 'snapshot', 'listMine', { status: 'open' })).data.items).toHaveLength(4);
    expect(await emu.call(worker, 'snapshot', 'listMine', { cursor: 'garbage' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });

  it('puts overdue reports first in the staff queue and filters by overdue and category', async () => {
    const worker = await newUser('overdue-worker');
    const late = await submit(worker, { category: 'need_help', photos: [], description: '桥洞下有位老人需要帮助' });
    // Its SLA passed long ago: move its deadline far into the past.
    await db().collection('reports').doc(late.data.id).update({ dueAt: new Date(Date.now() - 90 * 86_400_000) });
    const q = await emu.call('demo-staff-1', 'snapshot', 'queue', {});
    expect(q.data.items[0]).toMatchObject({ id: late.data.id, overdue: true });
    const overdue = await emu.call('demo-staff-1', 'snapshot', 'queue', { overdue: true });
    expect(overdue.data.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    expect(overdue.data.items.map((i: { id: string }) => i.id)).toContain(late.data.id);
    const cat = await emu.call('demo-staff-1', 'snapshot', 'queue', { category: 'need_help' });
    expect(cat.data.items.length).toBeGreaterThan(0);
    expect(cat.data.items.map((i: { id: string }) => i.id)).toContain(late.data.id);
    expect(cat.data.items.every((i: { category: string }) => i.category === 'need_help')).toBe(true);
    // A volunteer record past its deadline waits for a verdict, not a fix: not in the overdue count,
    // which is the number of reports the overdue list (the tile opens it) shows.
    const record = await submit(worker, { kind: 'volunteer', category: 'volunteer', hours: 1, activity: '交通劝导', description: '在路口协助疏导车流' });
    await db().collection('reports').doc(record.data.id).update({ dueAt: new Date(Date.now() - 90 * 86_400_000) });
    const overdueList: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await emu.call('demo-staff-1', 'snapshot', 'queue', { kind: 'issue', status: 'open', overdue: true, ...(cursor ? { cursor } : {}) });
      overdueList.push(...page.data.items.map((i: { id: string }) => i.id));
      cursor = page.data.nextCursor ?? undefined;
    } while (cursor);
    expect(overdueList).not.toContain(record.data.id);
    expect((await emu.call('demo-staff-1', 'snapshot', 'queueCounts', {})).data.overdue).toBe(overdueList.length);
    // The counts equal a recount of the staff member's community, done here from the raw documents.
    const all = (await db().collection('reports').where({ communityId: 'community-hecheng' }).limit(1000).get()).data as Array<{ status: string; kind: string; dueAt: Date }>;
    const open = all.filter((r) => ['submitted', 'accepted', 'dispatched', 'reopened'].includes(r.status));
    const counts = await emu.call('demo-staff-1', 'snapshot', 'queueCounts', {});
    expect(counts.data).toEqual({
      submitted: open.filter((r) => r.status === 'submitted' && r.kind === 'issue').length,
      overdue: open.filter((r) => r.kind === 'issue' && new Date(r.dueAt).getTime() < Date.now()).length,
      reopened: open.filter((r) => r.status === 'reopened').length,
      volunteer: open.filter((r) => r.status === 'submitted' && r.kind === 'volunteer').length,
    });
    expect(counts.data.overdue).toBeGreaterThanOrEqual(1);
  });
});
