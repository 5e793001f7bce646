// place.nearby through the gateway (and, for "open now" at fixed times, the use-case itself on the
// real SDK against the emulator). Test places sit west of the demo district so the seed's places
// never mix in; distances are measured from ORIGIN.
import { nearbyPayload, type NearbyPayload, type TimeRange, type WeeklyHours } from '../../cloudfunctions/shared/contracts/place';
import { weekIntervals } from '../../cloudfunctions/shared/domain/hours';
import type { PlaceDoc } from '../../cloudfunctions/shared/domain/place';
import { EARTH_RADIUS_M } from '../../cloudfunctions/shared/isomorphic/geo';
import { nearby } from '../../cloudfunctions/shared/usecases/place';
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let emu: TestEmulator;
const ORIGIN = { lat: 23.2, lng: 109.3 };
const RIDER = 'rider-nearby';

const r = (open: string, close: string): TimeRange => ({ open, close });
const everyDay = (...ranges: TimeRange[]) => Array.from({ length: 7 }, () => ranges.map((x) => ({ ...x })));
const DAYTIME: WeeklyHours = { weekly: everyDay(r('08:00', '22:00')) };

/** A point `metres` due east of ORIGIN. */
function east(metres: number) {
  return { lat: ORIGIN.lat, lng: ORIGIN.lng + (metres / (EARTH_RADIUS_M * Math.cos((ORIGIN.lat * Math.PI) / 180))) * (180 / Math.PI) };
}

function place(id: string, metres: number, over: Partial<PlaceDoc> = {}): PlaceDoc {
  const p = east(metres);
  const hours = over.hours ?? DAYTIME;
  const now = new Date('2026-11-01T00:00:00Z');
  return {
    _id: id,
    type: 'merchant',
    name: `测试店 ${id}`,
    status: 'approved',
    ownerOpenid: null,
    communityId: 'community-test',
    gridId: null,
    location: { type: 'Point', coordinates: [p.lng, p.lat] },
    address: '测试路 1 号',
    phone: '13900000000',
    services: ['water'],
    offers: [],
    hours,
    openWeek: weekIntervals(hours),
    photos: [],
    licencePhoto: null,
    createdAt: now,
    updatedAt: now,
    createdBy: 'test',
    reviewedBy: null,
    reviewedAt: null,
    rejectReason: null,
    suspendReason: null,
    pendingChange: null,
    reviewQueue: null,
    reviewQueuedAt: null,
    lastReview: null,
    contentFlag: null,
    applicant: null,
    requestId: null,
    ...over,
  };
}

const places = () => emu.app.database().collection('places');
const search = (payload: Partial<NearbyPayload>) => emu.call(RIDER, 'place', 'nearby', { location: ORIGIN, ...payload });
const ids = (res: { data: { items: Array<{ id: string }> } }) => res.data.items.map((i) => i.id);

beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
  await emu.call(RIDER, 'user', 'login', {});
  await places().add([
    place('n-100', 100, { type: 'station', services: ['water', 'charging', 'restroom'] }),
    place('n-pending-200', 200, { status: 'pending' }),
    place('n-rejected-300', 300, { status: 'rejected' }),
    place('n-suspended-400', 400, { status: 'suspended' }),
    place('n-500', 500, { services: ['water', 'charging'] }),
    place('n-2500', 2500, { type: 'station', services: ['water'] }),
    place('n-3500', 3500, { services: ['water', 'charging'] }),
  ]);
});
afterAll(() => emu.close());

