import { emptyPayload, type PointsJobsResult } from '../shared/contracts/points';
import type { Envelope } from '../shared/contracts/common';
import { callerOpenid, getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { runPointsJobs } from '../shared/usecases/points-jobs';

// Scheduled points work: refund expired codes, expire old points. Runs from its timer trigger
// (cloudbaserc.json); an admin can also run it by hand ({ action: 'run' }).
export const actions = {
  run: action(emptyPayload, () => runPointsJobs(getDb())),
};

const handler = createFunction('pointsjobs', actions);

/** CloudBase's timer event: { Type: 'Timer', TriggerName, Time }. */
function isTimerEvent(event: unknown): boolean {
  return !!event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer';
}

export async function main(event: unknown): Promise<Envelope<unknown>> {
  // A timer invocation carries no user; a caller with an openid goes through the policy like any call.
  if (isTimerEvent(event) && !callerOpenid()) {
    try {
      const data: PointsJobsResult = await runPointsJobs(getDb());
      console.log(`[pointsjobs] ${JSON.stringify(data)}`);
      return { ok: true, data };
    } catch (err) {
      console.error('[pointsjobs] run failed', err);
      return { ok: false, error: { code: 'INTERNAL', message: '定时任务失败' } };
    }
  }
  return handler(event);
}
