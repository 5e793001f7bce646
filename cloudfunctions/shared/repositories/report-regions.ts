import type { RoutingRegion } from '../domain/routing';
import type { Db } from '../runtime/app';
import { regionsRepo, type RegionDoc } from './regions';

/**
 * Regions for routing, cached per warm function instance: every submit and every dispatch needs
 * the grid polygons, and they change only when an admin imports a new map. Caching saves one
 * database round trip per call; a new map reaches a warm instance within REGION_CACHE_MS.
 */
export const REGION_CACHE_MS = 5 * 60_000;

let cache: { at: number; regions: RoutingRegion[] } | null = null;

function toRouting(r: RegionDoc): RoutingRegion {
  const center = r.center?.coordinates;
  return {
    id: r._id,
    level: r.level,
    name: r.name,
    parentId: r.parentId,
    geometry: r.geometry as RoutingRegion['geometry'],
    center: Array.isArray(center) && center.length >= 2 ? [Number(center[0]), Number(center[1])] : undefined,
  };
}

export async function routingRegions(db: Db, now = Date.now()): Promise<RoutingRegion[]> {
  if (cache && now - cache.at < REGION_CACHE_MS) return cache.regions;
  const regions = (await regionsRepo(db).listWithGeometry()).map(toRouting);
  cache = { at: now, regions };
  return regions;
}

/** Grid ids of one community (from the cached map), for finding who may be dispatched. */
export function gridsOfCommunity(regions: readonly RoutingRegion[], communityId: string): string[] {
  return regions.filter((r) => r.level === 'grid' && r.parentId === communityId).map((r) => r.id);
}
