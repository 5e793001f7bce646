// Issue 11 items 1–3 and issue 15 item 10: attacks on images and files, made through the calls the app
// makes (gateway with x-wx-openid, the upload route, the SDK), each now refused with nothing written —
// and the staff image-review queue for photos whose automatic check could not be requested.
import { uploadDirFor } from '../../cloudfunctions/shared/domain/uploads';
import { fireTimer } from '../../emulator/functions/timers';
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { TINY_JPEG, TINY_PNG } from '../helpers/images';

jest.setTimeout(120_000);

let emu: TestEmulator;
const HECHENG_1 = { lat: 23.112, lng: 109.565 };
const IN_HECHENG = { lat: 23.112, lng: 109.583 };
const hours = { weekly: Array.from({ length: 7 }, () => [{ open: '08:00', close: '22:00' }]) };
let seq = 0;
const rid = (tag: string) => `${tag}-${Date.now().toString(36)}-${++seq}`;
const db = () => emu.app.database();

beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
  for (const u of ['sf-worker', 'sf-other', 'sf-shop', 'sf-staff-syt', 'test-admin']) await emu.call(u, 'user', 'login', {});
  await emu.call('test-admin', 'admin', 'grantRole', { openid: 'sf-staff-syt', role: 'staff', scope: ['community-shiyangtang'] });
}, 120_000);
afterAll(() => emu.close());

