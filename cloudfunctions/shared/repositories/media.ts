// Image checks stored on places and rewards (reports keep theirs on their photos, see reports.ts):
// finding the holder of a pushed verdict, and the staff image-review queue across all three.
import type { PlaceDoc } from '../domain/place';
import type { ReportDoc } from '../domain/report';
import type { RewardDoc } from '../domain/rewards';
import type { Db, Tx } from '../runtime/app';

const PLACES = 'places';
const REWARDS = 'rewards';
const REPORTS = 'reports';
/** Every verdict WeChat pushed, keyed by its trace id: the record of what the checker said. */
export const MEDIA_CHECKS_COLLECTION = 'media_checks';
/** One page of the image-review queue per holder kind. */
const QUEUE_LIMIT = 50;

export function mediaRepo(db: Db) {
  const _ = db.command;
  const first = <T>(res: { data: unknown }): T | null => ((res.data as T[] | undefined)?.[0] ?? null);
  return {
    async placeByTrace(traceId: string): Promise<PlaceDoc | null> {
      return first<PlaceDoc>(await db.collection(PLACES).where({ 'imageChecks.traceId': traceId }).limit(1).get());
    },
    async rewardByTrace(traceId: string): Promise<RewardDoc | null> {
      return first<RewardDoc>(await db.collection(REWARDS).where({ 'imageCheck.traceId': traceId }).limit(1).get());
    },
    /** Keeps a pushed verdict (a repeat push overwrites it: same trace id). */
    async recordVerdict(traceId: string, verdict: { suggest: string; label: number | null; holder: unknown; at: Date }): Promise<void> {
      await db.collection(MEDIA_CHECKS_COLLECTION).doc(traceId).set(verdict);
    },
    async txPlace(tx: Tx, id: string): Promise<PlaceDoc | null> {
      return ((await tx.collection(PLACES).doc(id).get()).data as PlaceDoc | null) ?? null;
    },
    async txReward(tx: Tx, id: string): Promise<RewardDoc | null> {
      return ((await tx.collection(REWARDS).doc(id).get()).data as RewardDoc | null) ?? null;
    },
    async txReport(tx: Tx, id: string): Promise<ReportDoc | null> {
      return ((await tx.collection(REPORTS).doc(id).get()).data as ReportDoc | null) ?? null;
    },
    async txUpdatePlace(tx: Tx, id: string, patch: Partial<PlaceDoc>): Promise<void> {
      await tx.collection(PLACES).doc(id).update(patch);
    },
    async txUpdateReward(tx: Tx, id: string, patch: Partial<RewardDoc>): Promise<void> {
      await tx.collection(REWARDS).doc(id).update(patch);
    },
    async txUpdateReport(tx: Tx, id: string, patch: Partial<ReportDoc>): Promise<void> {
      await tx.collection(REPORTS).doc(id).update(patch);
    },
    /**
     * Everything holding an image that waits for staff, in the given communities (null = all): report
     * and resolution photos, place images, reward images. Oldest first, at most QUEUE_LIMIT of each.
     */
    async awaitingStaff(communities: string[] | null): Promise<{ reports: ReportDoc[]; places: PlaceDoc[]; rewards: RewardDoc[] }> {
      const scope = (field: string) => (communities ? { [field]: _.in(communities) } : {});
      const [reports, places, rewards] = await Promise.all([
        db.collection(REPORTS).where(_.and([_.or([{ 'photos.staffReview': true }, { 'resolution.photos.staffReview': true }]), scope('communityId')])).orderBy('createdAt', 'asc').limit(QUEUE_LIMIT).get(),
        db.collection(PLACES).where({ 'imageChecks.staffReview': true, ...scope('communityId') }).orderBy('createdAt', 'asc').limit(QUEUE_LIMIT).get(),
        db.collection(REWARDS).where({ 'imageCheck.staffReview': true, ...scope('communityId') }).orderBy('createdAt', 'asc').limit(QUEUE_LIMIT).get(),
      ]);
      return { reports: reports.data as ReportDoc[], places: places.data as PlaceDoc[], rewards: rewards.data as RewardDoc[] };
    },
  };
}
