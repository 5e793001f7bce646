// A believable demo district modelled on 港北区: 2 streets, 4 communities, 12 grids, laid out as
// rectangles around (23.10 N, 109.60 E) in GCJ-02. Each community is split into three grids.
import type { RegionDoc } from '../../cloudfunctions/shared/repositories/regions';

type Ring = [number, number][];
const rect = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];

const round = (x: number) => Math.round(x * 1e6) / 1e6;

interface CommunitySpec {
  id: string;
  name: string;
  street: string;
  bbox: [number, number, number, number]; // west, south, east, north
  grids: string[];
}

export const DISTRICT_ID = 'district-gangbei';

export const STREETS = [
  { id: 'street-gangcheng', name: '港城街道' },
  { id: 'street-guicheng', name: '贵城街道' },
];

export const COMMUNITIES: CommunitySpec[] = [
  { id: 'community-hecheng', name: '荷城社区', street: 'street-gangcheng', bbox: [109.56, 23.1, 109.6, 23.13], grids: ['荷城一网格', '荷城二网格', '荷城三网格'] },
  { id: 'community-shiyangtang', name: '石羊塘社区', street: 'street-gangcheng', bbox: [109.6, 23.1, 109.64, 23.13], grids: ['石羊塘一网格', '石羊塘二网格', '石羊塘三网格'] },
  { id: 'community-gangning', name: '港宁社区', street: 'street-guicheng', bbox: [109.56, 23.07, 109.6, 23.1], grids: ['港宁一网格', '港宁二网格', '港宁三网格'] },
  { id: 'community-jingang', name: '金港社区', street: 'street-guicheng', bbox: [109.6, 23.07, 109.64, 23.1], grids: ['金港一网格', '金港二网格', '金港三网格'] },
];

/** Grid ids are `<community id without prefix>-<n>`, e.g. grid-hecheng-1. */
export const gridId = (communityId: string, n: number) => `grid-${communityId.replace('community-', '')}-${n}`;

export function districtRegions(): RegionDoc[] {
  const regions: RegionDoc[] = [{ _id: DISTRICT_ID, level: 'district', name: '港北区（演示）', parentId: null }];
  for (const s of STREETS) regions.push({ _id: s.id, level: 'street', name: s.name, parentId: DISTRICT_ID });
  for (const c of COMMUNITIES) {
    const [w, s, e, n] = c.bbox;
    regions.push({
      _id: c.id,
      level: 'community',
      name: c.name,
      parentId: c.street,
      geometry: { type: 'Polygon', coordinates: [rect(w, s, e, n)] },
      center: { type: 'Point', coordinates: [round((w + e) / 2), round((s + n) / 2)] },
    });
    const step = (e - w) / c.grids.length;
    c.grids.forEach((name, i) => {
      const gw = round(w + i * step);
      const ge = round(w + (i + 1) * step);
      regions.push({
        _id: gridId(c.id, i + 1),
        level: 'grid',
        name,
        parentId: c.id,
        geometry: { type: 'Polygon', coordinates: [rect(gw, s, ge, n)] },
        center: { type: 'Point', coordinates: [round((gw + ge) / 2), round((s + n) / 2)] },
      });
    });
  }
  return regions;
}
