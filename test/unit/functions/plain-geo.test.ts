import tcb from '@cloudbase/node-sdk';
import { plainGeo } from '../../../cloudfunctions/shared/repositories/plain';

describe('plainGeo', () => {
  const db = tcb.init({ env: 'x', secretId: 'x', secretKey: 'y' }).database();
  it('turns the SDK’s Geo objects back into GeoJSON and keeps Dates', () => {
    const at = new Date('2026-11-22T00:00:00Z');
    const doc = { at, loc: new db.Geo.Point(109.6, 23.1), nested: [{ p: new db.Geo.Point(1, 2) }], n: 1 };
    expect(plainGeo(doc)).toEqual({ at, loc: { type: 'Point', coordinates: [109.6, 23.1] }, nested: [{ p: { type: 'Point', coordinates: [1, 2] } }], n: 1 });
    expect(plainGeo(doc).at).toBeInstanceOf(Date);
  });
});
