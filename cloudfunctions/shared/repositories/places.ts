import type { LatLng, PlaceStatus, PlaceType, ServiceCode } from '../contracts/place';
import { openNowKey } from '../domain/hours';
import { NEARBY_FIELDS, PLACES_COLLECTION, toLatLng, type PlaceDoc } from '../domain/place';
import { containingRegion } from '../domain/routing';
import type { Db, Tx } from '../runtime/app';
import { routingRegions } from './report-regions';
import { isDuplicateKey } from './users';

export interface NearbyQuery {
  center: LatLng;
  radius: number;
  type?: PlaceType;
  services?: ServiceCode[];
  /** Filter to places open at this moment (Asia/Shanghai). */
  openAt?: Date;
  offset: number;
  limit: number;
}

export type NearbyDoc = Pick<PlaceDoc, '_id' | 'name' | 'type' | 'services' | 'location' | 'address' | 'hours' | 'offers'>;

const one = <T>(res: { data: unknown }): T | null => ((res.data as T[] | undefined)?.[0] as T) ?? null;

export function placesRepo(db: Db) {
  const col = db.collection(PLACES_COLLECTION);
  const _ = db.command;
  return {
    /**
     * The whole nearby search in one database call: `$nearSphere` on the 2dsphere-indexed `location`
     * (nearest first, within the radius) with status, type, services and "open now" in the same query,
     * so every page is full and the offset is exact. "Open now" matches a stored week interval that
     * covers this minute of the week, and refuses today's closed date (yesterday's for the part of an
     * evening range past midnight).
     */
    async nearby(q: NearbyQuery): Promise<NearbyDoc[]> {
      const base: Record<string, unknown> = {
        location: _.geoNear({ geometry: new db.Geo.Point(q.center.lng, q.center.lat), maxDistance: q.radius, minDistance: 0 }),
        status: 'approved',
      };
      if (q.type) base.type = q.type;
      if (q.services && q.services.length > 0) base.services = _.all(q.services);
      let where: unknown = base;
      if (q.openAt) {
        const k = openNowKey(q.openAt);
        const covering = (spill: boolean) => _.elemMatch({ s: _.lte(k.minute), e: _.gt(k.minute), spill });
        where = _.and([
          base,
          _.or([
            { openWeek: covering(false), 'hours.closedDays': _.neq(k.today) },
            { openWeek: covering(true), 'hours.closedDays': _.neq(k.yesterday) },
          ]),
        ]);
      }
      const res = await col
        .where(where as Record<string, unknown>)
        .skip(q.offset)
        .limit(q.limit)
        .field(NEARBY_FIELDS)
        .get();
      return res.data as NearbyDoc[];
    },

    async find(id: string): Promise<PlaceDoc | null> {
      return one<PlaceDoc>(await col.doc(id).get());
    },

    /** Create-once: false when the `_id` (derived from the request id) is already there. */
    async create(doc: PlaceDoc): Promise<boolean> {
      try {
        await col.add(doc);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    /** Create-once inside a transaction: a second copy of the same request fails with a duplicate key. */
    async txCreate(tx: Tx, doc: PlaceDoc): Promise<void> {
      await tx.collection(PLACES_COLLECTION).add(doc);
    },

    async listByOwner(openid: string, offset: number, limit: number): Promise<PlaceDoc[]> {
      const res = await col.where({ ownerOpenid: openid }).orderBy('createdAt', 'desc').orderBy('_id', 'asc').skip(offset).limit(limit).get();
      return res.data as PlaceDoc[];
    },

    /** Places the person still answers for (live, waiting for review, or suspended): they block an erasure. */
    async countOwnedLive(openid: string): Promise<number> {
      const res = await col.where({ ownerOpenid: openid, status: _.in(['approved', 'pending', 'suspended']) }).count();
      return res.total;
    },

    async countOpenApplications(openid: string): Promise<number> {
      const res = await col.where({ ownerOpenid: openid, status: 'pending' }).count();
      return res.total;
    },

    /** Waiting for review by staff of these communities (null = every community, for admins), oldest first. */
    async queue(communityIds: string[] | null, offset: number, limit: number): Promise<PlaceDoc[]> {
      const where = communityIds ? { reviewQueue: _.in(communityIds) } : { reviewQueue: _.neq(null) };
      const res = await col.where(where).orderBy('reviewQueuedAt', 'asc').orderBy('_id', 'asc').skip(offset).limit(limit).get();
      return res.data as PlaceDoc[];
    },

    /** Places of these communities (null = all), most recently changed first. */
    async manage(
      filter: { communityIds: string[] | null; type?: PlaceType; status?: PlaceStatus },
      offset: number,
      limit: number,
    ): Promise<PlaceDoc[]> {
      const where: Record<string, unknown> = {};
      if (filter.communityIds) where.communityId = _.in(filter.communityIds);
      if (filter.type) where.type = filter.type;
      if (filter.status) where.status = filter.status;
      const res = await col.where(where).orderBy('updatedAt', 'desc').orderBy('_id', 'asc').skip(offset).limit(limit).get();
      return res.data as PlaceDoc[];
    },

    /**
     * The community (and grid) a location falls in, from the regions' polygons, in one query.
     * Null outside the district.
     */
    /**
     * The community and grid a point lies in, from the routing map cached per warm instance (see
     * report-regions.ts): registering or moving a place costs no database round trip for it.
     */
    async locate(p: LatLng): Promise<{ communityId: string; gridId: string | null; communityName: string } | null> {
      return containingRegion(p.lng, p.lat, await routingRegions(db));
    },

    /** Names of regions (communities and grids), for the review queue (one query for a page). */
    async communityNames(ids: string[]): Promise<Record<string, string>> {
      if (ids.length === 0) return {};
      const res = await db.collection('regions').where({ _id: _.in([...new Set(ids)]) }).field({ _id: true, name: true }).limit(100).get();
      return Object.fromEntries((res.data as Array<{ _id: string; name: string }>).map((r) => [r._id, r.name]));
    },
  };
}

/** Reads a place inside a transaction, so a concurrent change to it is caught at commit. */
export async function txFindPlace(tx: Tx, id: string): Promise<PlaceDoc | null> {
  return (await tx.collection(PLACES_COLLECTION).doc(id).get()).data as PlaceDoc | null;
}

/**
 * The SDK turns nested objects of an update into dotted `$set`s, which would keep keys a new value
 * no longer has (hours.is24h) and cannot write into a field that is null (pendingChange). Whole
 * values are replaced with `_.set`, and locations written as the SDK's Point.
 */
function forUpdate(db: Db, next: Partial<PlaceDoc>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (k === 'location' && v) {
      const p = toLatLng(v as PlaceDoc['location']);
      out[k] = new db.Geo.Point(p.lng, p.lat);
    } else if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      out[k] = db.command.set(v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** Writes the changed fields of a place inside a transaction (whole values, see forUpdate). */
export async function txUpdatePlace(db: Db, tx: Tx, id: string, next: Partial<PlaceDoc>): Promise<void> {
  await tx.collection(PLACES_COLLECTION).doc(id).update(forUpdate(db, next));
}