async function upload(openid: string, name: string, bytes: Buffer = /\.png$/.test(name) ? TINY_PNG : TINY_JPEG): Promise<{ fileID: string; path: string }> {
  const path = `${uploadDirFor(openid)}/${Date.now()}-${++seq}-${name}`;
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(path)}`, { method: 'POST', headers: { 'x-wx-openid': openid }, body: new Uint8Array(bytes) });
  expect(res.status).toBe(200);
  return { fileID: ((await res.json()) as { fileID: string }).fileID, path };
}

const submit = (openid: string, photos: string[], over: Record<string, unknown> = {}) =>
  emu.call(openid, 'snapshot', 'submit', { kind: 'issue', category: 'road_damage', description: '人民路口有一个大坑，电动车容易摔倒', location: HECHENG_1, requestId: rid('sf'), photos, ...over });

const reportDoc = async (id: string) => (await db().collection('reports').doc(id).get()).data[0] as Record<string, any>;

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('forged image verdicts (11.1)', () => {
  it('a worker who knows a trace id cannot flip a rejected photo through wxmessage', async () => {
    const bad = await upload('sf-worker', 'risky.jpg');
    const { data } = await submit('sf-worker', [bad.fileID]);
    const report = await until(() => reportDoc(data.id), (d) => d.photos[0].check === 'rejected');
    const traceId = report.photos[0].traceId as string;
    expect(traceId).toBeTruthy();
    const before = emu.emulator.db.writes();
    const forged = await emu.callRaw('sf-worker', 'wxmessage', { MsgType: 'event', Event: 'wxa_media_check', trace_id: traceId, result: { suggest: 'pass', label: 100 }, version: 2 });
    expect(forged).toMatchObject({ status: 403, body: { ok: false, error: { code: 'PERMISSION_DENIED' } } });
    expect(emu.emulator.db.writes()).toBe(before);
    expect((await reportDoc(data.id)).photos[0].check).toBe('rejected');
  });

  it('no reply and no export carries a trace id or another person\'s openid', async () => {
    const p = await upload('sf-worker', 'fine.jpg');
    const { data } = await submit('sf-worker', [p.fileID]);
    await until(() => reportDoc(data.id), (d) => d.photos[0].check === 'approved');
    await emu.call('demo-staff-1', 'snapshot', 'review', { id: data.id, decision: 'accept' });
    await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id: data.id, assignee: 'demo-gridworker-1' });
    const fix = await upload('demo-gridworker-1', 'after.jpg');
    expect(await emu.call('demo-gridworker-1', 'snapshot', 'resolve', { id: data.id, note: '已修补', photos: [fix.fileID] })).toMatchObject({ ok: true });
    await until(() => reportDoc(data.id), (d) => d.resolution.photos[0].check === 'approved');
    const view = await emu.call('sf-worker', 'snapshot', 'get', { id: data.id });
    expect(JSON.stringify(view)).not.toMatch(/traceId|trace_id/);

    // A place application reviewed by staff: the export names no reviewer.
    const licence = await upload('sf-shop', 'licence.png');
    const applied = await emu.call('sf-shop', 'place', 'apply', { name: '小周便利店', address: '荷城路 8 号', phone: '13900002222', location: IN_HECHENG, services: ['water'], offers: [], hours, licencePhoto: licence.fileID, requestId: rid('apply') });
    expect(applied).toMatchObject({ ok: true });
    await until(() => db().collection('places').doc(applied.data.id).get().then((r) => r.data[0]), (d: any) => d.imageChecks.every((c: any) => c.check !== 'pending'));
    expect(await emu.call('demo-staff-1', 'place', 'review', { id: applied.data.id, decision: 'reject', reason: '营业执照不清晰' })).toMatchObject({ ok: true });

    for (const who of ['sf-worker', 'sf-shop']) {
      const exp = await emu.call(who, 'user', 'exportMine', {});
      expect(exp).toMatchObject({ ok: true });
      const text = await (await fetch(exp.data.url)).text();
      expect(text).not.toMatch(/traceId|trace_id/);
      for (const other of ['demo-staff-1', 'demo-gridworker-1', 'demo-admin', 'test-admin']) expect([who, text.includes(other)]).toEqual([who, false]);
    }
  });
});

describe('photo swapped after approval (11.2)', () => {
  it('moves the photo to media/ on submit; re-uploading the original path changes nothing others see', async () => {
    const original = await upload('sf-worker', 'pothole.jpg', TINY_JPEG);
    const { data } = await submit('sf-worker', [original.fileID]);
    const stored = data.photos[0].fileID as string;
    expect(stored).toMatch(/^cloud:\/\/[^/]+\/media\/[0-9a-f]{24}\/[^/]+-pothole\.jpg$/);
    await until(() => reportDoc(data.id), (d) => d.photos[0].check === 'approved');
    // The upload is gone from the upload directory; the uploader puts other bytes there.
    expect(await emu.emulator.storage.exists(original.path)).toBe(false);
    const swap = Buffer.concat([TINY_JPEG, Buffer.from('something else entirely')]);
    const again = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(original.path)}`, { method: 'POST', headers: { 'x-wx-openid': 'sf-worker' }, body: new Uint8Array(swap) });
    expect(again.status).toBe(200);
    // Nor can they write the moved copy.
    const mediaPath = stored.replace(/^cloud:\/\/[^/]+\//, '');
    const direct = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(mediaPath)}`, { method: 'POST', headers: { 'x-wx-openid': 'sf-worker' }, body: new Uint8Array(swap) });
    expect(direct.status).toBe(403);
    const staff = await emu.call('demo-staff-1', 'snapshot', 'get', { id: data.id });
    expect(staff.data.photos.map((p: { fileID: string }) => p.fileID)).toEqual([stored]);
    const served = Buffer.from(await (await fetch(staff.data.photos[0].url)).arrayBuffer());
    expect(served.equals(TINY_JPEG)).toBe(true);
  });

  it('a submit retried after a failed write finds its already-moved photo; a photo that is gone is refused in Chinese with nothing written', async () => {
    const p = await upload('sf-worker', 'retry.jpg');
    const requestId = rid('retry');
    // The photo is moved, then the report's write fails: the worker's retry must still go through.
    emu.emulator.faults.add({ action: 'database.*', collection: 'reports', transactional: true, kind: 'error', times: 1 });
    const first = await submit('sf-worker', [p.fileID], { requestId });
    expect(first.ok).toBe(false);
    expect(await emu.emulator.storage.exists(p.path)).toBe(false);
    const second = await submit('sf-worker', [p.fileID], { requestId });
    expect(second).toMatchObject({ ok: true, data: { photos: [{ fileID: expect.stringMatching(/\/media\/[0-9a-f]{24}\/[^/]+-retry\.jpg$/) }] } });
    const before = emu.emulator.db.writes();
    const gone = await submit('sf-worker', [`cloud://local-env.local-bucket-1300000000/${uploadDirFor('sf-worker')}/never-uploaded.jpg`]);
    expect(gone).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.photos', message: expect.stringMatching(/照片/) } });
    expect(emu.emulator.db.writes()).toBe(before);
  });

  it('a place photo goes through the same check: a risky one is shown to its owner and staff, never to workers', async () => {
    const licence = await upload('sf-shop', 'licence-2.png');
    const good = await upload('sf-shop', 'shopfront.png');
    const bad = await upload('sf-shop', 'risky-sign.png');
    const r = await emu.call('sf-shop', 'place', 'apply', { name: '阿周修车', address: '荷城路 9 号', phone: '13900003333', location: IN_HECHENG, services: ['repair'], offers: [], hours, licencePhoto: licence.fileID, photos: [good.fileID, bad.fileID], requestId: rid('apply') });
    expect(r).toMatchObject({ ok: true });
    const [goodCopy, badCopy] = r.data.photos.map((x: { fileID: string }) => x.fileID);
    for (const id of [goodCopy, badCopy, r.data.licencePhoto.fileID]) expect(id).toMatch(/\/media\/[0-9a-f]{24}\//);
    await until(() => db().collection('places').doc(r.data.id).get().then((x) => x.data[0]), (d: any) => d.imageChecks.every((c: any) => c.check !== 'pending'));
    expect(await emu.call('demo-staff-1', 'place', 'review', { id: r.data.id, decision: 'approve' })).toMatchObject({ ok: true });
    const asWorker = await emu.call('sf-worker', 'place', 'get', { id: r.data.id });
    expect(asWorker.data.photos.map((x: { fileID: string }) => x.fileID)).toEqual([goodCopy]);
    expect(JSON.stringify(asWorker)).not.toContain(badCopy);
    const asOwner = await emu.call('sf-shop', 'place', 'get', { id: r.data.id });
    expect(asOwner.data.photos.map((x: { fileID: string }) => x.fileID)).toEqual([goodCopy, badCopy]);
    // Sending back what the place already has is fine; someone else's upload is not.
    const other = await upload('sf-other', 'not-mine.png');
    const before = emu.emulator.db.writes();
    expect(await emu.call('sf-shop', 'place', 'update', { id: r.data.id, photos: [goodCopy, other.fileID] })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.photos' } });
    expect(emu.emulator.db.writes()).toBe(before);
    expect(await emu.call('sf-shop', 'place', 'update', { id: r.data.id, photos: [goodCopy] })).toMatchObject({ ok: true });
  });

  it('a reward image reaches workers only once approved', async () => {
    const img = await upload('demo-staff-1', 'reward.png');
    const r = await emu.call('demo-staff-1', 'points', 'upsertReward', { requestId: rid('rw'), title: '矿泉水一瓶', description: '', cost: 5, stock: 10, perUserLimit: 0, placeId: 'place-demo-merchant-1', validDays: 7, image: img.fileID });
    expect(r).toMatchObject({ ok: true });
    expect(r.data.image.fileID).toMatch(/\/media\/[0-9a-f]{24}\/[^/]+-reward\.png$/);
    await until(() => db().collection('rewards').doc(r.data.id).get().then((x) => x.data[0]), (d: any) => d.imageCheck.check === 'approved');
    const list = await emu.call('sf-worker', 'points', 'rewards', { pageSize: 50 });
    expect(list.data.items.find((x: { id: string }) => x.id === r.data.id).image.fileID).toBe(r.data.image.fileID);

    const risky = await upload('demo-staff-1', 'risky-reward.png');
    const r2 = await emu.call('demo-staff-1', 'points', 'upsertReward', { requestId: rid('rw'), title: '雨衣一件', description: '', cost: 5, stock: 10, perUserLimit: 0, placeId: 'place-demo-merchant-1', validDays: 7, image: risky.fileID });
    await until(() => db().collection('rewards').doc(r2.data.id).get().then((x) => x.data[0]), (d: any) => d.imageCheck.check === 'rejected');
    const list2 = await emu.call('sf-worker', 'points', 'rewards', { pageSize: 50 });
    expect(list2.data.items.find((x: { id: string }) => x.id === r2.data.id).image).toBeNull();
  });
});

