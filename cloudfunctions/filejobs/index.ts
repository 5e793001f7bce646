import { purgeExports } from '../shared/repositories/exports';
import { getDb, isTimerInvocation } from '../shared/runtime/app';

/**
 * Scheduled file housekeeping: deletes export files (user.exportMine, stats.export) once their short
 * life is over. Only its timer trigger runs it (cloudbaserc.json); its invoke rule refuses every
 * client, and anything the runtime does not call a timer run is refused here too.
 */
export async function main(): Promise<{ ok: boolean; deleted?: number; error?: { code: string; message: string } }> {
  if (!isTimerInvocation()) {
    console.warn('[filejobs] refused: not a timer run');
    return { ok: false, error: { code: 'AUTH.FORBIDDEN', message: '文件清理任务只能由定时触发器运行' } };
  }
  const deleted = await purgeExports(getDb(), new Date());
  console.log(`[filejobs] deleted ${deleted} expired export files`);
  return { ok: true, deleted };
}
