import { emptyPayload, type PointsJobsResult } from '../shared/contracts/points';
import type { Envelope } from '../shared/contracts/common';
import { getDb, isTimerInvocation } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { runPointsJobs, runPointsJobsByHand } from '../shared/usecases/points-jobs';

// Scheduled points work: refund expired codes, expire old points. Runs from its timer trigger
// (cloudbaserc.json); an admin can also run it by hand ({ action: 'run' }).
export const actions = {
  run: action(emptyPayload, (caller) => runPointsJobsByHand(getDb(), caller)),
};

const handler = createFunction('pointsjobs', actions);

/** CloudBase's timer event: { Type: 'Timer', TriggerName, Time }. */
function isTimerEvent(event: unknown): boolean {
  return !!event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer';
}

const NOT_A_TIMER = { code: 'AUTH.FORBIDDEN', message: '积分定时任务只能由定时触发器运行' } as const;

export async function main(event: unknown): Promise<Envelope<unknown>> {
  // The event is whatever the caller sent, so its shape proves nothing: only the runtime's own word
  // that a timer trigger started this invocation does. A timer-shaped event from anyone else (a
  // client, or server code's callFunction with no openid) is refused before anything runs.
  if (isTimerEvent(event)) {
    if (!isTimerInvocation()) {
      console.warn('[pointsjobs] refused a timer-shaped event that no timer trigger sent');
      return { ok: false, error: { ...NOT_A_TIMER } };
    }
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
