// Runs built cloud function bundles the way CloudBase does: a pool of warm instances per function,
// each a worker thread with its own process.env, each handling ONE invocation at a time. The cloud
// scales out; one machine cannot, so the TOTAL number of instances across all functions is bounded
// (by default a few per CPU) and invocations beyond it wait in one FIFO queue shared by all
// functions. A waiting invocation takes, in order: an idle warm instance of its function, a new
// instance while the total is under the bound, or the slot of an idle instance of another function
// (evicted, least recently used first) — one nobody is queued for, or, after a wait, one whose
// function has already served a later caller, so functions take turns instead of thrashing. At most one cold start per CPU runs at a time, so a burst
// warms instances one by one instead of starving them all. The time limit counts from the start of
// execution, never from the queue. An invocation that outlives it kills its instance, as in the cloud.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';

/** CloudBase API error codes for functions.invokeFunction (wx-server-sdk maps them to -50400x). */
export const FunctionErrorCode = {
  NOT_FOUND: 'FUNCTION_NOT_FOUND',
  EXECUTE_FAIL: 'FUNCTIONS_EXECUTE_FAIL',
  TIMEOUT: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
} as const;
export type FunctionErrorCode = (typeof FunctionErrorCode)[keyof typeof FunctionErrorCode];

/** Who is calling; becomes WX_OPENID etc. in the instance's environment for one invocation. */
export interface CallerIdentity {
  openid?: string | null;
  appid?: string;
  unionid?: string;
  /** TCB_SOURCE: `wx_client` for the mini-program/gateway, `server` for SDK calls, `wx_trigger` for timers. */
  source?: string;
  /** TRIGGER_SRC: `timer` when a timer trigger starts the run (timers.ts), else `tcb`. */
  trigger?: 'timer' | 'tcb';
  clientIp?: string;
}

export type InvokeOutcome =
  | { ok: true; json: string; durationMs: number; coldStart: boolean; requestId: string; /** instance start (module load), cold starts only */ initMs?: number; /** time spent waiting for an instance */ queuedMs?: number }
  | { ok: false; code: FunctionErrorCode; message: string; stack?: string; durationMs: number; requestId: string; queuedMs?: number };

export interface RunnerOptions {
  functionsDir: string;
  envId: string;
  /** The CloudBase API URL functions talk to (TCB_CONTEXT_CNFG); a function because the port is known late. */
  adminUrl: () => string;
  /** Time limit for every invocation; overrides the functions' own config.json `timeout`. */
  timeoutMs?: number;
  /** Limit for a function with neither of the above (CloudBase's own default is 3 s; ours is laxer). */
  defaultTimeoutMs?: number;
  /** Extra environment for every instance (ADMIN_OPENIDS …). */
  env?: Record<string, string>;
  /** Environment for the instances of one function (its WeChat API token, WX_API_TOKEN). */
  envFor?: (name: string) => Record<string, string>;
  log?: boolean;
  /** Instances of all functions together (default: defaultMaxInstances(), a few per CPU). */
  maxInstances?: number;
  /** Instances of one function at most (default: the total bound). */
  maxInstancesPerFunction?: number;
  /**
   * Instances of one function while its queue moves (default: defaultInstancesPerFunction()).
   * Beyond it, another instance starts only when every instance of the function has been on its
   * current call for SCALE_OUT_MS: a long call (an export, a rebuild) does not hold up short ones.
   */
  instancesPerFunction?: number;
  /** Instances starting at once (default: the number of CPUs). */
  maxConcurrentStarts?: number;
  /** Instance start (module load) limit, CloudBase's separate "init timeout". */
  initTimeoutMs?: number;
}

const WORKER_HOST = resolveWorkerHost();
/** How long a queued caller defers to functions that have callers of their own before it evicts one. */
const STARVATION_MS = 1000;
/** How long every instance of a function must have been on one call before a queued caller of it scales out. */
export const SCALE_OUT_MS = 1000;

/** CPUs this process may use. */
export function cpuCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : Math.max(1, os.cpus().length);
}

/**
 * Instances a machine holds: an invocation mostly waits on the database (which runs in the main
 * thread), so a few per CPU keep the CPUs busy without paying for a crowd of cold starts.
 */
export function defaultMaxInstances(): number {
  return Math.max(4, cpuCount() * 4);
}

