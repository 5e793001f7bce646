// The dashboard's rollup documents (collection `rollups`) and the activity marks behind "active in
// the last 30 days" (collection `activity`). Written inside the transactions that change the raw
// documents; read by stats.overview; replaced wholesale by the repair job.
import { ACTIVITY_COLLECTION, activityMark, communityKey, markAt, nest, ROLLUPS_COLLECTION, SHARDS, shardOf, type RollupChanges, type RollupDoc } from '../domain/rollups';
import type { Db, Tx } from '../runtime/app';

const PAGE = 1000;

/**
 * The shard this instance writes first (see shardOf): each function its own, so a submit and a
 * redeem in the same community and day do not conflict on one document, while a quiet day still
 * ends with few documents, one per function that wrote it. Set once per instance by createFunction;
 * an instance whose transaction conflicted moves to a random shard for good (applyRollups), so
 * several instances of one function — the cloud runs many under load — spread out by themselves.
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
  // This instance's shard of the day's documents (see SHARDS); after a conflict, a random one from now on.
  if ((tx.attempt ?? 1) > 1) writerShard = Math.floor(Math.random() * SHARDS);
  const shard = writerShard;
  for (const { target, counters, names } of changes.targets.values()) {
    const ref = tx.collection(ROLLUPS_COLLECTION).doc(target.seed.kind === 'day' && shard ? `${target.id}~${shard}` : target.id);
    const incs: Record<string, unknown> = { ...names, updatedAt: now };
    for (const [k, v] of Object.entries(counters)) incs[k] = _.inc(v);
    const res = (await ref.update(incs)) as { updated?: number };
    if (!res?.updated) await ref.set({ ...target.seed, ...nest(counters), ...nest(names), updatedAt: now });
  }
}

/**
 * Marks that `openid` reported in a community on the day of `at`: one write by `_id`, no read. The
 * caller writes it on the day's first report there (domain/rollups markAt).
 */
export async function markActivity(tx: Tx, openid: string, communityId: string | null, at: Date): Promise<void> {
  const { _id, ...mark } = activityMark(openid, communityId, at);
  await tx.collection(ACTIVITY_COLLECTION).doc(_id).set(mark);
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
     * People with a report in these communities (null: anywhere) on the day of `since` or later:
     * for one community an indexed count of its marks; otherwise one aggregation that counts each
     * person once, however many communities they reported in.
     */
    async activeSince(communities: string[] | null, since: Date): Promise<number> {
      const marks = db.collection(ACTIVITY_COLLECTION);
      const from = markAt(since);
      if (communities && communities.length === 0) return 0;
      if (communities?.length === 1) return (await marks.where({ communityId: communityKey(communities[0]), at: _.gte(from) }).count()).total ?? 0;
      const match = communities ? { communityId: _.in(communities.map((c) => communityKey(c))), at: _.gte(from) } : { at: _.gte(from) };
      const res = await marks.aggregate().match(match).group({ _id: '$openid' }).count('people').end();
      return (res.data as Array<{ people?: number }>)[0]?.people ?? 0;
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
