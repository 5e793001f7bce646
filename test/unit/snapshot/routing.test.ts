import { districtRegions } from '../../../emulator/seed/district';
import { distanceMetres } from '../../../cloudfunctions/shared/isomorphic/geo';
import { NEAREST_COMMUNITY_MAX_M, routeLocation, type RoutingRegion } from '../../../cloudfunctions/shared/domain/routing';

const regions: RoutingRegion[] = districtRegions().map((r) => ({ id: r._id, level: r.level, name: r.name, parentId: r.parentId, geometry: r.geometry as RoutingRegion['geometry'], center: r.center?.coordinates }));

describe('routing a report', () => {
  it('puts a point inside a grid polygon into that grid and its community', () => {
    expect(routeLocation(109.565, 23.112, regions)).toEqual({ level: 'grid', gridId: 'grid-hecheng-1', gridName: '荷城一网格', communityId: 'community-hecheng', communityName: '荷城社区', districtId: 'district-gangbei' });
    expect(routeLocation(109.63, 23.08, regions)).toMatchObject({ level: 'grid', gridId: 'grid-jingang-3', communityId: 'community-jingang' });
  });

  it('sends a point just outside every grid to the nearest community', () => {
    const r = routeLocation(109.645, 23.085, regions);
    expect(r).toMatchObject({ level: 'community', gridId: null, communityId: 'community-jingang', districtId: 'district-gangbei' });
  });

  it('sends a point far from every community to the district queue', () => {
    const far = routeLocation(109.75, 23.1, regions);
    expect(far).toEqual({ level: 'district', gridId: null, gridName: '', communityId: null, communityName: '', districtId: 'district-gangbei' });
    expect(distanceMetres({ lng: 109.75, lat: 23.1 }, { lng: 109.62, lat: 23.115 })).toBeGreaterThan(NEAREST_COMMUNITY_MAX_M);
  });

  it('routes into a community polygon that has no grids (a community not yet split)', () => {
    const noGrids = regions.filter((r) => !(r.level === 'grid' && r.parentId === 'community-gangning'));
    expect(routeLocation(109.58, 23.085, noGrids)).toMatchObject({ level: 'community', communityId: 'community-gangning', gridId: null });
  });

  it('survives a broken polygon and an empty map', () => {
    const broken = regions.map((r) => (r.id === 'grid-hecheng-1' ? { ...r, geometry: { type: 'Polygon', coordinates: [[[1, 2]]] } as unknown as RoutingRegion['geometry'] } : r));
    expect(routeLocation(109.565, 23.112, broken)).toMatchObject({ communityId: 'community-hecheng' });
    expect(routeLocation(109.565, 23.112, [])).toEqual({ level: 'district', gridId: null, gridName: '', communityId: null, communityName: '', districtId: null });
  });

  it('measures metres on the sphere', () => {
    // One thousandth of a degree of latitude is about 111 m.
    expect(distanceMetres({ lng: 109.6, lat: 23.1 }, { lng: 109.6, lat: 23.101 })).toBeGreaterThan(110);
    expect(distanceMetres({ lng: 109.6, lat: 23.1 }, { lng: 109.6, lat: 23.101 })).toBeLessThan(112);
  });
});