/**
 * Instances one function keeps busy while its callers' queue moves: one per two CPUs. An
 * invocation alternates between its instance (the function, the SDK) and the main thread (gateway
 * and database), so one instance and the database already keep two CPUs busy. Every further
 * isolate costs its own cold start, JIT warm-up and garbage collector — measured on 2 CPUs, eight
 * instances of one function spent three times the CPU per call of one (`npm run bench`) — and
 * concurrent writers of one hot document only conflict and run again.
 */
export function defaultInstancesPerFunction(): number {
  return Math.max(1, Math.floor(cpuCount() / 2));
}
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,60}$/;
const DEFAULT_APPID = 'wx-local-appid';

// The keys the SDK's getCloudbaseContext() copies out of process.env (see utils/tcbcontext.ts).
// WX_API_TOKEN is the function's WeChat API token: the SDK sends it with every open API call.
const WX_CONTEXT_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'WX_CLIENTIPV6', 'WX_API_TOKEN'];
const TCB_CONTEXT_KEYS = [
  'TCB_ENV', 'TCB_SEQID', 'TCB_SOURCE', 'TCB_SOURCE_IP', 'TCB_UUID', 'TCB_ISANONYMOUS_USER',
  'TCB_CUSTOM_USER_ID', 'TCB_SESSIONTOKEN',
];

interface Pending {
  id: string;
  resolve: (o: InvokeOutcome) => void;
  started: number;
  coldStart: boolean;
  timer?: NodeJS.Timeout;
}

/** The parent's Node flags minus module loaders and hooks (tsx's --import/--require and the like). */
function instanceExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (/^--(import|require|loader|experimental-loader|eval|print)$/.test(a) || ['-r', '-e', '-p'].includes(a)) {
      i++; // its value
      continue;
    }
    if (/^--(import|require|loader|experimental-loader|eval|print)=/.test(a)) continue;
    out.push(a);
  }
  return out;
}

class Instance {
  busy = true; // reserved by the invocation that started it
  /** When it was last given a call (or spawned for one): see FunctionRunner.scaleOutIn. */
  busySince = Date.now();
  dead = false;
  /** When it last finished an invocation (eviction takes the least recently used idle one). */
  lastUsed = Date.now();
  /** Arrival number of the last call it was given (see FunctionRunner.evictable). */
  lastServedSeq = 0;
  ready: Promise<void>;
  pending: Pending | null = null;
  /** Spawn to ready (the function's init phase). */
  initMs?: number;
  readonly worker: Worker;
  private readyState: 'starting' | 'ready' | 'failed' = 'starting';

