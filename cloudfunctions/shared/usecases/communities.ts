import type { CommunitiesPayload, CommunityChoices } from '../contracts/user';
import { routeLocation } from '../domain/routing';
import { naturalCompare } from '../isomorphic/order';
import { routingRegions } from '../repositories/report-regions';
import type { Db } from '../repositories/transactions';

/**
 * The communities a person may call home (编辑资料), with their street for telling similar names
 * apart, and — given where they are — the one suggested: the community whose grid or boundary holds
 * the point, or the nearest within reach, as a report from there would be routed.
 */
export async function communities(db: Db, p: CommunitiesPayload): Promise<CommunityChoices> {
  const regions = await routingRegions(db);
  const byId = new Map(regions.map((r) => [r.id, r]));
  const items = regions
    .filter((r) => r.level === 'community')
    .map((c) => ({ id: c.id, name: c.name, streetName: (c.parentId && byId.get(c.parentId)?.name) || '' }))
    .sort((a, b) => naturalCompare(a.streetName, b.streetName) || naturalCompare(a.name, b.name));
  const route = p.location ? routeLocation(p.location.lng, p.location.lat, regions) : null;
  return { items, suggested: route?.communityId ?? null, suggestedGridName: route?.gridName ?? '' };
}
