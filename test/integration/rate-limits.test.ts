// Per-person limits under parallel requests: the daily report limit (20 a Shanghai day) and open
// merchant applications (3). Counting and then inserting let every parallel request see the same
// count (23 reports got through); each limit is now a counter document written in the transaction of
// the insert. Bursts are fired at once with distinct requestIds and every reply is either the stored
// item or RATE.LIMITED; retries of one requestId return the first result and count once.
import { seedDemo } from '../../emulator/seed';
import { uploadDirFor } from '../../cloudfunctions/shared/domain/report';
import { shanghaiDay } from '../../cloudfunctions/shared/isomorphic/time';
import { PARALLEL_INSTANCES, startTestEmulator, type TestEmulator } from '../helpers/emulator';

// A burst of cold instances on a busy machine takes a while; nothing here depends on how long.
jest.setTimeout(180_000);

let emu: TestEmulator;
const HECHENG = { lat: 23.112, lng: 109.583 };
let n = 0;
const rid = (p: string) => `${p}-${Date.now().toString(36)}-${++n}`;

beforeAll(async () => {
  emu = await startTestEmulator({ ...PARALLEL_INSTANCES, functionTimeoutMs: 120_000 });
  await seedDemo(emu.app);
}, 120_000);
afterAll(() => emu.close());

const db = () => emu.app.database();
const counter = async (id: string) => (await db().collection('rate_limits').doc(id).get()).data[0] as Record<string, any> | undefined;

function report(openid: string, requestId: string) {
  return emu.call(openid, 'snapshot', 'submit', {
    kind: 'issue',
    category: 'other',
    description: '路边广告牌松动，风大时摇晃',
    photos: [],
    location: HECHENG,
    requestId,
  });
}

async function upload(openid: string, name: string): Promise<string> {
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(`${uploadDirFor(openid)}/${name}`)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid, 'content-type': 'image/png' },
    body: Buffer.from('89504e470d0a1a0a', 'hex'),
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

async function application(openid: string, name: string, requestId: string) {
  return {
    name,
    address: '港北区荷城路 300 号',
    phone: '13900001111',
    location: HECHENG,
    services: ['water'],
    offers: [{ title: '免费热水', detail: '' }],
    hours: { weekly: Array.from({ length: 7 }, () => [{ open: '08:00', close: '22:00' }]) },
    // One licence photo per application: each is the applicant's own upload, used once.
    licencePhoto: await upload(openid, `licence-${requestId}.png`),
    requestId,
  };
}

describe('daily report limit', () => {
  it('stores exactly 20 of 30 parallel submits and refuses the rest with RATE.LIMITED', async () => {
    const worker = 'burst-worker';
    await emu.call(worker, 'user', 'login', {});
    const ids = Array.from({ length: 30 }, (_, i) => rid(`burst${i}`));
    const replies = await Promise.all(ids.map((id) => report(worker, id)));

    const stored = replies.filter((r) => r.ok);
    const limited = replies.filter((r) => !r.ok);
    expect(stored).toHaveLength(20);
    expect(limited).toHaveLength(10);
    for (const r of limited) expect(r).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect(limited[0].error.message).toMatch(/每人每天最多上报 20 条/);
    expect((await db().collection('reports').where({ reporter: worker }).count()).total).toBe(20);
    expect(await counter(`reports:${worker}:${shanghaiDay(new Date())}`)).toMatchObject({ count: 20 });

    // A retry of a stored request returns the same report; a retry of a refused one is still refused.
    const okIndex = replies.findIndex((r) => r.ok);
    const again = await report(worker, ids[okIndex]);
    expect(again).toMatchObject({ ok: true, data: { id: replies[okIndex].data.id } });
    const refusedIndex = replies.findIndex((r) => !r.ok);
    expect(await report(worker, ids[refusedIndex])).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect((await db().collection('reports').where({ reporter: worker }).count()).total).toBe(20);
  });

  it('counts one request retried in parallel once', async () => {
    const worker = 'retry-worker';
    await emu.call(worker, 'user', 'login', {});
    const requestId = rid('same');
    const replies = await Promise.all(Array.from({ length: 8 }, () => report(worker, requestId)));
    for (const r of replies) expect(r).toMatchObject({ ok: true, data: { id: replies[0].data.id } });
    expect((await db().collection('reports').where({ reporter: worker }).count()).total).toBe(1);
    expect(await counter(`reports:${worker}:${shanghaiDay(new Date())}`)).toMatchObject({ count: 1 });
    // The next, different request counts as the second.
    expect((await report(worker, rid('next'))).ok).toBe(true);
    expect(await counter(`reports:${worker}:${shanghaiDay(new Date())}`)).toMatchObject({ count: 2 });
  });
});

describe('open merchant applications', () => {
  const pending = async (openid: string) => (await db().collection('places').where({ ownerOpenid: openid, status: 'pending' }).count()).total;

  it('keeps exactly 3 of 8 parallel applications and refuses the rest; a decided one frees its place', async () => {
    const owner = 'burst-applicant';
    await emu.call(owner, 'user', 'login', {});
    const payloads = await Promise.all(Array.from({ length: 8 }, (_, i) => application(owner, `并发小店${i + 1}`, rid(`apply${i}`))));
    const replies = await Promise.all(payloads.map((p) => emu.call(owner, 'place', 'apply', p)));

    const stored = replies.filter((r) => r.ok);
    const limited = replies.filter((r) => !r.ok);
    expect(stored).toHaveLength(3);
    for (const r of limited) expect(r).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect(await pending(owner)).toBe(3);
    expect((await db().collection('places').where({ ownerOpenid: owner }).count()).total).toBe(3);

    // A retry of a stored application returns it and takes no second place.
    const okIndex = replies.findIndex((r) => r.ok);
    expect(await emu.call(owner, 'place', 'apply', payloads[okIndex])).toMatchObject({ ok: true, data: { id: replies[okIndex].data.id } });
    expect(await pending(owner)).toBe(3);

    // Staff reject one: the next application fits, the one after does not.
    const rejected = stored[0].data.id;
    expect((await emu.call('demo-staff-1', 'place', 'review', { id: rejected, decision: 'reject', reason: '营业执照照片不清晰' })).ok).toBe(true);
    expect((await emu.call(owner, 'place', 'apply', await application(owner, '并发小店9', rid('apply9')))).ok).toBe(true);
    expect(await emu.call(owner, 'place', 'apply', await application(owner, '并发小店10', rid('apply10')))).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });

    // Fixing the rejected one is applying again: with 3 waiting it is refused and stays rejected.
    const fix = await emu.call(owner, 'place', 'update', { id: rejected, address: '港北区荷城路 302 号' });
    expect(fix).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect((await db().collection('places').doc(rejected).get()).data[0]).toMatchObject({ status: 'rejected', address: '港北区荷城路 300 号' });
    expect(await pending(owner)).toBe(3);
  });
});
