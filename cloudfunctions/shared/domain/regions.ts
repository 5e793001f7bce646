import { areaCenter, areaInside, areaProblems, type AreaGeometry } from './geometry';

export type RegionLevel = 'district' | 'street' | 'community' | 'grid';

/** A node of district → street → community → grid; grids carry their GeoJSON polygon. */
export interface RegionDoc {
  _id: string;
  level: RegionLevel;
  name: string;
  parentId: string | null;
  /** For grids and communities: GeoJSON Polygon in GCJ-02 [lng, lat]. */
  geometry?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  /** For communities: a representative point, used to route reports outside every grid. */
  center?: { type: 'Point'; coordinates: [number, number] };
}

export const REGION_LEVELS: RegionLevel[] = ['district', 'street', 'community', 'grid'];
const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = { district: null, street: 'district', community: 'street', grid: 'community' };
const LEVEL_NAME: Record<RegionLevel, string> = { district: '区', street: '街道', community: '社区', grid: '网格' };
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type ImportResult = { ok: true; regions: RegionDoc[] } | { ok: false; feature: string; message: string };

interface FeatureLike {
  type?: unknown;
  properties?: { id?: unknown; level?: unknown; name?: unknown; parentId?: unknown } | null;
  geometry?: unknown;
}

/**
 * Validates a GeoJSON FeatureCollection of regions as a whole: any bad feature refuses the file,
 * naming that feature. Parents may come from the file or from what is stored already.
 */
export function validateRegionImport(collection: { features: unknown[] }, existing: RegionDoc[]): ImportResult {
  const parsed: RegionDoc[] = [];
  const seen = new Set<string>();
  const label = (i: number, f: FeatureLike) => {
    const name = typeof f.properties?.name === 'string' ? f.properties.name : '';
    const id = typeof f.properties?.id === 'string' ? f.properties.id : '';
    return `第 ${i + 1} 个要素${name || id ? `（${name || id}）` : ''}`;
  };
  const fail = (i: number, f: FeatureLike, message: string): ImportResult => ({ ok: false, feature: label(i, f), message: `${label(i, f)}：${message}` });

  for (let i = 0; i < collection.features.length; i++) {
    const f = (collection.features[i] ?? {}) as FeatureLike;
    if (f.type !== 'Feature' || !f.properties || typeof f.properties !== 'object') return fail(i, f, '不是有效的 GeoJSON Feature（缺少 properties）');
    const { id, level, name, parentId } = f.properties;
    if (typeof id !== 'string' || !ID.test(id)) return fail(i, f, 'properties.id 必须是 1–64 位字母、数字、下划线或短横线');
    if (seen.has(id)) return fail(i, f, `id「${id}」重复`);
    seen.add(id);
    if (typeof level !== 'string' || !REGION_LEVELS.includes(level as RegionLevel)) return fail(i, f, 'properties.level 必须是 district、street、community 或 grid');
    if (typeof name !== 'string' || !name.trim() || name.length > 40) return fail(i, f, 'properties.name 必须是 1–40 个字的名称');
    const lvl = level as RegionLevel;
    if (PARENT_LEVEL[lvl] && (typeof parentId !== 'string' || !parentId)) return fail(i, f, `${LEVEL_NAME[lvl]}必须指定上级 parentId`);
    const needsArea = lvl === 'community' || lvl === 'grid';
    if (f.geometry == null && needsArea) return fail(i, f, `${LEVEL_NAME[lvl]}必须有边界（Polygon）`);
    let geometry: AreaGeometry | undefined;
    if (f.geometry != null) {
      const problems = areaProblems(f.geometry);
      if (problems.length) return fail(i, f, problems.join('；'));
      geometry = f.geometry as AreaGeometry;
    }
    parsed.push({
      _id: id,
      level: lvl,
      name: name.trim(),
      parentId: PARENT_LEVEL[lvl] ? (parentId as string) : null,
      ...(geometry ? { geometry, center: { type: 'Point' as const, coordinates: areaCenter(geometry) } } : {}),
    });
  }

  const byId = new Map<string, RegionDoc>(existing.map((r) => [r._id, r]));
  for (const r of parsed) byId.set(r._id, r);
  for (let i = 0; i < parsed.length; i++) {
    const r = parsed[i];
    const f = collection.features[i] as FeatureLike;
    const want = PARENT_LEVEL[r.level];
    if (!want) continue;
    const parent = byId.get(r.parentId ?? '');
    if (!parent) return fail(i, f, `上级「${r.parentId}」不存在`);
    if (parent.level !== want) return fail(i, f, `上级「${parent.name}」应当是${LEVEL_NAME[want]}`);
    if (r.level === 'grid') {
      if (!parent.geometry) return fail(i, f, `所属社区「${parent.name}」没有边界，无法确认网格在社区内`);
      if (!areaInside(r.geometry as AreaGeometry, parent.geometry as AreaGeometry)) return fail(i, f, `网格超出所属社区「${parent.name}」的边界`);
    }
  }
  return { ok: true, regions: parsed };
}
