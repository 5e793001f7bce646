// Carries out a plan one step at a time, in order (collections before their indexes, functions
// before their triggers), and stops at the first failure: a re-run plans again from what is there.
import { describe, type Plan } from '../plan/plan';
import type { Step } from '../types';

export interface StepRunner {
  apply(step: Step): Promise<void>;
}

export async function applyPlan(p: Plan, runner: StepRunner, log: (line: string) => void): Promise<void> {
  let done = 0;
  for (const step of p.steps) {
    log(`  ${describe(step)}`);
    try {
      await runner.apply(step);
    } catch (err) {
      const e = err as { message?: string; code?: string };
      throw new Error(`第 ${done + 1}/${p.steps.length} 步失败（${describe(step)}）：${e.code ? `${e.code} ` : ''}${e.message ?? String(err)}。已完成的步骤保留；修正后重新运行 npm run deploy 会从当前状态继续。`);
    }
    done++;
  }
  log(done ? `Done: ${done} change${done === 1 ? '' : 's'} applied.` : 'Everything is up to date: nothing to change.');
}
