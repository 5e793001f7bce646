// Timer triggers, as CloudBase runs them: `functions[].triggers` of type "timer" in cloudbaserc.json,
// each a 7-field cron (second minute hour day month weekday year) read in Beijing time. `npm run serve`
// schedules them; tests fire one at once with fireTimer. The function gets CloudBase's timer event
// ({ Type: 'Timer', TriggerName, Time, Message }) with TRIGGER_SRC=timer, TCB_SOURCE=wx_trigger and no
// caller openid, as in the cloud; no other invocation gets TRIGGER_SRC=timer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FunctionRunner, InvokeOutcome } from './runner';
import { SHANGHAI_OFFSET_MS } from '../../cloudfunctions/shared/isomorphic/time';

export interface TimerTrigger {
  functionName: string;
  name: string;
  config: string;
}

/** The timer triggers declared in cloudbaserc.json. */
export function readTimerTriggers(file: string): TimerTrigger[] {
  const rc = JSON.parse(readFileSync(file, 'utf8')) as { functions?: Array<{ name?: string; triggers?: Array<{ name?: string; type?: string; config?: string }> }> };
  const out: TimerTrigger[] = [];
  for (const fn of rc.functions ?? []) {
    for (const t of fn.triggers ?? []) {
      if (t.type === 'timer' && fn.name && t.name && t.config) out.push({ functionName: fn.name, name: t.name, config: t.config });
    }
  }
  return out;
}

const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'weekday', min: 0, max: 6 },
  { name: 'year', min: 1970, max: 2199 },
] as const;
const NAMES: Record<string, number> = {
  SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6,
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};

export type Cron = Array<Set<number>>;

/** Parses `*`, `?`, numbers and names, `a-b`, lists and steps (`*\/10`, `5-50/5`). Throws on anything else. */
export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 7) throw new Error(`cron needs 7 fields (second minute hour day month weekday year): ${expr}`);
  return parts.map((part, i) => {
    const { min, max, name } = FIELDS[i];
    const set = new Set<number>();
    const num = (s: string) => {
      const n = NAMES[s.toUpperCase()] ?? Number(s);
      // 7 is Sunday too in most crons.
      const v = name === 'weekday' && n === 7 ? 0 : n;
      if (!Number.isInteger(v) || v < min || v > max) throw new Error(`cron ${name} out of range: ${s} in ${expr}`);
      return v;
    };
    for (const item of part.split(',')) {
      const [range, stepRaw] = item.split('/');
      const step = stepRaw === undefined ? 1 : Number(stepRaw);
      if (!Number.isInteger(step) || step < 1) throw new Error(`cron step must be a positive integer: ${item}`);
      let lo: number;
      let hi: number;
      if (range === '*' || range === '?') [lo, hi] = [min, max];
      else if (range.includes('-')) [lo, hi] = range.split('-').map(num) as [number, number];
      else [lo, hi] = [num(range), stepRaw === undefined ? num(range) : max];
      for (let v = lo; v <= hi; v += step) set.add(v);
    }
    return set;
  });
}

// CloudBase timers read cron in Beijing time (UTC+8, the same offset as Asia/Shanghai).
const BEIJING_MS = SHANGHAI_OFFSET_MS;

/** The first instant strictly after `after` that the cron matches (Beijing time), or null within ~5 years. */
export function nextFire(cron: Cron, after: Date): Date | null {
  // Work in "Beijing wall clock as UTC" and convert back at the end.
  let t = Math.floor((after.getTime() + BEIJING_MS) / 1000) * 1000 + 1000;
  const limit = t + 5 * 366 * 86_400_000;
  while (t < limit) {
    const d = new Date(t);
    const [s, mi, h, day, mo, wd, y] = [d.getUTCSeconds(), d.getUTCMinutes(), d.getUTCHours(), d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCDay(), d.getUTCFullYear()];
    if (!cron[6].has(y)) t = Date.UTC(y + 1, 0, 1);
    else if (!cron[4].has(mo)) t = Date.UTC(y, mo, 1);
    else if (!cron[3].has(day) || !cron[5].has(wd)) t = Date.UTC(y, mo - 1, day + 1);
    else if (!cron[2].has(h)) t = Date.UTC(y, mo - 1, day, h + 1);
    else if (!cron[1].has(mi)) t = Date.UTC(y, mo - 1, day, h, mi + 1);
    else if (!cron[0].has(s)) t += 1000;
    else return new Date(t - BEIJING_MS);
  }
  return null;
}

export function timerEvent(trigger: Pick<TimerTrigger, 'name'>, at: Date) {
  return { Type: 'Timer', TriggerName: trigger.name, Time: at.toISOString(), Message: '' };
}

/** Runs one timer trigger now, as the platform would; resolves with the function's reply. */
export async function fireTimer(functions: FunctionRunner, trigger: Pick<TimerTrigger, 'functionName' | 'name'>, at = new Date()): Promise<InvokeOutcome> {
  // What CloudBase gives a timer run: TRIGGER_SRC=timer and SOURCE wx_trigger, no caller (see README).
  return functions.invoke(trigger.functionName, timerEvent(trigger, at), { openid: null, source: 'wx_trigger', trigger: 'timer' });
}

/** Schedules every trigger on its cron until stopped; one run at a time per trigger, like the cloud. */
export function startTimers(functions: FunctionRunner, triggers: TimerTrigger[], log = true): { stop(): void } {
  let stopped = false;
  const handles = new Set<NodeJS.Timeout>();
  for (const trigger of triggers) {
    const cron = parseCron(trigger.config);
    const schedule = () => {
      if (stopped) return;
      const at = nextFire(cron, new Date());
      if (!at) return;
      // setTimeout's limit is ~24.8 days: wake up earlier and look again.
      const wait = Math.min(at.getTime() - Date.now(), 2 ** 31 - 1);
      const handle = setTimeout(async () => {
        handles.delete(handle);
        if (stopped) return;
        if (Date.now() + 5 >= at.getTime()) {
          const outcome = await fireTimer(functions, trigger, at);
          if (log) console.log(`[timer] ${trigger.functionName}/${trigger.name}: ${outcome.ok ? outcome.json.slice(0, 200) : `${outcome.code} ${outcome.message}`}`);
        }
        schedule();
      }, Math.max(0, wait));
      handle.unref();
      handles.add(handle);
    };
    schedule();
  }
  return {
    stop() {
      stopped = true;
      for (const h of handles) clearTimeout(h);
      handles.clear();
    },
  };
}

export const CLOUDBASERC = path.resolve(__dirname, '..', '..', 'cloudbaserc.json');
