// A worker takes their data away and erases their account: personal fields go, reports stay
// anonymised, the ledger stays for audit and still sums to the balance.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../../emulator/seed';
import { uploadDirFor } from '../../cloudfunctions/shared/domain/report';
import { shanghaiStamp } from '../../cloudfunctions/shared/isomorphic/time';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
}, 120_000);
afterAll(() => emu.close());

const db = () => emu.app.database();
const ledgerSum = async (openid: string) => ((await db().collection('ledger').where({ openid }).limit(1000).get()).data as Array<{ delta: number }>).reduce((s, e) => s + e.delta, 0);

async function fileReport(openid: string, requestId: string) {
  const r = await emu.call(openid, 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '路口垃圾堆了三天', photos: [], location: { lat: 23.11, lng: 109.57 }, requestId });
  expect(r).toMatchObject({ ok: true });
  return r.data.id as string;
}

describe('user.exportMine', () => {
  it('bundles the caller’s own data and no one else’s identity', async () => {
    const reportId = await fileReport('demo-worker-5', 'privacy-export-1');
    const before = new Date();
    const r = await emu.call('demo-worker-5', 'user', 'exportMine', {});
    const after = new Date();
    expect(r.ok).toBe(true);
    expect(r.data.counts.reports).toBeGreaterThanOrEqual(1);
    // Named in Beijing time, as the screen shows times (an export at 08:30 is not named 0030).
    const name = String(r.data.fileID).split('/').pop();
    expect([`my-data-${shanghaiStamp(before)}.json`, `my-data-${shanghaiStamp(after)}.json`]).toContain(name);
    const bundle = await (await fetch(r.data.url)).json();
    expect(bundle.account.profile).toMatchObject({ name: '陈静', phone: '13807751005' });
    expect(bundle.reports.map((x: any) => x._id)).toContain(reportId);
    const text = JSON.stringify(bundle);
    for (const other of ['demo-staff-1', 'demo-gridworker-1', 'demo-worker-1', 'demo-admin']) expect(text).not.toContain(other);
  });
});

