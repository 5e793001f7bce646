import type { Db, Tx } from '../runtime/app';
import { plainGeo } from './plain';

// The document types are domain types (plain data the import rules check); re-exported for callers here.
import type { RegionDoc } from '../domain/regions';
export type { RegionDoc, RegionLevel } from '../domain/regions';

export function regionsRepo(db: Db) {
  const col = db.collection('regions');
  const _ = db.command;
  return {
    async find(id: string): Promise<RegionDoc | null> {
      const res = await col.doc(id).get();
      const doc = (res.data as RegionDoc[] | undefined)?.[0];
      return doc ? plainGeo(doc) : null;
    },
    /** One query for a set of ids (used to validate role scopes). */
    async findMany(ids: string[]): Promise<RegionDoc[]> {
      if (ids.length === 0) return [];
      const res = await col.where({ _id: _.in(ids) }).field({ geometry: false }).limit(1000).get();
      return plainGeo(res.data as RegionDoc[]);
    },
    /** Every region with its geometry, for validating an import against what is stored. */
    async listWithGeometry(): Promise<RegionDoc[]> {
      const res = await col.where({}).limit(1000).get();
      return plainGeo(res.data as RegionDoc[]);
    },
    /** Every region without geometry: a district has hundreds, well under the 1000-per-read cap. */
    async listAll(): Promise<RegionDoc[]> {
      const res = await col.where({}).field({ geometry: false }).orderBy('_id', 'asc').limit(1000).get();
      return plainGeo(res.data as RegionDoc[]);
    },
  };
}

/**
 * Writes each region whole (set = upsert by _id), so re-importing a file converges; inside the
 * import's transaction, so the regions and the audit entry that records them land together.
 */
export async function saveRegions(tx: Tx, regions: RegionDoc[]): Promise<void> {
  for (const { _id, ...rest } of regions) await tx.collection('regions').doc(_id).set(rest);
}