  constructor(
    readonly pool: FunctionPool,
    env: Record<string, string>,
    initTimeoutMs: number,
    log: boolean,
  ) {
    this.worker = new Worker(WORKER_HOST, {
      workerData: { file: pool.file, name: pool.name },
      env,
      // The bundles are plain CommonJS: a cloud instance runs them on bare Node. Inheriting the
      // parent's loaders (tsx under `npm start`, jest, bench) would route every require of a cold
      // start through a TypeScript transform — several times the start-up CPU of the cloud.
      execArgv: instanceExecArgv(),
      stdout: true,
      stderr: true,
    });
    // Let the process exit without an explicit close (a test that forgets still ends).
    this.worker.unref();
    pipeOutput(this.worker.stdout, process.stdout, pool.name, log);
    pipeOutput(this.worker.stderr, process.stderr, pool.name, log);

    const spawned = Date.now();
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${pool.name}: instance did not start within ${initTimeoutMs} ms`));
      }, initTimeoutMs);
      this.worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'ready') {
          clearTimeout(timer);
          this.pool.runner.startFinished(this);
          this.readyState = 'ready';
          this.initMs = Date.now() - spawned;
          resolve();
        } else if (msg.type === 'init-error') {
          clearTimeout(timer);
          this.pool.runner.startFinished(this);
          this.readyState = 'failed';
          reject(Object.assign(new Error(msg.error.message), { stack: msg.error.stack }));
        } else if (msg.type === 'result') {
          this.onResult(msg);
        } else if (msg.type === 'fatal') {
          this.fail(`${msg.error.name}: ${msg.error.message}`, msg.error.stack);
        }
      });
      this.worker.on('error', (err) => {
        clearTimeout(timer);
        if (this.readyState === 'starting') reject(err);
        this.fail(err.message, err.stack);
      });
      this.worker.on('exit', (code) => {
        clearTimeout(timer);
        if (this.readyState === 'starting') reject(new Error(`${pool.name}: instance exited during start (${code})`));
        this.fail(`instance exited (code ${code})`);
      });
    });
    // A rejected start is reported through invoke(); never as an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  run(event: unknown, context: Record<string, unknown>, env: Record<string, string>, pending: Pending, timeoutMs: number): void {
    this.pending = pending;
    pending.timer = setTimeout(() => {
      // The instance is killed, not just abandoned: the function must not keep writing after
      // its caller was told it failed (CloudBase does the same).
      this.settle({
        ok: false,
        code: FunctionErrorCode.TIMEOUT,
        message: `Invoking task timed out after ${Math.round(timeoutMs / 100) / 10} seconds`,
      });
      this.kill();
    }, timeoutMs);
    this.worker.postMessage({ type: 'invoke', id: pending.id, event, context, env });
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.pool.runner.startFinished(this);
    void this.worker.terminate();
    this.pool.remove(this);
  }

  private onResult(msg: Extract<WorkerMessage, { type: 'result' }>): void {
    if (!this.pending || this.pending.id !== msg.id) return;
    if (msg.ok) this.settle({ ok: true, json: msg.json });
    else this.settle({ ok: false, code: FunctionErrorCode.EXECUTE_FAIL, message: `${msg.error.name}: ${msg.error.message}`, stack: msg.error.stack });
    if (!this.dead) this.pool.release(this);
  }

  private fail(message: string, stack?: string): void {
    this.settle({ ok: false, code: FunctionErrorCode.EXECUTE_FAIL, message, stack });
    this.kill();
  }

  private settle(o: { ok: true; json: string } | { ok: false; code: FunctionErrorCode; message: string; stack?: string }): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    if (p.timer) clearTimeout(p.timer);
    const durationMs = Date.now() - p.started;
    p.resolve(o.ok
      ? { ok: true, json: o.json, durationMs, coldStart: p.coldStart, requestId: p.id, ...(p.coldStart ? { initMs: this.initMs } : {}) }
      : { ...o, durationMs, requestId: p.id });
  }
}

class FunctionPool {
  readonly instances: Instance[] = [];

  constructor(readonly runner: FunctionRunner, readonly name: string, readonly file: string, readonly timeoutMs: number) {}

  idle(): Instance | undefined {
    return this.instances.find((i) => !i.busy && !i.dead);
  }

  release(inst: Instance): void {
    inst.busy = false;
    inst.lastUsed = Date.now();
    this.runner.dispatch();
  }

  remove(inst: Instance): void {
    const i = this.instances.indexOf(inst);
    if (i >= 0) this.instances.splice(i, 1);
    // A dead instance frees a slot for whoever is queued.
    this.runner.dispatch();
  }

  spawn(): Instance {
    const inst = new Instance(this, this.runner.instanceEnv(this.name), this.runner.initTimeoutMs, this.runner.log);
    this.instances.push(inst);
    return inst;
  }
}

interface Waiter {
  pool: FunctionPool;
  enqueued: number;
  /** Arrival order. */
  seq: number;
  /** null: the runner closed while it waited. */
  resolve: (r: { instance: Instance; cold: boolean } | null) => void;
}

export class FunctionRunner {
  readonly functionsDir: string;
  /** Instances of all functions together. */
  readonly maxInstances: number;
  readonly maxInstancesPerFunction: number;
  readonly instancesPerFunction: number;
  readonly maxConcurrentStarts: number;
  readonly initTimeoutMs: number;
  readonly log: boolean;
  closed = false;
  private readonly pools = new Map<string, FunctionPool>();
  /** Invocations waiting for an instance, oldest first, whatever their function. */
  private readonly queue: Waiter[] = [];
  private readonly starting = new Set<Instance>();
  private coldStarts = 0;
  private evictions = 0;
  private starvationTimer: NodeJS.Timeout | undefined;
  private scaleTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private arrivals = 0;

  constructor(private readonly opts: RunnerOptions) {
    this.functionsDir = path.resolve(opts.functionsDir);
    this.maxInstances = Math.max(1, opts.maxInstances ?? defaultMaxInstances());
    this.maxInstancesPerFunction = Math.max(1, Math.min(this.maxInstances, opts.maxInstancesPerFunction ?? this.maxInstances));
    this.instancesPerFunction = Math.max(1, Math.min(this.maxInstancesPerFunction, opts.instancesPerFunction ?? defaultInstancesPerFunction()));
    this.maxConcurrentStarts = Math.max(1, opts.maxConcurrentStarts ?? cpuCount());
    this.initTimeoutMs = opts.initTimeoutMs ?? 30_000;
    this.log = !!opts.log;
  }

  private total(): number {
    let n = 0;
    for (const p of this.pools.values()) n += p.instances.length;
    return n;
  }

  /** The least recently used idle instance of another function, to give its slot away. */
  /**
   * An idle instance of another function whose slot the caller `w` may take, least recently used
   * first. One nobody is queued for, at once. One whose function has callers queued (they would
   * take it warm) only once `w` has waited STARVATION_MS and that function has already been served
   * a call that arrived after `w`: functions take turns instead of evicting each other per call.
   */
  private evictable(w: Waiter): Instance | undefined {
    const wanted = new Set(this.queue.map((q) => q.pool));
    const starving = Date.now() - w.enqueued >= STARVATION_MS;
    let best: Instance | undefined;
    for (const p of this.pools.values()) {
      if (p === w.pool) continue;
      for (const i of p.instances) {
        if (i.busy || i.dead) continue;
        if (wanted.has(p) && !(starving && i.lastServedSeq > w.seq)) continue;
        if (!best || i.lastUsed < best.lastUsed) best = i;
      }
    }
    return best;
  }

  /** An instance for the caller: at once when one is free or can start, else in FIFO order. */
  private acquire(pool: FunctionPool): Promise<{ instance: Instance; cold: boolean } | null> {
    return new Promise((resolve) => {
      this.queue.push({ pool, enqueued: Date.now(), seq: ++this.arrivals, resolve });
      this.dispatch();
    });
  }

  /** Serves queued invocations in arrival order as far as instances allow. */
  dispatch(): void {
    if (this.closed) return;
    // Once the first caller in line cannot start an instance, nobody behind it may start one
    // either (FIFO); they can still take an idle instance of their own function.
    let mayStart = true;
    for (let i = 0; i < this.queue.length; ) {
      const w = this.queue[i];
      const idle = w.pool.idle();
      if (idle) {
        idle.busy = true;
        idle.busySince = Date.now();
        idle.lastServedSeq = w.seq;
        this.queue.splice(i, 1);
        w.resolve({ instance: idle, cold: false });
        continue;
      }
      // At its own cap this function waits for one of its instances; others may still go.
      if (!mayStart || w.pool.instances.length >= this.maxInstancesPerFunction) {
        i++;
        continue;
      }
      // Past its warm size it waits too, unless its instances are all stuck on long calls.
      if (w.pool.instances.length >= this.instancesPerFunction) {
        const wait = this.scaleOutIn(w.pool);
        if (wait > 0) {
          this.wakeIn(wait);
          i++;
          continue;
        }
      }
      // Cold starts are CPU-bound: one per CPU at a time.
      if (this.starting.size >= this.maxConcurrentStarts) {
        mayStart = false;
        i++;
        continue;
      }
      if (this.total() >= this.maxInstances) {
        const victim = this.evictable(w);
        if (!victim) {
          mayStart = false;
          i++;
          continue;
        }
        this.evictions++;
        victim.dead = true;
        void victim.worker.terminate();
        const vp = victim.pool;
        vp.instances.splice(vp.instances.indexOf(victim), 1);
      }
      const inst = w.pool.spawn();
      inst.lastServedSeq = w.seq;
      this.starting.add(inst);
      this.coldStarts++;
      this.queue.splice(i, 1);
      w.resolve({ instance: inst, cold: true });
    }
    // A caller that may evict any instance once it has waited long enough needs a wake-up even
    // if nothing else happens meanwhile.
    if (this.queue.length > 0 && !this.starvationTimer) {
      this.starvationTimer = setTimeout(() => {
        this.starvationTimer = undefined;
        this.dispatch();
      }, STARVATION_MS);
      this.starvationTimer.unref();
    }
  }

  /** Milliseconds until every instance of the pool has been on its current call for SCALE_OUT_MS (0: now). */
  private scaleOutIn(pool: FunctionPool): number {
    const now = Date.now();
    let wait = 0;
    for (const i of pool.instances) {
      if (!i.busy || i.dead) return Number.POSITIVE_INFINITY; // it will be free in a moment
      wait = Math.max(wait, i.busySince + SCALE_OUT_MS - now);
    }
    return wait;
  }

  /** Dispatches again in `ms` (the earliest of the wake-ups asked for). */
  private wakeIn(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const at = Date.now() + ms;
    if (this.scaleTimer && this.scaleTimer.at <= at) return;
    if (this.scaleTimer) clearTimeout(this.scaleTimer.timer);
    const timer = setTimeout(() => {
      this.scaleTimer = undefined;
      this.dispatch();
    }, ms + 1);
    timer.unref();
    this.scaleTimer = { at, timer };
  }

  /** An instance finished starting (or died trying): another cold start may begin. */
  startFinished(inst: Instance): void {
    if (this.starting.delete(inst)) this.dispatch();
  }

  /** The invocation limit of one function: the runner's, else its config.json `timeout` (seconds), else the default. */
  timeoutOf(name: string): number {
    if (this.opts.timeoutMs !== undefined) return this.opts.timeoutMs;
    const fallback = this.opts.defaultTimeoutMs ?? 10_000;
    try {
      const config = JSON.parse(readFileSync(path.join(this.functionsDir, name, 'config.json'), 'utf8')) as { timeout?: unknown };
      const t = Number(config.timeout);
      return Number.isFinite(t) && t > 0 ? t * 1000 : fallback;
    } catch {
      return fallback;
    }
  }

  /** The bundle of a function, or null when the name is invalid or nothing is built there. */
  bundleOf(name: string): string | null {
    if (!FUNCTION_NAME.test(name)) return null;
    const file = path.join(this.functionsDir, name, 'index.js');
    try {
      return statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }

  has(name: string): boolean {
    return this.bundleOf(name) !== null;
  }

  /** Counts of live instances per function (for tests and logs). */
  stats(): Record<string, { instances: number; busy: number }> {
    const out: Record<string, { instances: number; busy: number }> = {};
    for (const [name, pool] of this.pools) {
      out[name] = { instances: pool.instances.length, busy: pool.instances.filter((i) => i.busy).length };
    }
    return out;
  }

  /** Totals since start: instances started (cold starts), evicted, live, and invocations queued now. */
  totals(): { coldStarts: number; evictions: number; instances: number; queued: number; maxInstances: number } {
    return { coldStarts: this.coldStarts, evictions: this.evictions, instances: this.total(), queued: this.queue.length, maxInstances: this.maxInstances };
  }

  async invoke(name: string, event: unknown, caller: CallerIdentity = {}): Promise<InvokeOutcome> {
    const requestId = randomUUID();
    const started = Date.now();
    const file = this.bundleOf(name);
    if (!file || this.closed) {
      return { ok: false, code: FunctionErrorCode.NOT_FOUND, message: `FunctionName parameter could not be found: ${name}`, durationMs: 0, requestId };
    }
    let pool = this.pools.get(name);
    if (!pool) {
      pool = new FunctionPool(this, name, file, this.timeoutOf(name));
      this.pools.set(name, pool);
    }
    const acquired = await this.acquire(pool);
    const queuedMs = Date.now() - started;
    if (!acquired) {
      return { ok: false, code: FunctionErrorCode.EXECUTE_FAIL, message: 'the emulator is shutting down', durationMs: queuedMs, requestId, queuedMs };
    }
    const { instance, cold } = acquired;
    try {
      await instance.ready;
    } catch (err) {
      instance.kill();
      const e = err as Error;
      if (this.log) console.error(`[fn:${name}] instance failed to start: ${e.stack ?? e.message}`);
      return { ok: false, code: FunctionErrorCode.EXECUTE_FAIL, message: e.message, stack: e.stack, durationMs: Date.now() - started, requestId, queuedMs };
    }
    if (instance.dead) {
      return { ok: false, code: FunctionErrorCode.EXECUTE_FAIL, message: 'instance died', durationMs: Date.now() - started, requestId, queuedMs };
    }
    const env = invocationEnv(caller, this.opts.envId, requestId, this.opts.adminUrl());
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      memory_limit_in_mb: 256,
      time_limit_in_ms: pool.timeoutMs,
      request_id: requestId,
      function_name: name,
      function_version: '$LATEST',
      namespace: this.opts.envId,
      environment: JSON.stringify({ ...env, WX_CONTEXT_KEYS: WX_CONTEXT_KEYS.join(','), TCB_CONTEXT_KEYS: TCB_CONTEXT_KEYS.join(',') }),
    };
    const outcome = await new Promise<InvokeOutcome>((resolve) => {
      // The time limit starts here, when the invocation reaches its instance.
      instance.run(event, context, env, { id: requestId, resolve, started: Date.now(), coldStart: cold }, pool!.timeoutMs);
    });
    outcome.queuedMs = queuedMs;
    if (this.log) {
      const what = outcome.ok ? 'ok' : `${outcome.code}: ${outcome.message}`;
      console.log(`[fn:${name}] ${what} in ${outcome.durationMs} ms${cold ? ` (cold start, init ${instance.initMs ?? '?'} ms)` : ''}`);
      if (!outcome.ok && outcome.stack) console.error(`[fn:${name}] ${outcome.stack}`);
    }
    return outcome;
  }

  /** Environment every instance starts with: what a CloudBase runtime injects. */
  instanceEnv(name?: string): Record<string, string> {
    const envId = this.opts.envId;
    return {
      // Inherit PATH, HOME, NODE_OPTIONS…, but nothing of the host's identity.
      ...pickHostEnv(),
      TENCENTCLOUD: 'true',
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      TENCENTCLOUD_SECRETID: 'local-secret-id',
      TENCENTCLOUD_SECRETKEY: 'local-secret-key',
      TENCENTCLOUD_SESSIONTOKEN: '',
      SCF_NAMESPACE: envId,
      TCB_ENV: envId,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrl() }),
      TCB_CONTEXT_KEYS: TCB_CONTEXT_KEYS.join(','),
      WX_CONTEXT_KEYS: WX_CONTEXT_KEYS.join(','),
      ...(this.opts.env ?? {}),
      ...(name && this.opts.envFor ? this.opts.envFor(name) : {}),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.starvationTimer) clearTimeout(this.starvationTimer);
    if (this.scaleTimer) clearTimeout(this.scaleTimer.timer);
    // Queued callers get an answer rather than hanging.
    for (const w of this.queue.splice(0)) w.resolve(null);
    const all = [...this.pools.values()].flatMap((p) => [...p.instances]);
    this.pools.clear();
    await Promise.all(all.map(async (inst) => {
      inst.dead = true;
      await inst.worker.terminate();
    }));
  }
}

type WorkerError = { name: string; message: string; stack?: string };
type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: WorkerError }
  | { type: 'fatal'; error: WorkerError }
  | { type: 'result'; id: string; ok: true; json: string }
  | { type: 'result'; id: string; ok: false; error: WorkerError };

function invocationEnv(caller: CallerIdentity, envId: string, requestId: string, adminUrl: string): Record<string, string> {
  const openid = caller.openid ?? '';
  const env: Record<string, string> = {
    // The CloudBase API URL names the invocation, so the database knows which requests come from
    // code that has a transaction open. The SDK appends `env=…&seqId=…` straight after a URL
    // that already has a `?` (its buildUrl), hence the trailing `&`.
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${adminUrl}?invocation=${requestId}&` }),
    TCB_ENV: envId,
    TCB_SEQID: requestId,
    TCB_SOURCE: caller.source ?? 'wx_client',
    // Per invocation, as the platform sets it: the same warm instance serves timer runs and calls.
    TRIGGER_SRC: caller.trigger ?? 'tcb',
    TCB_ISANONYMOUS_USER: openid ? 'false' : 'true',
    WX_APPID: caller.appid ?? DEFAULT_APPID,
  };
  if (openid) {
    env.WX_OPENID = openid;
    // CloudBase derives a stable uid per user; a readable one helps when debugging.
    env.TCB_UUID = `uid-${openid}`;
  }
  if (caller.unionid) env.WX_UNIONID = caller.unionid;
  if (caller.clientIp) {
    env.WX_CLIENTIP = caller.clientIp;
    env.TCB_SOURCE_IP = caller.clientIp;
  }
  return env;
}

const HOST_ENV_KEYS = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'NODE_OPTIONS', 'NODE_ENV', 'NODE_PATH', 'SILENCE'];
function pickHostEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of HOST_ENV_KEYS) {
    const v = process.env[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function pipeOutput(from: Readable, to: NodeJS.WriteStream, name: string, log: boolean): void {
  if (!log) {
    from.resume(); // drain and drop
    return;
  }
  let rest = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) to.write(`[fn:${name}] ${line}\n`);
  });
  from.on('end', () => {
    if (rest) to.write(`[fn:${name}] ${rest}\n`);
  });
}

function resolveWorkerHost(): string {
  // Next to this file; tsx and jest both run the TypeScript as CommonJS, so __dirname is defined.
  const file = path.join(__dirname, 'worker-host.cjs');
  if (!existsSync(file)) throw new Error(`worker host missing: ${file}`);
  return file;
}