describe('user.deleteMe', () => {
  it('removes the account, zeroes points through the ledger, keeps reports anonymised', async () => {
    const openid = 'demo-worker-4';
    const reportId = await fileReport(openid, 'privacy-delete-1');
    await emu.call('demo-admin', 'points', 'adjust', { openid, delta: 25, reason: '测试积分', requestId: 'privacy-adjust-1' });
    const before = (await db().collection('users').doc(openid).get()).data[0];
    expect(before.points.balance).toBeGreaterThan(0);

    const refused = await emu.call(openid, 'user', 'deleteMe', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.confirm' } });

    const r = await emu.call(openid, 'user', 'deleteMe', { confirm: '注销' });
    expect(r).toEqual({ ok: true, data: { deleted: true } });

    // The account document is gone; its ledger stays under the pseudonym and sums to zero.
    expect((await db().collection('users').doc(openid).get()).data).toEqual([]);
    expect(await ledgerSum(openid)).toBe(0);

    const report = (await db().collection('reports').doc(reportId).get()).data[0];
    expect(report.reporter).toMatch(/^erased-/);
    expect(await ledgerSum(report.reporter)).toBe(0);
    expect(report.description).toBe('路口垃圾堆了三天');
    expect((await db().collection('messages').where({ openid }).count()).total).toBe(0);

    // Any call now needs a fresh login, which starts a new, empty account.
    expect(await emu.call(openid, 'user', 'me', {})).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    const again = await emu.call(openid, 'user', 'login', {});
    expect(again).toMatchObject({ ok: true, data: { openid, roles: ['worker'], points: { balance: 0 }, profile: { name: '' } } });
    expect(await ledgerSum(openid)).toBe(0);
  });

  it('refuses staff and merchants until their duties are handed over', async () => {
    expect(await emu.call('demo-staff-1', 'user', 'deleteMe', { confirm: '注销' })).toMatchObject({ ok: false, error: { code: 'USER.HAS_DUTIES' } });
    expect(await emu.call('demo-merchant-1', 'user', 'deleteMe', { confirm: '注销' })).toMatchObject({ ok: false, error: { code: 'USER.HAS_PLACES' } });
    expect((await db().collection('users').doc('demo-staff-1').get()).data[0].status).toBe('active');
  });
});

describe('user.deleteMe erases', () => {
  const W = 'erase-rider';
  const NAME = '冯小雨';
  const PHONE = '13907751234';
  const HECHENG_1 = { lat: 23.112, lng: 109.565 };
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4AWM8AQQMQMDEAAUAMKYDJOk+9mYAAAAASUVORK5CYII=', 'base64');
  let n = 0;
  const rid = (t: string) => `${t}-${Date.now().toString(36)}-${++n}`;
  const upload = async (openid: string, name: string) => {
    const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(`${uploadDirFor(openid)}/${name}`)}`, { method: 'POST', headers: { 'x-wx-openid': openid, 'content-type': 'image/png' }, body: PNG });
    return ((await res.json()) as { fileID: string }).fileID;
  };
  const cloudPath = (fileID: string) => fileID.replace(/^cloud:\/\/[^/]+\//, '');
  const collections = (JSON.parse(readFileSync(path.resolve(__dirname, '../../database/collections.json'), 'utf8')) as { collections: Array<{ name: string }> }).collections.map((c) => c.name);
  const everything = async () => {
    const out: Array<{ collection: string; doc: any }> = [];
    for (const c of collections) {
      for (let skip = 0; ; skip += 1000) {
        const res = await db().collection(c).skip(skip).limit(1000).get();
        out.push(...(res.data as any[]).map((doc) => ({ collection: c, doc })));
        if (res.data.length < 1000) break;
      }
    }
    return out;
  };

  it('a former grid worker: their steps stay under the pseudonym, their name leaves the reporter’s messages', async () => {
    const G = 'erase-gridworker';
    const GNAME = '邓立新';
    await emu.call(G, 'user', 'login', {});
    await emu.call(G, 'user', 'updateProfile', { name: GNAME, phone: '13907759876', communityId: 'community-hecheng' });
    expect((await emu.call('demo-admin', 'admin', 'grantRole', { openid: G, role: 'gridworker', scope: ['grid-hecheng-1'] })).ok).toBe(true);
    const rep = await emu.call('demo-worker-3', 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '护栏被撞歪了，挡住非机动车道', photos: [], location: HECHENG_1, requestId: rid('rep') });
    expect((await emu.call('demo-staff-1', 'snapshot', 'review', { id: rep.data.id, decision: 'accept' })).ok).toBe(true);
    expect(await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id: rep.data.id, assignee: G, note: '请处理' })).toMatchObject({ ok: true, data: { assigneeName: GNAME } });
    const fixed = await upload(G, 'guardrail.png');
    expect(await emu.call(G, 'snapshot', 'resolve', { id: rep.data.id, note: '已扶正护栏', photos: [fixed] })).toMatchObject({ ok: true, data: { status: 'resolved' } });
    const resolutionFiles = (await db().collection('reports').doc(rep.data.id).get()).data[0].resolution.photos.map((p: any) => p.fileID);
    const told = (await emu.call('demo-worker-3', 'snapshot', 'messages', {})).data.items.map((m: any) => m.body).join('\n');
    expect(told).toContain(GNAME);

    // Duties first: refused while a grid worker, erased once the role is taken back.
    expect(await emu.call(G, 'user', 'deleteMe', { confirm: '注销' })).toMatchObject({ ok: false, error: { code: 'USER.HAS_DUTIES' } });
    expect((await emu.call('demo-admin', 'admin', 'revokeRole', { openid: G, role: 'gridworker' })).ok).toBe(true);
    expect(await emu.call(G, 'user', 'deleteMe', { confirm: '注销' })).toEqual({ ok: true, data: { deleted: true } });

    const report = (await db().collection('reports').doc(rep.data.id).get()).data[0];
    expect(report.assignee).toMatch(/^erased-[0-9a-f]{24}$/);
    expect(report).toMatchObject({ assigneeName: '已注销用户', reporter: 'demo-worker-3', resolution: { by: report.assignee, byName: '已注销用户', note: '已扶正护栏', photos: [] } });
    expect(report.timeline.find((t: any) => t.action === 'resolve').actor).toEqual({ openid: report.assignee, role: 'gridworker', name: '已注销用户' });
    for (const f of resolutionFiles) expect(await emu.emulator.storage.exists(cloudPath(f))).toBe(false);
    const toldNow = (await emu.call('demo-worker-3', 'snapshot', 'messages', {})).data.items.map((m: any) => m.body).join('\n');
    expect(toldNow).not.toContain(GNAME);
    expect(toldNow).toContain('已注销用户');
    const leaks = (await everything()).filter(({ doc }) => [G, GNAME].some((x) => JSON.stringify(doc).includes(x)));
    expect(leaks).toEqual([]);
    // The reporter still closes the loop on the report.
    expect(await emu.call('demo-worker-3', 'snapshot', 'rate', { id: rep.data.id, score: 5, fixed: true })).toMatchObject({ ok: true, data: { status: 'closed' } });
  });

  it('voids codes, leaves no name, openid or file behind, and a returning person starts empty', async () => {
    // The person's history: a profile, points, an issued and a fulfilled code, reports (one accepted,
    // one still waiting), a photo, a me-too, messages, a rejected merchant application, an export.
    await emu.call(W, 'user', 'login', {});
    await emu.call(W, 'user', 'updateProfile', { name: NAME, phone: PHONE, communityId: 'community-hecheng' });
    expect((await emu.call('demo-admin', 'points', 'adjust', { openid: W, delta: 300, reason: '测试积分', requestId: rid('adj') })).ok).toBe(true);
    const reward = await emu.call('demo-staff-1', 'points', 'upsertReward', { requestId: rid('rw'), title: '注销测试奖励', description: '', cost: 40, stock: 5, perUserLimit: 0, placeId: 'place-demo-merchant-1', validDays: 7 });
    expect(reward.ok).toBe(true);
    const issued = await emu.call(W, 'points', 'redeem', { rewardId: reward.data.id, requestId: rid('rd') });
    const used = await emu.call(W, 'points', 'redeem', { rewardId: reward.data.id, requestId: rid('rd') });
    expect((await emu.call('demo-merchant-1', 'points', 'fulfill', { code: used.data.code })).ok).toBe(true);
    expect(await emu.call('demo-merchant-1', 'points', 'checkCode', { code: issued.data.code })).toMatchObject({ ok: true, data: { status: 'issued' } });

    const photo = await upload(W, 'pothole.png');
    const submit = (over: object) => emu.call(W, 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '人民路口井盖松动，踩上去会响', photos: [], location: HECHENG_1, requestId: rid('rep'), ...over });
    const accepted = await submit({ photos: [photo] });
    expect(accepted.ok).toBe(true);
    expect((await emu.call('demo-staff-1', 'snapshot', 'review', { id: accepted.data.id, decision: 'accept' })).ok).toBe(true);
    const waiting = await submit({});
    const others = await emu.call('demo-worker-2', 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '路灯不亮，晚上很黑', photos: [], location: HECHENG_1, requestId: rid('rep') });
    expect((await emu.call(W, 'snapshot', 'meToo', { id: others.data.id })).ok).toBe(true);

    const licence = await upload(W, 'licence.png');
    const app = await emu.call(W, 'place', 'apply', { name: '小雨修车铺', address: '港北区荷城路 9 号', phone: PHONE, location: { lat: 23.112, lng: 109.583 }, services: ['repair'], offers: [{ title: '免费打气', detail: '' }], hours: { weekly: Array.from({ length: 7 }, () => [{ open: '08:00', close: '20:00' }]) }, licencePhoto: licence, requestId: rid('apply') });
    expect(app.ok).toBe(true);
    expect((await emu.call('demo-staff-1', 'place', 'review', { id: app.data.id, decision: 'reject', reason: '营业执照不清晰' })).ok).toBe(true);
    const exported = await emu.call(W, 'user', 'exportMine', {});
    expect(exported.ok).toBe(true);

    const files = [
      ...(await db().collection('reports').doc(accepted.data.id).get()).data[0].photos.map((p: any) => p.fileID),
      ...[(await db().collection('places').doc(app.data.id).get()).data[0].licencePhoto],
      exported.data.fileID,
    ];
    for (const f of files) expect(await emu.emulator.storage.exists(cloudPath(f))).toBe(true);
    const ledgerBefore = (await db().collection('ledger').where({ openid: W }).get()).data as any[];
    const stockBefore = (await db().collection('rewards').doc(reward.data.id).get()).data[0].stock;

    // The confirm contract holds; then the erasure.
    expect(await emu.call(W, 'user', 'deleteMe', {})).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.confirm' } });
    expect(await emu.call(W, 'user', 'deleteMe', { confirm: '注销' })).toEqual({ ok: true, data: { deleted: true } });

    // Old codes: unknown at the counter, cannot be fulfilled; the issued one gave its stock back.
    for (const code of [issued.data.code, used.data.code]) {
      expect(await emu.call('demo-merchant-1', 'points', 'checkCode', { code })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.NOT_FOUND' } });
      expect(await emu.call('demo-merchant-1', 'points', 'fulfill', { code })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.NOT_FOUND' } });
    }
    expect((await db().collection('rewards').doc(reward.data.id).get()).data[0].stock).toBe(stockBefore + 1);

    // Nothing anywhere names the person: not the openid, the name or the phone; the files are gone.
    const after = await everything();
    const leaks = after.filter(({ doc }) => [W, NAME, PHONE].some((x) => JSON.stringify(doc).includes(x)));
    expect(leaks).toEqual([]);
    for (const f of files) expect(await emu.emulator.storage.exists(cloudPath(f))).toBe(false);
    expect((await db().collection('report_metoo').where({ reportId: others.data.id }).count()).total).toBe(0);
    expect((await db().collection('reports').doc(others.data.id).get()).data[0].meTooCount).toBe(1);

    // The ledger is whole under a pseudonym that is random, not a hash of the openid, and sums to zero.
    const report = (await db().collection('reports').doc(accepted.data.id).get()).data[0];
    const pseudonym: string = report.reporter;
    expect(pseudonym).toMatch(/^erased-[0-9a-f]{24}$/);
    expect(pseudonym).not.toContain(createHash('sha256').update(W).digest('hex').slice(0, 16));
    expect(report).toMatchObject({ reporterErased: true, photos: [], description: '人民路口井盖松动，踩上去会响' });
    expect(report.timeline[0].actor).toEqual({ openid: pseudonym, role: 'reporter', name: '已注销用户' });
    const ledger = (await db().collection('ledger').where({ openid: pseudonym }).get()).data as any[];
    expect(ledger.length).toBe(ledgerBefore.length + 2); // + the issued code's refund + the zeroing entry
    expect(ledger.reduce((sum, e) => sum + e.delta, 0)).toBe(0);
    const redemptions = (await db().collection('redemptions').where({ openid: pseudonym }).get()).data as any[];
    expect(redemptions.map((r) => r.status).sort()).toEqual(['cancelled', 'fulfilled']);
    expect(redemptions.every((r) => r.holderName === '')).toBe(true);
    expect((await db().collection('audit').where({ action: 'user.deleteMe', actor: pseudonym }).count()).total).toBe(1);

    // The same openid logs in again: a new account with no history.
    expect(await emu.call(W, 'user', 'login', {})).toMatchObject({ ok: true, data: { openid: W, roles: ['worker'], points: { balance: 0 }, profile: { name: '' } } });
    expect(await emu.call(W, 'points', 'cancelRedemption', { id: issued.data.id })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.NOT_FOUND' } });
    expect((await emu.call(W, 'points', 'summary', {})).data).toMatchObject({ balance: 0, earned: 0, spent: 0 });
    expect((await emu.call(W, 'points', 'ledger', {})).data.items).toEqual([]);
    expect((await emu.call(W, 'points', 'myRedemptions', {})).data.items).toEqual([]);
    expect((await emu.call(W, 'snapshot', 'listMine', {})).data.items).toEqual([]);
    expect((await emu.call(W, 'snapshot', 'messages', {})).data.items).toEqual([]);
    expect((await emu.call(W, 'place', 'mine', {})).data.items).toEqual([]);
    expect(await emu.call(W, 'snapshot', 'get', { id: accepted.data.id })).toMatchObject({ ok: false });

    // The waiting report is still handled: accepted with no award to anyone, dispatched, resolved.
    const ledgerCount = async () => (await db().collection('ledger').count()).total;
    const messagesCount = async () => (await db().collection('messages').count()).total;
    const [entries, messages] = [await ledgerCount(), await messagesCount()];
    const acc = await emu.call('demo-staff-1', 'snapshot', 'review', { id: waiting.data.id, decision: 'accept' });
    expect(acc).toMatchObject({ ok: true, data: { status: 'accepted' } });
    expect(await ledgerCount()).toBe(entries);
    expect(await messagesCount()).toBe(messages);
    expect(await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id: waiting.data.id, assignee: 'demo-gridworker-1', note: '请处理' })).toMatchObject({ ok: true, data: { status: 'dispatched' } });
    const fixed = await upload('demo-gridworker-1', 'fixed.png');
    expect(await emu.call('demo-gridworker-1', 'snapshot', 'resolve', { id: waiting.data.id, note: '已更换井盖', photos: [fixed] })).toMatchObject({ ok: true, data: { status: 'resolved' } });
    expect((await db().collection('messages').where({ openid: pseudonym }).count()).total).toBe(0);
  });

  it('an account erased by the earlier, partial erasure is finished when the person logs in again', async () => {
    const L = 'legacy-erased-rider';
    const LNAME = '韦旧号';
    await emu.call(L, 'user', 'login', {});
    await emu.call(L, 'user', 'updateProfile', { name: LNAME, communityId: 'community-hecheng' });
    expect((await emu.call('demo-admin', 'points', 'adjust', { openid: L, delta: 100, reason: '测试积分', requestId: rid('adj') })).ok).toBe(true);
    const reward = await emu.call('demo-staff-1', 'points', 'upsertReward', { requestId: rid('rw'), title: '旧账号奖励', description: '', cost: 30, stock: 5, perUserLimit: 0, placeId: 'place-demo-merchant-1', validDays: 7 });
    const code = (await emu.call(L, 'points', 'redeem', { rewardId: reward.data.id, requestId: rid('rd') })).data.code;
    const rep = await emu.call(L, 'snapshot', 'submit', { kind: 'issue', category: 'other', description: '公交站棚顶漏雨', photos: [], location: HECHENG_1, requestId: rid('rep') });
    // What the earlier deleteMe left: reports under a hash of the openid, the account marked deleted,
    // everything else (ledger, redemptions with the holder's name) still under the openid.
    const hashId = `erased-${createHash('sha256').update(L).digest('hex').slice(0, 16)}`;
    await db().collection('reports').where({ reporter: L }).update({ reporter: hashId, reporterErased: true });
    await db().collection('users').doc(L).update({ status: 'deleted', profile: { name: '', phone: '', platform: '', workType: '', communityId: '', avatar: '' } });

    expect(await emu.call(L, 'user', 'login', {})).toMatchObject({ ok: true, data: { openid: L, points: { balance: 0 }, profile: { name: '' } } });
    expect((await emu.call(L, 'points', 'ledger', {})).data.items).toEqual([]);
    expect((await emu.call(L, 'points', 'myRedemptions', {})).data.items).toEqual([]);
    expect(await emu.call('demo-merchant-1', 'points', 'checkCode', { code })).toMatchObject({ ok: false, error: { code: 'REDEMPTION.NOT_FOUND' } });
    const report = (await db().collection('reports').doc(rep.data.id).get()).data[0];
    expect(report.reporter).toMatch(/^erased-[0-9a-f]{24}$/);
    const leaks = (await everything()).filter(({ collection, doc }) => !(collection === 'users' && doc._id === L) && [L, LNAME, hashId].some((x) => JSON.stringify(doc).includes(x)));
    expect(leaks).toEqual([]);
  });
});
