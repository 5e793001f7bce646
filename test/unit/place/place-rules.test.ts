import { applyPayload, SERVICES, updatePayload } from '../../../cloudfunctions/shared/contracts/place';
import { canSee, normalizeOffers, placeIdFor, type PlaceDoc, type Viewer } from '../../../cloudfunctions/shared/domain/place';
import { inStaffScope } from '../../../cloudfunctions/shared/domain/scope';
import { distanceMetres } from '../../../cloudfunctions/shared/isomorphic/geo';
import { inputError } from '../../../cloudfunctions/shared/zod-messages';
import { SERVICE_OPTIONS } from '../../../src/constants/place';

const viewer = (over: Partial<Viewer> = {}): Viewer => ({ openid: 'u1', roles: ['worker'], scopes: { staff: [], gridworker: [], merchant: [] }, ...over });
const place = (over: Partial<PlaceDoc> = {}) => ({ status: 'approved', ownerOpenid: 'owner', communityId: 'community-hecheng', reviewQueue: null, ...over }) as PlaceDoc;

describe('ids and offers', () => {
  it('derives the same place id from the same caller and request, and a different one otherwise', () => {
    expect(placeIdFor('merchant', 'u1', 'req-00001')).toBe(placeIdFor('merchant', 'u1', 'req-00001'));
    expect(placeIdFor('merchant', 'u1', 'req-00001')).not.toBe(placeIdFor('merchant', 'u2', 'req-00001'));
    expect(placeIdFor('station', 'u1', 'req-00001')).toMatch(/^station-[0-9a-f]{20}$/);
  });

  it('keeps the id of an offer across edits and gives new offers distinct ids', () => {
    const first = normalizeOffers([{ title: '免费饮水', detail: '' }, { title: '骑手套餐', detail: ' 含饮料 ', workerDiscount: ' 12 元 ' }]);
    expect(first[1]).toEqual({ id: first[1].id, title: '骑手套餐', detail: '含饮料', workerDiscount: '12 元' });
    expect(new Set(first.map((o) => o.id)).size).toBe(2);
    const edited = normalizeOffers([{ id: first[1].id, title: '骑手套餐（新）', detail: '' }, { id: 'forged', title: '免费饮水', detail: '' }], first);
    expect(edited[0].id).toBe(first[1].id);
    expect(edited[1].id).not.toBe('forged');
  });
});

describe('who sees and manages a place', () => {
  it('shows approved places to all, others to their owner and their community’s staff', () => {
    expect(canSee(viewer(), place())).toBe(true);
    expect(canSee(viewer(), place({ status: 'pending' }))).toBe(false);
    expect(canSee(viewer({ openid: 'owner' }), place({ status: 'rejected' }))).toBe(true);
    const staff = viewer({ roles: ['worker', 'staff'], scopes: { staff: ['community-hecheng'], gridworker: [], merchant: [] } });
    expect(canSee(staff, place({ status: 'suspended' }))).toBe(true);
    expect(canSee(staff, place({ status: 'pending', communityId: 'community-x' }))).toBe(false);
    // A move waits for the staff of the community it moves to.
    expect(canSee(staff, place({ status: 'approved', communityId: 'community-x', reviewQueue: 'community-hecheng' }))).toBe(true);
    expect(inStaffScope(staff, 'community-shiyangtang')).toBe(false);
    expect(inStaffScope(viewer({ roles: ['admin'] }), 'community-shiyangtang')).toBe(true);
    // A scope without the role grants nothing.
    expect(inStaffScope(viewer({ scopes: { staff: ['community-hecheng'], gridworker: [], merchant: [] } }), 'community-hecheng')).toBe(false);
  });
});

describe('distances', () => {
  it('measure a degree of latitude as about 111 km', () => {
    expect(Math.round(distanceMetres({ lat: 23, lng: 109.6 }, { lat: 24, lng: 109.6 }) / 1000)).toBe(111);
  });
});

describe('payloads', () => {
  const valid = {
    name: '阿芳便利店',
    address: '荷城路 1 号',
    phone: '0775-4211001',
    location: { lat: 23.1, lng: 109.6 },
    services: ['water'],
    hours: { weekly: Array.from({ length: 7 }, () => []) },
    licencePhoto: 'cloud://env/licence.png',
    requestId: 'abcd-12345',
  };

  it('accept a landline and default the lists', () => {
    const p = applyPayload.parse(valid);
    expect(p.offers).toEqual([]);
    expect(p.photos).toEqual([]);
  });

  it('name the bad field in Chinese', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ ...valid, services: [] }, 'payload.services', /至少选择一项服务/],
      [{ ...valid, services: ['water', 'water'] }, 'payload.services', /重复/],
      [{ ...valid, phone: '12345' }, 'payload.phone', /手机号或座机号/],
      [{ ...valid, location: { lat: 0, lng: 0 } }, 'payload.location.lat', /纬度超出范围/],
      [{ ...valid, hours: { weekly: [[{ open: '08:00', close: '08:00' }], [], [], [], [], [], []] } }, 'payload.hours.weekly.0.0', /不能相同/],
    ];
    for (const [payload, field, message] of cases) {
      const r = applyPayload.safeParse(payload);
      expect(r.success).toBe(false);
      if (r.success) throw new Error('expected a refusal');
      const e = inputError(r.error);
      expect(e.field).toBe(field);
      expect(e.message).toMatch(message);
    }
    expect(updatePayload.safeParse({ id: 'place-1' }).success).toBe(false);
  });
});

describe('the services taxonomy', () => {
  it('is the one list the pages show and the contract accepts', () => {
    expect(SERVICE_OPTIONS).toBe(SERVICES);
    for (const s of SERVICES) expect(applyPayload.shape.services.safeParse([s.code]).success).toBe(true);
  });
});
