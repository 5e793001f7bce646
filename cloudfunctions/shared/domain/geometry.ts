import booleanPointInPolygon from '@turf/boolean-point-in-polygon';

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** Mainland China and nearby, generously: a coordinate outside is a mistake (swapped lat/lng, WGS zeros). */
export const CHINA_BOUNDS = { minLng: 73, maxLng: 136, minLat: 3, maxLat: 54 };

export function inChina([lng, lat]: Position): boolean {
  return lng >= CHINA_BOUNDS.minLng && lng <= CHINA_BOUNDS.maxLng && lat >= CHINA_BOUNDS.minLat && lat <= CHINA_BOUNDS.maxLat;
}

export function polygonsOf(g: AreaGeometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

const samePoint = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

function orientation(p: Position, q: Position, r: Position): number {
  const v = (q[1] - p[1]) * (r[0] - q[0]) - (q[0] - p[0]) * (r[1] - q[1]);
  return Math.abs(v) < 1e-15 ? 0 : v > 0 ? 1 : 2;
}

function onSegment(p: Position, q: Position, r: Position): boolean {
  return q[0] <= Math.max(p[0], r[0]) && q[0] >= Math.min(p[0], r[0]) && q[1] <= Math.max(p[1], r[1]) && q[1] >= Math.min(p[1], r[1]);
}

function segmentsIntersect(p1: Position, q1: Position, p2: Position, q2: Position): boolean {
  const o1 = orientation(p1, q1, p2);
  const o2 = orientation(p1, q1, q2);
  const o3 = orientation(p2, q2, p1);
  const o4 = orientation(p2, q2, q1);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(p1, p2, q1)) return true;
  if (o2 === 0 && onSegment(p1, q2, q1)) return true;
  if (o3 === 0 && onSegment(p2, p1, q2)) return true;
  if (o4 === 0 && onSegment(p2, q1, q2)) return true;
  return false;
}

/** Whether a closed ring crosses or touches itself anywhere other than at neighbouring edges' shared vertex. */
export function ringSelfIntersects(ring: Ring): boolean {
  const n = ring.length - 1; // edges; the last point repeats the first
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) continue;
      if (segmentsIntersect(ring[i], ring[i + 1], ring[j], ring[j + 1])) return true;
    }
  }
  return false;
}

/** Problems with an area geometry, in Chinese; empty when it is a valid (multi)polygon. */
export function areaProblems(g: unknown): string[] {
  const geo = g as AreaGeometry | undefined;
  if (!geo || (geo.type !== 'Polygon' && geo.type !== 'MultiPolygon') || !Array.isArray(geo.coordinates)) return ['几何类型必须是 Polygon 或 MultiPolygon'];
  const problems: string[] = [];
  for (const polygon of polygonsOf(geo)) {
    if (!Array.isArray(polygon) || polygon.length === 0) return ['多边形没有边界'];
    for (const ring of polygon) {
      if (!Array.isArray(ring) || ring.length < 4) return ['边界至少需要 4 个点（首尾相同）'];
      if (!ring.every((p) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]))) return ['坐标必须是 [经度, 纬度] 数字'];
      if (!samePoint(ring[0], ring[ring.length - 1])) problems.push('边界没有闭合（首尾坐标不同）');
      else if (ringSelfIntersects(ring)) problems.push('边界自相交');
      if (!ring.every((p) => inChina(p as Position))) problems.push('坐标超出中国范围（请确认经纬度顺序为 [经度, 纬度]）');
    }
  }
  return [...new Set(problems)];
}

/** Every vertex of `inner` lies in `outer` (boundary counts as inside). */
export function areaInside(inner: AreaGeometry, outer: AreaGeometry): boolean {
  return polygonsOf(inner).every((poly) => poly[0].every((p) => booleanPointInPolygon(p, outer)));
}

/** The centroid of the outer ring's vertices: a representative point for routing and labels. */
export function areaCenter(g: AreaGeometry): Position {
  const ring = polygonsOf(g)[0][0];
  const pts = ring.slice(0, -1);
  const lng = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const lat = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}
