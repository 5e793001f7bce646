// A text check that cannot answer never fails the user's action: with WeChat's msgSecCheck failing
// (injected at the emulator's `wx.openApi`), report submit, resolve, rating, place apply, place edit
// and reward edit all succeed, and the text is held for review — not shown to others.
import { uploadDirFor } from '../../cloudfunctions/shared/domain/report';
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(90_000);

let emu: TestEmulator;
const REPORTER = 'tcf-reporter';
const NEIGHBOUR = 'tcf-neighbour';
const APPLICANT = 'tcf-applicant';
const STAFF = 'demo-staff-1';
const GRID = 'demo-gridworker-1';
const MERCHANT = 'demo-merchant-1';
const MERCHANT_PLACE = 'place-demo-merchant-1';
const HECHENG_1 = { lat: 23.112, lng: 109.565 };
const db = () => emu.app.database();
const doc = async (collection: string, id: string) => (await db().collection(collection).doc(id).get()).data[0] as Record<string, any>;

beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
  for (const u of [REPORTER, NEIGHBOUR, APPLICANT, STAFF, GRID, MERCHANT, 'test-admin']) await emu.call(u, 'user', 'login', {});
}, 120_000);
afterAll(() => emu.close());

let seq = 0;
async function upload(openid: string): Promise<string> {
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(`${uploadDirFor(openid)}/tcf-${++seq}.jpg`)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid, 'content-type': 'image/jpeg' },
    body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]),
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

/** Runs `action` while every msgSecCheck fails at CloudBase, and checks the failure really happened. */
async function whileTextCheckFails<T>(action: () => Promise<T>): Promise<T> {
  emu.emulator.faults.add({ action: 'wx.openApi', apiName: 'security.msgSecCheck', kind: 'error', code: 'SYS_ERR', times: 100 });
  try {
    const out = await action();
    expect(emu.emulator.faults.hits).toBeGreaterThan(0);
    return out;
  } finally {
    emu.emulator.faults.clear();
  }
}

describe('随手拍 while the text check fails', () => {
  let id = '';

  it('report submit succeeds; the description is held from other workers', async () => {
    const description = '荷城路口井盖松动，踩上去会响';
    const photo = await upload(REPORTER);
    const r = await whileTextCheckFails(() =>
      emu.call(REPORTER, 'snapshot', 'submit', { kind: 'issue', category: 'road_damage', description, photos: [photo], location: HECHENG_1, requestId: 'tcf-submit-1' }),
    );
    expect(r).toMatchObject({ ok: true, data: { description, textUnderReview: true } });
    id = r.data.id;
    expect((await doc('reports', id)).textCheck).toBe('review');
    const near = await emu.call(NEIGHBOUR, 'snapshot', 'nearby', { location: HECHENG_1, category: 'road_damage' });
    const item = near.data.find((n: { id: string }) => n.id === id);
    expect(item.description).toBe('（描述正在审核中）');
    // The neighbour joins the report (我也遇到了), so they follow it — and see what others may see.
    expect((await emu.call(NEIGHBOUR, 'snapshot', 'meToo', { id })).ok).toBe(true);
  });

  it('resolve succeeds; the note is held from a worker who joined the report', async () => {
    expect((await emu.call(STAFF, 'snapshot', 'review', { id, decision: 'accept' })).ok).toBe(true);
    expect((await emu.call(STAFF, 'snapshot', 'dispatch', { id, assignee: GRID })).ok).toBe(true);
    const note = '已更换井盖并加固';
    const photo = await upload(GRID);
    const r = await whileTextCheckFails(() => emu.call(GRID, 'snapshot', 'resolve', { id, note, photos: [photo] }));
    expect(r).toMatchObject({ ok: true, data: { status: 'resolved' } });
    expect((await doc('reports', id)).resolution).toMatchObject({ note, textCheck: 'review' });
    const seen = await emu.call(NEIGHBOUR, 'snapshot', 'get', { id });
    expect(seen.data.resolution.note).toBe('（描述正在审核中）');
  });

  it('rating succeeds; the comment is kept but not passed on to the grid worker', async () => {
    const comment = '修得很快，谢谢师傅';
    const r = await whileTextCheckFails(() => emu.call(REPORTER, 'snapshot', 'rate', { id, score: 5, fixed: true, comment }));
    expect(r).toMatchObject({ ok: true, data: { status: 'closed', rating: { comment } } });
    expect((await doc('reports', id)).rating).toMatchObject({ comment, textCheck: 'review' });
    const grid = await emu.call(GRID, 'snapshot', 'get', { id });
    expect(JSON.stringify(grid.data)).not.toContain(comment);
  });
});

describe('places while the text check fails', () => {
  it('place apply succeeds and the application is flagged for a person to read', async () => {
    const licence = await upload(APPLICANT);
    const r = await whileTextCheckFails(() =>
      emu.call(APPLICANT, 'place', 'apply', {
        name: '阿强修车铺',
        address: '港北区荷城路 88 号',
        phone: '13900002222',
        location: { lat: 23.112, lng: 109.583 },
        services: ['repair'],
        offers: [{ title: '骑手补胎八折', detail: '' }],
        hours: { weekly: Array.from({ length: 7 }, () => [{ open: '08:00', close: '20:00' }]) },
        licencePhoto: licence,
        requestId: 'tcf-apply-1',
      }),
    );
    expect(r).toMatchObject({ ok: true, data: { status: 'pending' } });
    expect((await doc('places', r.data.id)).contentFlag).toBe('review');
  });

  it('place edit succeeds; new offers wait for review instead of going live', async () => {
    const before = (await emu.call(NEIGHBOUR, 'place', 'get', { id: MERCHANT_PLACE })).data.offers;
    const offers = [{ title: '骑手歇脚免费热水', detail: '' }];
    const r = await whileTextCheckFails(() => emu.call(MERCHANT, 'place', 'update', { id: MERCHANT_PLACE, offers }));
    expect(r).toMatchObject({ ok: true, data: { pendingChange: { offers: [{ title: '骑手歇脚免费热水' }] } } });
    expect((await doc('places', MERCHANT_PLACE)).contentFlag).toBe('review');
    expect((await emu.call(NEIGHBOUR, 'place', 'get', { id: MERCHANT_PLACE })).data.offers).toEqual(before);
  });
});

describe('rewards while the text check fails', () => {
  it('a merchant’s reward edit succeeds and waits for staff before workers see it', async () => {
    const made = await emu.call(MERCHANT, 'points', 'upsertReward', { requestId: 'tcf-reward-1', title: '免费加蛋', description: '', cost: 20, stock: 5, perUserLimit: 0, placeId: MERCHANT_PLACE, validDays: 7 });
    expect(made).toMatchObject({ ok: true, data: { status: 'pending' } });
    expect((await emu.call(STAFF, 'points', 'reviewReward', { id: made.data.id, decision: 'approve' })).data.status).toBe('active');
    const r = await whileTextCheckFails(() =>
      emu.call(MERCHANT, 'points', 'upsertReward', { id: made.data.id, title: '免费加蛋加肉', description: '', cost: 20, stock: 5, perUserLimit: 0, placeId: MERCHANT_PLACE, validDays: 7 }),
    );
    expect(r).toMatchObject({ ok: true, data: { status: 'pending', title: '免费加蛋加肉' } });
    const listed = (await emu.call(NEIGHBOUR, 'points', 'rewards', { pageSize: 50 })).data.items.map((i: { title: string }) => i.title);
    expect(listed).not.toContain('免费加蛋加肉');
  });
});
