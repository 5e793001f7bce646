// The dashboard's rollup documents (collection `rollups`) and the activity marks behind "active in
// the last 30 days" (collection `activity`). Written inside the transactions that change the raw
// documents; read by stats.overview; replaced wholesale by the repair job.
import { ACTIVITY_COLLECTION, ANY_COMMUNITY, activityId, communityKey, nest, ROLLUPS_COLLECTION, SHARDS, shardOf, type RollupChanges, type RollupDoc } from '../domain/rollups';
import type { Db, Tx } from '../runtime/app';

const PAGE = 1000;

/**
 * The shard this function writes first (see shardOf): each function its own, so a submit and a
 * redeem in the same community and day do not conflict on one document, while a quiet day still
 * ends with few documents, one per function that wrote it. Set once per instance by createFunction.
 */
let writerShard = 0;
export function writeRollupsAs(functionName: string): void {
  writerShard = shardOf(functionName);
}

/**
 * Adds the changes to their rollup documents inside the transaction: one increment per document
 * (no read). A document that does not exist yet (the first change of a day and community) is
 * created with the changes as its values; two transactions creating the same one conflict, and the
 * one that runs again finds it and increments it.
 */
export async function applyRollups(tx: Tx, changes: RollupChanges, now: Date): Promise<void> {
  const _ = tx.command;
  // This function's shard of the day's documents (see SHARDS); after a conflict, a random one.
  const shard = (tx.attempt ?? 1) > 1 ? Math.floor(Math.random() * SHARDS) : writerShard;
  for (const { target, counters, names } of changes.targets.values()) {
    const ref = tx.collection(ROLLUPS_COLLECTION).doc(target.seed.kind === 'day' && shard ? `${target.id}~${shard}` : target.id);
    const incs: Record<string, unknown> = { ...names, updatedAt: now };
    for (const [k, v] of Object.entries(counters)) incs[k] = _.inc(v);
    const res = (await ref.update(incs)) as { updated?: number };
    if (!res?.updated) await ref.set({ ...target.seed, ...nest(counters), ...nest(names), updatedAt: now });
  }
}

/**
 * Marks that `openid` reported in a community (and anywhere) at `at`: two writes by `_id`, no read.
 * "Active in the last 30 days" is then a count of marks newer than 30 days — one per person and
 * community, so nobody is counted twice.
 */
export async function touchActivity(tx: Tx, openid: string, communityId: string | null, at: Date): Promise<void> {
  for (const key of [communityKey(communityId), ANY_COMMUNITY]) {
    await tx.collection(ACTIVITY_COLLECTION).doc(activityId(key, openid)).set({ openid, communityId: key, at });
  }
}

export function rollupsRepo(db: Db) {
  const _ = db.command;
  const col = db.collection(ROLLUPS_COLLECTION);

  async function all(where: Record<string, unknown>): Promise<RollupDoc[]> {
    const out: RollupDoc[] = [];
    let after = '';
    for (;;) {
      const q = after ? { ...where, _id: _.gt(after) } : where;
      const page = (await col.where(q).orderBy('_id', 'asc').limit(PAGE).get()).data as RollupDoc[];
      out.push(...page);
      if (page.length < PAGE) return out;
      after = page[page.length - 1]._id;
    }
  }

  return {
    /** Day documents from `fromDay` to `toDay` (inclusive) of these communities (null: all, the district queue too). */
    days(fromDay: string, toDay: string, communities: string[] | null): Promise<RollupDoc[]> {
      return all({ kind: 'day', day: _.gte(fromDay).and(_.lte(toDay)), ...(communities ? { communityId: _.in(communities) } : {}) });
    },

    places(communities: string[] | null): Promise<RollupDoc[]> {
      return all({ kind: 'places', ...(communities ? { communityId: _.in(communities) } : {}) });
    },

    everything(): Promise<RollupDoc[]> {
      return all({});
    },

    /**
     * People with a report in these communities since `since`: a count of marks for one key; for a
     * staff member with several communities the marks are read and the people counted once.
     */
    async activeSince(communities: string[] | null, since: Date): Promise<number> {
      const marks = db.collection(ACTIVITY_COLLECTION);
      const keys = communities ? communities.map((c) => communityKey(c)) : [ANY_COMMUNITY];
      if (keys.length === 0) return 0;
      if (keys.length === 1) return (await marks.where({ communityId: keys[0], at: _.gte(since) }).count()).total ?? 0;
      const people = new Set<string>();
      let after = '';
      for (;;) {
        const where: Record<string, unknown> = { communityId: _.in(keys), at: _.gte(since), ...(after ? { _id: _.gt(after) } : {}) };
        const page = (await marks.where(where).orderBy('_id', 'asc').field({ openid: true }).limit(PAGE).get()).data as Array<{ _id: string; openid: string }>;
        for (const m of page) people.add(m.openid);
        if (page.length < PAGE) return people.size;
        after = page[page.length - 1]._id;
      }
    },

    /** The repair job's last step: every rollup document replaced by the recount. */
    async replaceAll(docs: RollupDoc[], activity: Array<{ _id: string; openid: string; communityId: string; at: Date }>): Promise<void> {
      await col.where({ _id: _.exists(true) }).remove();
      for (let i = 0; i < docs.length; i += 500) await col.add(docs.slice(i, i + 500));
      const marks = db.collection(ACTIVITY_COLLECTION);
      await marks.where({ _id: _.exists(true) }).remove();
      for (let i = 0; i < activity.length; i += 500) await marks.add(activity.slice(i, i + 500));
    },
  };
}
