// Merchant applications, review, edits, stations and suspension, through the gateway as the app calls them.
import { uploadDirFor } from '../../cloudfunctions/shared/domain/report';
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

let emu: TestEmulator;
const APPLICANT = 'shop-owner-a';
const OTHER = 'shop-owner-b';
const STAFF = 'demo-staff-1'; // 荷城社区
const STAFF_SYT = 'staff-shiyangtang';
const RIDER = 'rider-apply';
// Inside 荷城社区 (west of 109.60, north of 23.10) and inside 石羊塘社区.
const IN_HECHENG = { lat: 23.112, lng: 109.583 };
const IN_SHIYANGTANG = { lat: 23.112, lng: 109.618 };

const hours = { weekly: Array.from({ length: 7 }, () => [{ open: '08:00', close: '22:00' }]) };

async function upload(openid: string, name: string): Promise<string> {
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(`${uploadDirFor(openid)}/${name}`)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid, 'content-type': 'image/png' },
    body: Buffer.from('89504e470d0a1a0a', 'hex'),
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

let licence = '';
const application = (over: Record<string, unknown> = {}) => ({
  name: '阿芳便利店',
  address: '港北区荷城路 300 号',
  phone: '13900001111',
  location: IN_HECHENG,
  services: ['water', 'charging'],
  offers: [{ title: '免费热水', detail: '自带杯子即可' }],
  hours,
  licencePhoto: licence,
  requestId: 'apply-req-0001',
  ...over,
});

const db = () => emu.app.database();
const placeDoc = async (id: string) => (await db().collection('places').doc(id).get()).data[0] as Record<string, any> | undefined;
const auditOf = async (id: string) => (await db().collection('audit').where({ 'target.id': id }).get()).data as Array<Record<string, any>>;
const nearbyIds = async (location = IN_HECHENG) =>
  ((await emu.call(RIDER, 'place', 'nearby', { location, radius: 2000, pageSize: 50 })).data.items as Array<{ id: string }>).map((i) => i.id);

beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
  for (const u of [APPLICANT, OTHER, STAFF_SYT, RIDER, 'test-admin']) await emu.call(u, 'user', 'login', {});
  await emu.call(APPLICANT, 'user', 'updateProfile', { name: '林阿芳', phone: '13900001111' });
  await emu.call('test-admin', 'admin', 'grantRole', { openid: STAFF_SYT, role: 'staff', scope: ['community-shiyangtang'] });
  licence = await upload(APPLICANT, 'licence.png');
}, 120_000);
afterAll(() => emu.close());

