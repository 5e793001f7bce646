import { ringSelfIntersects } from '../../../cloudfunctions/shared/domain/geometry';
import { validateRegionImport } from '../../../cloudfunctions/shared/domain/regions';
import { districtRegions } from '../../../emulator/seed/district';

const rect = (w: number, s: number, e: number, n: number) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const feature = (id: string, level: string, name: string, parentId: string | null, coordinates?: number[][][]) => ({
  type: 'Feature',
  properties: { id, level, name, parentId },
  geometry: coordinates ? { type: 'Polygon', coordinates } : null,
});

const good = () => [
  feature('d1', 'district', '测试区', null),
  feature('s1', 'street', '测试街道', 'd1'),
  feature('c1', 'community', '测试社区', 's1', rect(109.5, 23.0, 109.52, 23.02)),
  feature('g1', 'grid', '测试一网格', 'c1', rect(109.5, 23.0, 109.51, 23.02)),
];

describe('GeoJSON region import', () => {
  it('accepts a consistent hierarchy and derives centres', () => {
    const r = validateRegionImport({ features: good() }, []);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.regions.find((x) => x._id === 'g1')?.center?.coordinates).toEqual([109.505, 23.01]);
  });

  it('refuses an unclosed ring, naming the feature', () => {
    const fs = good();
    (fs[3].geometry as any).coordinates[0].pop();
    const r = validateRegionImport({ features: fs }, []);
    expect(r).toMatchObject({ ok: false, feature: '第 4 个要素（测试一网格）' });
    if (!r.ok) expect(r.message).toContain('没有闭合');
  });

  it('refuses a self-intersecting (bow-tie) ring', () => {
    const fs = good();
    (fs[3].geometry as any).coordinates = [[[109.5, 23.0], [109.51, 23.02], [109.51, 23.0], [109.5, 23.02], [109.5, 23.0]]];
    const r = validateRegionImport({ features: fs }, []);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('自相交');
  });

  it('refuses a grid outside its community', () => {
    const fs = good();
    fs[3] = feature('g1', 'grid', '测试一网格', 'c1', rect(109.6, 23.0, 109.61, 23.02));
    const r = validateRegionImport({ features: fs }, []);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('超出所属社区「测试社区」');
  });

  it('refuses an unknown parent and a parent of the wrong level', () => {
    const unknown = validateRegionImport({ features: [...good(), feature('g2', 'grid', '孤儿网格', 'c9', rect(109.5, 23.0, 109.51, 23.01))] }, []);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.message).toContain('上级「c9」不存在');
    const wrong = validateRegionImport({ features: [...good(), feature('g3', 'grid', '错层网格', 's1', rect(109.5, 23.0, 109.51, 23.01))] }, []);
    if (!wrong.ok) expect(wrong.message).toContain('应当是社区');
    expect(wrong.ok).toBe(false);
  });

  it('refuses swapped coordinates and duplicate ids', () => {
    const swapped = good();
    swapped[2] = feature('c1', 'community', '测试社区', 's1', [[[23.0, 109.5], [23.02, 109.5], [23.02, 109.52], [23.0, 109.52], [23.0, 109.5]]]);
    const r = validateRegionImport({ features: swapped }, []);
    if (!r.ok) expect(r.message).toContain('中国范围');
    expect(r.ok).toBe(false);
    const dup = validateRegionImport({ features: [...good(), feature('s1', 'street', '重复街道', 'd1')] }, []);
    expect(dup.ok).toBe(false);
  });

  it('lets a grid hang under a community already stored', () => {
    const r = validateRegionImport({ features: [feature('grid-hecheng-9', 'grid', '荷城九网格', 'community-hecheng', rect(109.57, 23.11, 109.58, 23.12))] }, districtRegions());
    expect(r.ok).toBe(true);
  });

  it('detects crossings but not neighbouring edges', () => {
    expect(ringSelfIntersects(rect(0, 0, 1, 1)[0] as any)).toBe(false);
    expect(ringSelfIntersects([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]])).toBe(true);
  });
});
