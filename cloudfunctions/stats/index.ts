import type { Envelope } from '../shared/contracts/common';
import { emptyPayload } from '../shared/contracts/common';
import { exportPayload, overviewPayload } from '../shared/contracts/stats';
import { callerOpenid, getDb } from '../shared/runtime/app';
import { action, createFunction } from '../shared/runtime/handler';
import { markOverdue, rebuild } from '../shared/usecases/rollups';
import { exportCsv, overview } from '../shared/usecases/stats';

export const actions = {
  overview: action(overviewPayload, (caller, p) => overview(getDb(), caller, p)),
  export: action(exportPayload, (caller, p) => exportCsv(getDb(), caller, p)),
  // The repair job: recompute every dashboard rollup from the raw collections.
  rebuild: action(emptyPayload, (caller) => rebuild(getDb(), caller)),
};

const handler = createFunction('stats', actions);

/** CloudBase's timer event: { Type: 'Timer', TriggerName, Time }. */
function isTimerEvent(event: unknown): boolean {
  return !!event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer';
}

export async function main(event: unknown): Promise<Envelope<unknown>> {
  // The timer (cloudbaserc.json) counts reports that went past their deadline since its last run.
  if (isTimerEvent(event) && !callerOpenid()) {
    try {
      const data = await markOverdue(getDb());
      console.log(`[stats] overdue ${JSON.stringify(data)}`);
      return { ok: true, data };
    } catch (err) {
      console.error('[stats] overdue marking failed', err);
      return { ok: false, error: { code: 'INTERNAL', message: '定时任务失败' } };
    }
  }
  return handler(event);
}