describe('a merchant application', () => {
  let id = '';

  it('is stored pending, in the right community, and a retry returns the same application', async () => {
    const res = await emu.call(APPLICANT, 'place', 'apply', application());
    expect(res).toMatchObject({ ok: true, data: { type: 'merchant', status: 'pending', communityId: 'community-hecheng', gridId: 'grid-hecheng-2', reviewQueue: 'community-hecheng', isOwner: true } });
    expect(res.data.licencePhoto.url).toMatch(/^http/);
    id = res.data.id;
    const again = await emu.call(APPLICANT, 'place', 'apply', application({ name: '改了名字也算同一个请求' }));
    expect(again.data.id).toBe(id);
    expect(again.data.name).toBe('阿芳便利店');
    expect((await db().collection('places').where({ ownerOpenid: APPLICANT }).get()).data).toHaveLength(1);
  });

  it('is not on the map and not visible to other workers while pending', async () => {
    expect(await nearbyIds()).not.toContain(id);
    expect(await emu.call(RIDER, 'place', 'get', { id })).toMatchObject({ ok: false, error: { code: 'PLACE.NOT_FOUND' } });
    expect((await emu.call(APPLICANT, 'place', 'mine', {})).data.items.map((p: { id: string }) => p.id)).toEqual([id]);
  });

  it('waits in its community’s queue only, with the applicant and the licence for staff', async () => {
    const q = await emu.call(STAFF, 'place', 'queue', {});
    const item = q.data.items.find((p: { id: string }) => p.id === id);
    expect(item).toMatchObject({ kind: 'application', communityName: '荷城社区', gridName: '荷城二网格', applicant: { openid: APPLICANT, name: '林阿芳', phone: '13900001111' } });
    expect(item.licencePhoto.url).toMatch(/^http/);
    const other = await emu.call(STAFF_SYT, 'place', 'queue', {});
    expect(other.data.items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect(await emu.call(STAFF_SYT, 'place', 'queue', { communityId: 'community-hecheng' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call(RIDER, 'place', 'queue', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('cannot be reviewed by staff of another community, nor edited by another merchant', async () => {
    const r = await emu.call(STAFF_SYT, 'place', 'review', { id, decision: 'approve' });
    expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const edit = await emu.call('demo-merchant-1', 'place', 'update', { id, name: '抢来的店' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const theirs = await emu.call(APPLICANT, 'place', 'update', { id: 'place-demo-merchant-1', offers: [] });
    expect(theirs).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect((await placeDoc(id))!.status).toBe('pending');
    expect((await placeDoc('place-demo-merchant-1'))!.offers.length).toBeGreaterThan(0);
  });

  it('approved by its staff: on the map, and the applicant becomes the merchant of it, with an audit entry', async () => {
    const res = await emu.call(STAFF, 'place', 'review', { id, decision: 'approve' });
    expect(res).toMatchObject({ ok: true, data: { status: 'approved', reviewQueue: null, lastReview: { decision: 'approve', kind: 'application' } } });
    expect(await nearbyIds()).toContain(id);
    const me = await emu.call(APPLICANT, 'user', 'me', {});
    expect(me.data.roles).toContain('merchant');
    expect(me.data.scopes.merchant).toEqual([id]);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['place.review']);
    const twice = await emu.call(STAFF, 'place', 'review', { id, decision: 'reject', reason: '重复处理' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'PLACE.NOT_PENDING' } });
  });

  it('changes offers and hours at once (audited), but holds a new name for review', async () => {
    const night = { weekly: Array.from({ length: 7 }, () => [{ open: '18:00', close: '02:00' }]) };
    const res = await emu.call(APPLICANT, 'place', 'update', { id, offers: [{ title: '骑手买水', detail: '', workerDiscount: '1 元一瓶' }], hours: night, name: '阿芳24小时便利店' });
    expect(res).toMatchObject({ ok: true, data: { name: '阿芳便利店', status: 'approved', offers: [{ title: '骑手买水', workerDiscount: '1 元一瓶' }], pendingChange: { name: '阿芳24小时便利店' }, reviewQueue: 'community-hecheng' } });
    const stored = await placeDoc(id);
    expect(stored!.hours.weekly[0]).toEqual([{ open: '18:00', close: '02:00' }]);
    expect(stored!.openWeek.length).toBe(14); // each evening range and its spill past midnight
    const audit = (await auditOf(id)).find((a) => a.action === 'place.update')!;
    expect(Object.keys(audit.after)).toEqual(expect.arrayContaining(['offers', 'hours', 'pendingChange']));
    // The trail names the place as riders see it: the new name waits for review.
    expect(audit.names).toEqual({ [id]: '阿芳便利店' });
    // Riders still see the approved name until staff accept the change.
    const seen = await emu.call(RIDER, 'place', 'get', { id });
    expect(seen.data).toMatchObject({ name: '阿芳便利店', offers: [{ title: '骑手买水' }] });
    expect(seen.data.pendingChange).toBeUndefined();
    const q = await emu.call(STAFF, 'place', 'queue', {});
    expect(q.data.items.find((p: { id: string }) => p.id === id)).toMatchObject({ kind: 'change', pendingChange: { name: '阿芳24小时便利店' } });
    const ok = await emu.call(STAFF, 'place', 'review', { id, decision: 'approve' });
    expect(ok).toMatchObject({ ok: true, data: { name: '阿芳24小时便利店', pendingChange: null, status: 'approved' } });
    // Approved, the change is recorded under the name it gave the place.
    const approved = (await auditOf(id)).find((a) => a.action === 'place.review' && a.after.kind === 'change')!;
    expect(approved.names).toEqual({ [id]: '阿芳24小时便利店' });
  });

  it('holds a move for the new community’s staff, and a rejected change leaves the place as it was', async () => {
    const res = await emu.call(APPLICANT, 'place', 'update', { id, location: IN_SHIYANGTANG, address: '港北区建设中路 300 号' });
    expect(res.data).toMatchObject({ communityId: 'community-hecheng', reviewQueue: 'community-shiyangtang', pendingChange: { communityId: 'community-shiyangtang' } });
    expect(await emu.call(STAFF, 'place', 'review', { id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const rejected = await emu.call(STAFF_SYT, 'place', 'review', { id, decision: 'reject', reason: '新地址与营业执照不符' });
    expect(rejected.data).toMatchObject({ status: 'approved', communityId: 'community-hecheng', address: '港北区荷城路 300 号', pendingChange: null, lastReview: { decision: 'reject', kind: 'change', reason: '新地址与营业执照不符' } });
    expect(await nearbyIds()).toContain(id);

    await emu.call(APPLICANT, 'place', 'update', { id, location: IN_SHIYANGTANG, address: '港北区建设中路 301 号' });
    const moved = await emu.call(STAFF_SYT, 'place', 'review', { id, decision: 'approve' });
    expect(moved.data).toMatchObject({ communityId: 'community-shiyangtang', address: '港北区建设中路 301 号', location: IN_SHIYANGTANG, pendingChange: null });
    expect(await nearbyIds(IN_SHIYANGTANG)).toContain(id);
    expect((await emu.call(STAFF_SYT, 'place', 'manage', { pageSize: 50 })).data.items.map((p: { id: string }) => p.id)).toContain(id);
  });
});

describe('a rejected application', () => {
  it('shows the reason to its owner and goes back to review when fixed', async () => {
    const made = await emu.call(OTHER, 'place', 'apply', application({ name: '小林修车铺', requestId: 'apply-req-0002', services: ['repair'], licencePhoto: await upload(OTHER, 'licence.png') }));
    const id = made.data.id;
    expect(await emu.call(STAFF, 'place', 'review', { id, decision: 'reject' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.reason' } });
    const rejected = await emu.call(STAFF, 'place', 'review', { id, decision: 'reject', reason: '营业执照照片不清晰' });
    expect(rejected.data).toMatchObject({ status: 'rejected', rejectReason: '营业执照照片不清晰', reviewQueue: null });
    const mine = await emu.call(OTHER, 'place', 'mine', {});
    expect(mine.data.items[0]).toMatchObject({ id, status: 'rejected', rejectReason: '营业执照照片不清晰' });
    expect((await emu.call(OTHER, 'user', 'me', {})).data.roles).not.toContain('merchant');
    const fixed = await emu.call(OTHER, 'place', 'update', { id, licencePhoto: await upload(OTHER, 'licence-2.png') });
    expect(fixed.data).toMatchObject({ status: 'pending', rejectReason: null, reviewQueue: 'community-hecheng' });
    expect(await nearbyIds()).not.toContain(id);
  });
});

describe('refusals that store nothing', () => {
  const count = async () => (await db().collection('places').count()).total;

  it('a location outside the district, risky text, and a fourth open application', async () => {
    const before = await count();
    const own = await upload(RIDER, 'licence.png');
    const far = await emu.call(RIDER, 'place', 'apply', application({ location: { lat: 23.5, lng: 109.9 }, licencePhoto: own, requestId: 'apply-req-far1' }));
    expect(far).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.location' } });
    const risky = await emu.call(RIDER, 'place', 'apply', application({ offers: [{ title: '代开发票', detail: '' }], licencePhoto: own, requestId: 'apply-req-risk1' }));
    expect(risky).toMatchObject({ ok: false, error: { code: 'CONTENT.RISKY' } });
    const noLicence = await emu.call(RIDER, 'place', 'apply', application({ licencePhoto: 'https://example.com/x.png', requestId: 'apply-req-nolic' }));
    expect(noLicence).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.licencePhoto' } });
    // Someone else's upload (the applicant's licence) is not the rider's to submit.
    const borrowed = await emu.call(RIDER, 'place', 'apply', application({ requestId: 'apply-req-borrow' }));
    expect(borrowed).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.licencePhoto' } });
    expect(await count()).toBe(before);

    for (const n of [1, 2, 3]) expect((await emu.call(RIDER, 'place', 'apply', application({ name: `骑手小店${n}`, licencePhoto: own, requestId: `apply-rider-${n}00` }))).ok).toBe(true);
    const fourth = await emu.call(RIDER, 'place', 'apply', application({ name: '骑手小店4', licencePhoto: own, requestId: 'apply-rider-400' }));
    expect(fourth).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect(await count()).toBe(before + 3);
  });
});

describe('stations', () => {
  const station = (over: Record<string, unknown> = {}) => ({
    name: '荷城北驿站',
    address: '港北区荷城北路 1 号',
    location: IN_HECHENG,
    services: ['water', 'charging', 'rest'],
    offers: [{ title: '免费饮水', detail: '' }],
    hours: { weekly: hours.weekly, is24h: true },
    requestId: 'station-req-0001',
    ...over,
  });

  it('staff create one in their community, on the map at once; a retry makes no second one', async () => {
    const res = await emu.call(STAFF, 'place', 'upsertStation', station());
    expect(res).toMatchObject({ ok: true, data: { type: 'station', status: 'approved', communityId: 'community-hecheng', canManage: true } });
    const again = await emu.call(STAFF, 'place', 'upsertStation', station());
    expect(again.data.id).toBe(res.data.id);
    expect(await nearbyIds()).toContain(res.data.id);
    expect((await db().collection('places').where({ name: '荷城北驿站' }).get()).data).toHaveLength(1);

    const edited = await emu.call(STAFF, 'place', 'upsertStation', station({ id: res.data.id, name: '荷城北骑手驿站', hours, requestId: undefined }));
    expect(edited.data).toMatchObject({ id: res.data.id, name: '荷城北骑手驿站', hours: { weekly: hours.weekly } });
    expect(edited.data.hours.is24h).toBeUndefined();
    expect((await placeDoc(res.data.id))!.hours.is24h).toBeUndefined();
  });

  it('not in another community, not by workers', async () => {
    expect(await emu.call(STAFF, 'place', 'upsertStation', station({ location: IN_SHIYANGTANG, requestId: 'station-req-0002' }))).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call(STAFF_SYT, 'place', 'upsertStation', station({ id: 'station-hecheng-1', location: IN_SHIYANGTANG }))).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await emu.call(RIDER, 'place', 'upsertStation', station({ requestId: 'station-req-0003' }))).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect((await placeDoc('station-hecheng-1'))!.name).toBe('荷城社区党群服务站');
  });
});

describe('suspension', () => {
  it('takes a place off the map with a reason its owner sees, and back; only its own staff may', async () => {
    const id = 'place-demo-merchant-1';
    expect(await emu.call(STAFF_SYT, 'place', 'suspend', { id, suspended: true, reason: '投诉核查' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const res = await emu.call(STAFF, 'place', 'suspend', { id, suspended: true, reason: '多名骑手反映优惠未兑现，核查中' });
    expect(res.data).toMatchObject({ status: 'suspended', suspendReason: '多名骑手反映优惠未兑现，核查中' });
    expect(await nearbyIds()).not.toContain(id);
    expect(await emu.call(RIDER, 'place', 'get', { id })).toMatchObject({ ok: false, error: { code: 'PLACE.NOT_FOUND' } });
    const owner = await emu.call('demo-merchant-1', 'place', 'mine', {});
    expect(owner.data.items[0]).toMatchObject({ id, status: 'suspended', suspendReason: '多名骑手反映优惠未兑现，核查中' });
    const back = await emu.call(STAFF, 'place', 'suspend', { id, suspended: false });
    expect(back.data.status).toBe('approved');
    expect(await nearbyIds()).toContain(id);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(expect.arrayContaining(['place.suspend', 'place.resume']));
  });

  it('lists its places to staff, filtered', async () => {
    const res = await emu.call(STAFF, 'place', 'manage', { type: 'station', pageSize: 50 });
    expect(res.data.items.length).toBeGreaterThanOrEqual(3);
    expect(res.data.items.every((p: { type: string; communityId: string }) => p.type === 'station' && p.communityId === 'community-hecheng')).toBe(true);
  });
});
