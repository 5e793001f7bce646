// Client-side first look at a GeoJSON file before it is sent: is it JSON, a FeatureCollection, how
// many regions of each level. The function validates everything again (rings, nesting…) and names
// the feature it refuses.

export type Parsed =
  | { ok: true; geojson: { type: 'FeatureCollection'; features: unknown[] }; byLevel: Record<string, number> }
  | { ok: false; message: string };

const MAX_FEATURES = 2000;

export function parseRegionFile(text: string): Parsed {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) return { ok: false, message: '文件是空的' };
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch {
    return { ok: false, message: '文件不是有效的 JSON，请确认是 .geojson 或 .json 文件' };
  }
  const fc = data as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return { ok: false, message: '文件必须是 GeoJSON FeatureCollection（"type": "FeatureCollection"）' };
  }
  if (fc.features.length === 0) return { ok: false, message: '文件中没有任何区域' };
  if (fc.features.length > MAX_FEATURES) return { ok: false, message: `一次最多导入 ${MAX_FEATURES} 个区域，请分批导入` };
  const byLevel: Record<string, number> = {};
  for (const f of fc.features) {
    const level = (f as { properties?: { level?: unknown } } | null)?.properties?.level;
    const key = typeof level === 'string' ? level : 'unknown';
    byLevel[key] = (byLevel[key] ?? 0) + 1;
  }
  return { ok: true, geojson: { type: 'FeatureCollection', features: fc.features }, byLevel };
}

export const LEVEL_LABELS: Record<string, string> = { district: '区', street: '街道', community: '社区', grid: '网格', unknown: '未注明级别' };

export function levelSummary(byLevel: Record<string, number>): string {
  return ['district', 'street', 'community', 'grid', 'unknown']
    .filter((l) => byLevel[l])
    .map((l) => `${LEVEL_LABELS[l]} ${byLevel[l]} 个`)
    .join('，');
}
