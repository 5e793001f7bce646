import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { distanceMetres } from '../isomorphic/geo';

/**
 * Where a report goes: the grid whose polygon holds its location; else the nearest community
 * (by its centre, within NEAREST_COMMUNITY_MAX_M, so a report just over the district line still
 * reaches someone); else the district queue, which only district admins work.
 */
export interface RoutingRegion {
  id: string;
  level: 'district' | 'street' | 'community' | 'grid';
  name: string;
  parentId: string | null;
  geometry?: Polygon | MultiPolygon;
  /** [lng, lat] */
  center?: [number, number];
}

export interface Route {
  level: 'grid' | 'community' | 'district';
  gridId: string | null;
  gridName: string;
  communityId: string | null;
  communityName: string;
  districtId: string | null;
}

/** Beyond this distance from every community centre a report is the district's to place. */
export const NEAREST_COMMUNITY_MAX_M = 3000;

function inside(point: [number, number], geometry: RoutingRegion['geometry']): boolean {
  if (!geometry) return false;
  try {
    return booleanPointInPolygon(point, geometry);
  } catch {
    // A malformed polygon must not stop reports from being filed; it simply never matches.
    return false;
  }
}

function districtOf(regions: Map<string, RoutingRegion>, id: string | null): string | null {
  let cur = id ? regions.get(id) : undefined;
  for (let i = 0; cur && i < 8; i++) {
    if (cur.level === 'district') return cur.id;
    cur = cur.parentId ? regions.get(cur.parentId) : undefined;
  }
  return null;
}

/**
 * The grid and community whose polygons contain the point (a grid only within its own community),
 * or null outside every community: where a place may be registered. Unlike routeLocation there is
 * no nearest-community fallback — a shop outside the map is outside the service area.
 */
export function containingRegion(lng: number, lat: number, list: readonly RoutingRegion[]): { communityId: string; gridId: string | null; communityName: string } | null {
  const point: [number, number] = [lng, lat];
  // In _id order, as the database query this replaced returned them.
  const containing = list
    .filter((r) => (r.level === 'grid' || r.level === 'community') && inside(point, r.geometry))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const community = containing.find((r) => r.level === 'community');
  const grid = containing.find((r) => r.level === 'grid' && (!community || r.parentId === community.id));
  const communityId = community?.id ?? grid?.parentId;
  if (!communityId) return null;
  return { communityId, gridId: grid?.id ?? null, communityName: community?.name ?? '' };
}

export function routeLocation(lng: number, lat: number, list: readonly RoutingRegion[]): Route {
  const point: [number, number] = [lng, lat];
  const byId = new Map(list.map((r) => [r.id, r]));
  const communityRoute = (c: RoutingRegion, grid: RoutingRegion | null): Route => ({
    level: grid ? 'grid' : 'community',
    gridId: grid?.id ?? null,
    gridName: grid?.name ?? '',
    communityId: c.id,
    communityName: c.name,
    districtId: districtOf(byId, c.id),
  });

  for (const g of list) {
    if (g.level !== 'grid' || !inside(point, g.geometry)) continue;
    const community = g.parentId ? byId.get(g.parentId) : undefined;
    if (community && community.level === 'community') return communityRoute(community, g);
  }
  const communities = list.filter((r) => r.level === 'community');
  const containing = communities.find((c) => inside(point, c.geometry));
  if (containing) return communityRoute(containing, null);

  let nearest: { c: RoutingRegion; d: number } | null = null;
  for (const c of communities) {
    if (!c.center) continue;
    const d = distanceMetres({ lng: point[0], lat: point[1] }, { lng: c.center[0], lat: c.center[1] });
    if (!nearest || d < nearest.d) nearest = { c, d };
  }
  if (nearest && nearest.d <= NEAREST_COMMUNITY_MAX_M) return communityRoute(nearest.c, null);

  const district = (nearest ? districtOf(byId, nearest.c.id) : null) ?? list.find((r) => r.level === 'district')?.id ?? null;
  return { level: 'district', gridId: null, gridName: '', communityId: null, communityName: '', districtId: district };
}