describe('place.nearby', () => {
  it('returns only approved places within the radius, nearest first, with distances in metres', async () => {
    const res = await search({});
    expect(res.ok).toBe(true);
    expect(ids(res)).toEqual(['n-100', 'n-500', 'n-2500']);
    const distances = res.data.items.map((i: { distance: number }) => i.distance);
    expect(distances[0]).toBeGreaterThanOrEqual(99);
    expect(distances[0]).toBeLessThanOrEqual(101);
    expect(distances[2]).toBeGreaterThanOrEqual(2498);
    expect(distances[2]).toBeLessThanOrEqual(2502);
    expect(res.data.radius).toBe(3000);
    expect(res.data.items[0]).toMatchObject({ name: '测试店 n-100', type: 'station', location: { lat: ORIGIN.lat }, address: '测试路 1 号' });
    expect(typeof res.data.items[0].openNow).toBe('boolean');

    expect(ids(await search({ radius: 1000 }))).toEqual(['n-100', 'n-500']);
    expect(ids(await search({ radius: 20000 }))).toEqual(['n-100', 'n-500', 'n-2500', 'n-3500']);
  });

  it('combines type and services (all of them)', async () => {
    expect(ids(await search({ radius: 5000, services: ['charging'] }))).toEqual(['n-100', 'n-500', 'n-3500']);
    expect(ids(await search({ radius: 5000, services: ['charging', 'restroom'] }))).toEqual(['n-100']);
    expect(ids(await search({ radius: 5000, type: 'station' }))).toEqual(['n-100', 'n-2500']);
    expect(ids(await search({ radius: 5000, type: 'station', services: ['charging'] }))).toEqual(['n-100']);
    expect(ids(await search({ radius: 5000, type: 'merchant', services: ['charging'] }))).toEqual(['n-500', 'n-3500']);
    expect(ids(await search({ radius: 5000, type: 'merchant', services: ['first_aid'] }))).toEqual([]);
  });

  it('pages with an opaque cursor until the last page, and refuses a forged one', async () => {
    const first = await search({ radius: 5000, pageSize: 3 });
    expect(ids(first)).toEqual(['n-100', 'n-500', 'n-2500']);
    expect(typeof first.data.nextCursor).toBe('string');
    const second = await search({ radius: 5000, pageSize: 3, cursor: first.data.nextCursor });
    expect(ids(second)).toEqual(['n-3500']);
    expect(second.data.nextCursor).toBeNull();
    const forged = await search({ cursor: 'not-a-cursor' });
    expect(forged).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.cursor', message: '分页参数无效，请刷新后重试' } });
    // A cursor of a time-ordered list (another page's) is refused the same way, not read as an offset.
    const foreign = Buffer.from(JSON.stringify(['2026-11-22T01:00:00.000Z', 'n-100']), 'utf8').toString('base64url');
    expect(await search({ cursor: foreign })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field: 'payload.cursor', message: '分页参数无效，请刷新后重试' } });
  });

  it('refuses bad coordinates and a radius over 20 km with INPUT.INVALID naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ location: { lat: 95, lng: 109.6 } }, 'payload.location.lat'],
      [{ location: { lat: 23.1, lng: 200 } }, 'payload.location.lng'],
      [{ location: { lat: '23.1', lng: 109.6 } }, 'payload.location.lat'],
      [{ location: { lat: 23.1 } }, 'payload.location.lng'],
      [{}, 'payload.location'],
      [{ location: ORIGIN, radius: 50000 }, 'payload.radius'],
      [{ location: ORIGIN, radius: -5 }, 'payload.radius'],
      [{ location: ORIGIN, services: ['teleport'] }, 'payload.services.0'],
    ];
    for (const [payload, field] of cases) {
      const res = await emu.call(RIDER, 'place', 'nearby', payload);
      expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', field } });
      expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('needs a logged-in user', async () => {
    // The invoke rule refuses a client with no identity; the function refuses it too, on its own.
    expect(await emu.call(null, 'place', 'nearby', { location: ORIGIN })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    const own = await emu.emulator.functions.invoke('place', { action: 'nearby', payload: { location: ORIGIN } }, { source: 'wx_client' });
    expect(own.ok && JSON.parse(own.json)).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('finds the demo district’s places around its centre', async () => {
    const res = await emu.call(RIDER, 'place', 'nearby', { location: { lat: 23.1, lng: 109.6 }, radius: 20000, pageSize: 50 });
    expect(res.data.items.length).toBeGreaterThanOrEqual(40);
    const names = res.data.items.map((i: { name: string }) => i.name);
    expect(names).toEqual(expect.arrayContaining(['荷城社区党群服务站', '黄记牛腩粉']));
    expect(names).not.toContain('陈姐甜品店'); // a pending application
  });
});

describe('open now', () => {
  // Fixed clocks in Shanghai time; 2026-11-24 is a Tuesday.
  const at = (local: string) => new Date(`${local}:00+08:00`);
  const O2 = { lat: 23.3, lng: 109.3 };
  const run = (payload: Partial<NearbyPayload>, now: Date) =>
    nearby(emu.app.database(), null, nearbyPayload.parse({ location: O2, radius: 5000, ...payload }), now);

  beforeAll(async () => {
    const near = (id: string, metres: number, hours: WeeklyHours, over: Partial<PlaceDoc> = {}) => {
      const p = place(id, metres, { hours, ...over });
      p.location = { type: 'Point', coordinates: [p.location.coordinates[0], O2.lat] };
      return p;
    };
    await places().add([
      near('o-day-100', 100, DAYTIME),
      near('o-night-200', 200, { weekly: everyDay(r('18:00', '02:00')), closedDays: ['2026-11-26'] }),
      near('o-24h-300', 300, { weekly: everyDay(), is24h: true, closedDays: ['2026-11-25'] }),
      near('o-day-400', 400, DAYTIME),
      near('o-never-500', 500, { weekly: everyDay() }),
      near('o-day-600', 600, DAYTIME),
      near('o-24h-pending-700', 700, { weekly: everyDay(), is24h: true }, { status: 'pending' }),
      near('o-day-800', 800, DAYTIME),
    ]);
  });

  it('keeps the evening range open after midnight, and knows 24h', async () => {
    const res = await run({ openNow: true }, at('2026-11-24T01:30'));
    expect(res.items.map((i) => i.id)).toEqual(['o-night-200', 'o-24h-300']);
    // The 24h place closes at midnight: the 25th is its day off.
    expect(res.items.map((i) => i.statusText)).toEqual(['营业中 · 至 02:00', '营业中 · 至 24:00']);
    const later = await run({ openNow: true, type: 'merchant' }, at('2026-11-27T01:30'));
    expect(later.items.find((i) => i.id === 'o-24h-300')?.statusText).toBe('24 小时营业');
    expect(res.items.every((i) => i.openNow)).toBe(true);
  });

  it('drops closed dates: the 24h place on its day off, the night place from its evening into the next morning', async () => {
    expect((await run({ openNow: true }, at('2026-11-25T12:00'))).items.map((i) => i.id)).toEqual(['o-day-100', 'o-day-400', 'o-day-600', 'o-day-800']);
    // 11-26 is the night place's closed date: its evening and the small hours of 11-27 are closed; 11-26 01:00 (the 25th's spill) is open.
    expect((await run({ openNow: true }, at('2026-11-26T01:00'))).items.map((i) => i.id)).toEqual(['o-night-200', 'o-24h-300']);
    expect((await run({ openNow: true }, at('2026-11-26T23:00'))).items.map((i) => i.id)).toEqual(['o-24h-300']);
    expect((await run({ openNow: true }, at('2026-11-27T01:00'))).items.map((i) => i.id)).toEqual(['o-24h-300']);
  });

  it('fills whole pages with open places even when closed ones are nearer', async () => {
    const now = at('2026-11-24T03:00');
    const all = await run({}, now);
    expect(all.items.map((i) => [i.id, i.openNow])).toEqual([
      ['o-day-100', false],
      ['o-night-200', false],
      ['o-24h-300', true],
      ['o-day-400', false],
      ['o-never-500', false],
      ['o-day-600', false],
      ['o-day-800', false],
    ]);
    const noon = at('2026-11-24T12:00');
    const page1 = await run({ openNow: true, pageSize: 2 }, noon);
    expect(page1.items.map((i) => i.id)).toEqual(['o-day-100', 'o-24h-300']);
    const page2 = await run({ openNow: true, pageSize: 2, cursor: page1.nextCursor! }, noon);
    expect(page2.items.map((i) => i.id)).toEqual(['o-day-400', 'o-day-600']);
    const page3 = await run({ openNow: true, pageSize: 2, cursor: page2.nextCursor! }, noon);
    expect(page3.items.map((i) => i.id)).toEqual(['o-day-800']);
    expect(page3.nextCursor).toBeNull();
  });

  it('asks the database once per search', async () => {
    const before = emu.emulator.stats.adminRequests;
    await run({ openNow: true, services: ['water'], type: 'merchant' }, at('2026-11-24T12:00'));
    expect(emu.emulator.stats.adminRequests - before).toBe(1);
  });

  it('filters by the real clock through the gateway too', async () => {
    const res = await emu.call(RIDER, 'place', 'nearby', { location: O2, radius: 5000, openNow: true, pageSize: 50 });
    expect(res.ok).toBe(true);
    const got = ids(res);
    expect(got).not.toContain('o-never-500');
    expect(got).not.toContain('o-24h-pending-700');
    expect(res.data.items.every((i: { openNow: boolean }) => i.openNow)).toBe(true);
  });
});