describe('any stored file can be signed (11.3)', () => {
  it('a reward image must be the caller\'s own upload: no signed URL and no existence oracle for others\' files', async () => {
    const exp = await emu.call('demo-staff-1', 'stats', 'export', { kind: 'reports' });
    expect(exp).toMatchObject({ ok: true });
    const stranger = await upload('sf-other', 'stranger.png');
    const targets = [
      exp.data.fileID, // a staff member's community export
      stranger.fileID, // another person's upload
      `cloud://local-env.local-bucket-1300000000/exports/${'0'.repeat(32)}/reports-x.csv`, // a file that does not exist
    ];
    const replies = [];
    for (const image of targets) {
      const before = emu.emulator.db.writes();
      const r = await emu.call('demo-merchant-1', 'points', 'upsertReward', { requestId: rid('steal'), title: '偷来的图', description: '', cost: 5, stock: 1, perUserLimit: 0, placeId: 'place-demo-merchant-1', validDays: 3, image });
      expect(emu.emulator.db.writes()).toBe(before);
      replies.push(r);
    }
    // The same refusal whether the file exists or not.
    for (const r of replies) expect(r).toEqual({ ok: false, error: { code: 'INPUT.INVALID', message: '图片需由本人在小程序内拍摄或上传', field: 'payload.image' } });
    expect(await emu.emulator.storage.exists(stranger.path)).toBe(true);
  });

  it('export files have unguessable names that name no one, and the file timer deletes them soon after', async () => {
    const exp = await emu.call('demo-staff-1', 'stats', 'export', { kind: 'reports' });
    const mine = await emu.call('sf-worker', 'user', 'exportMine', {});
    for (const e of [exp, mine]) {
      expect(e.data.fileID).toMatch(/\/exports\/[0-9a-f]{32}\/[^/]+$/);
      expect(e.data.fileID).not.toMatch(/demo-staff-1|sf-worker/);
      expect((await fetch(e.data.url)).status).toBe(200);
    }
    // No client can fetch an export by its path: reads of exports/ are not granted by the storage rules,
    // and the link handed out expires in minutes.
    expect(new URL(mine.data.url).searchParams.get('t')! < String(Math.floor(Date.now() / 1000) + 11 * 60)).toBe(true);
    // Clients cannot run the cleanup.
    expect((await emu.callRaw('demo-admin', 'filejobs', {})).body.error.code).toBe('PERMISSION_DENIED');
    // Before their time the timer leaves them; after it, they are gone.
    await fireTimer(emu.emulator.functions, { functionName: 'filejobs', name: 'filejobs-every-5-min' });
    const path = (id: string) => id.replace(/^cloud:\/\/[^/]+\//, '');
    expect(await emu.emulator.storage.exists(path(mine.data.fileID))).toBe(true);
    await db().collection('exports').where({ fileID: db().command.in([exp.data.fileID, mine.data.fileID]) }).update({ deleteAt: new Date(Date.now() - 1000) });
    const run = await fireTimer(emu.emulator.functions, { functionName: 'filejobs', name: 'filejobs-every-5-min' });
    expect(run.ok && JSON.parse(run.json)).toMatchObject({ ok: true, deleted: expect.any(Number) });
    for (const e of [exp, mine]) {
      expect(await emu.emulator.storage.exists(path(e.data.fileID))).toBe(false);
      expect((await fetch(e.data.url)).status).toBe(404);
    }
    expect((await db().collection('exports').where({ fileID: db().command.in([exp.data.fileID, mine.data.fileID]) }).count()).total).toBe(0);
  });
});

describe('the staff image-review queue (15.10)', () => {
  it('a photo whose check could not be requested waits for staff of its community, who approve it, audited', async () => {
    const p = await upload('sf-worker', 'unchecked.jpg');
    // The text check goes through; the image check request fails.
    emu.emulator.faults.add({ action: 'wx.openApi', kind: 'error', after: 1, times: 1 });
    const { data } = await submit('sf-worker', [p.fileID]);
    const stored = data.photos[0].fileID as string;
    const doc = await reportDoc(data.id);
    expect(doc.photos[0]).toMatchObject({ fileID: stored, check: 'pending', staffReview: true });
    expect((await emu.call('demo-staff-1', 'snapshot', 'get', { id: data.id })).data.photos).toEqual([]);

    const queue = await emu.call('demo-staff-1', 'snapshot', 'imageQueue', {});
    const item = queue.data.items.find((i: { fileID: string }) => i.fileID === stored);
    expect(item).toMatchObject({ kind: 'report', id: data.id, title: expect.any(String), url: expect.stringMatching(/^http/) });
    // Staff of another community neither see nor decide it; workers cannot call it at all.
    expect((await emu.call('sf-staff-syt', 'snapshot', 'imageQueue', {})).data.items.map((i: { fileID: string }) => i.fileID)).not.toContain(stored);
    const before = emu.emulator.db.writes();
    expect(await emu.call('sf-staff-syt', 'snapshot', 'reviewImage', { kind: 'report', id: data.id, fileID: stored, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call('sf-worker', 'snapshot', 'reviewImage', { kind: 'report', id: data.id, fileID: stored, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(emu.emulator.db.writes()).toBe(before);

    expect(await emu.call('demo-staff-1', 'snapshot', 'reviewImage', { kind: 'report', id: data.id, fileID: stored, decision: 'approve' })).toEqual({ ok: true, data: { fileID: stored, check: 'approved' } });
    expect((await reportDoc(data.id)).photos[0]).toEqual({ fileID: stored, check: 'approved' });
    expect((await emu.call('demo-staff-1', 'snapshot', 'get', { id: data.id })).data.photos.map((x: { fileID: string }) => x.fileID)).toEqual([stored]);
    const audit = (await db().collection('audit').where({ 'target.id': data.id, action: 'snapshot.reviewImage.approve' }).get()).data;
    expect(audit).toEqual([expect.objectContaining({ actor: 'demo-staff-1', before: expect.objectContaining({ fileID: stored, check: 'pending' }), after: { fileID: stored, check: 'approved' } })]);
    // Decided once: a second decision, and a decision over the automatic check, are refused.
    expect(await emu.call('demo-staff-1', 'snapshot', 'reviewImage', { kind: 'report', id: data.id, fileID: stored, decision: 'reject' })).toMatchObject({ ok: false, error: { code: 'IMAGE.NOT_WAITING' } });
    expect((await emu.call('demo-staff-1', 'snapshot', 'imageQueue', {})).data.items.map((i: { fileID: string }) => i.fileID)).not.toContain(stored);
  });

  it('a rejected one stays hidden and its uploader is told', async () => {
    const p = await upload('sf-worker', 'unchecked-2.jpg');
    emu.emulator.faults.add({ action: 'wx.openApi', kind: 'error', after: 1, times: 1 });
    const { data } = await submit('sf-worker', [p.fileID]);
    const stored = data.photos[0].fileID as string;
    expect(await emu.call('demo-staff-1', 'snapshot', 'reviewImage', { kind: 'report', id: data.id, fileID: stored, decision: 'reject' })).toMatchObject({ ok: true, data: { check: 'rejected' } });
    expect((await emu.call('demo-staff-1', 'snapshot', 'get', { id: data.id })).data.photos).toEqual([]);
    const msgs = (await db().collection('messages').where({ openid: 'sf-worker', reportId: data.id }).get()).data;
    expect(msgs.map((m: { title: string }) => m.title)).toContain('有一张照片未通过内容审核');
  });
});
