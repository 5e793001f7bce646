// Runs built cloud function bundles the way CloudBase does: a pool of warm instances per function,
// each a worker thread with its own process.env, each handling ONE invocation at a time; more
// instances are started (up to the per-function concurrency cap) when all are busy, and callers
// queue beyond that. An invocation that outlives the timeout kills its instance, as in the cloud.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
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
  | { ok: true; json: string; durationMs: number; coldStart: boolean; requestId: string; /** instance start (module load), cold starts only */ initMs?: number }
  | { ok: false; code: FunctionErrorCode; message: string; stack?: string; durationMs: number; requestId: string };

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
  /** CloudBase's default per-function concurrency is far higher; 20 is plenty for one machine. */
  maxInstancesPerFunction?: number;
  /** Instance start (module load) limit, CloudBase's separate "init timeout". */
  initTimeoutMs?: number;
}

const WORKER_HOST = resolveWorkerHost();
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

class Instance {
  busy = true; // reserved by the invocation that started it
  dead = false;
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
          this.readyState = 'ready';
          this.initMs = Date.now() - spawned;
          resolve();
        } else if (msg.type === 'init-error') {
          clearTimeout(timer);
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
    this.pool.remove(this);
    void this.worker.terminate();
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
  private readonly waiters: Array<(inst: Instance) => void> = [];

  constructor(readonly runner: FunctionRunner, readonly name: string, readonly file: string, readonly timeoutMs: number) {}

  /** An instance reserved for the caller: an idle warm one, a new one, or the next to free up. */
  acquire(): Promise<{ instance: Instance; cold: boolean }> {
    const idle = this.instances.find((i) => !i.busy && !i.dead);
    if (idle) {
      idle.busy = true;
      return Promise.resolve({ instance: idle, cold: false });
    }
    if (this.instances.length < this.runner.maxInstances) {
      return Promise.resolve({ instance: this.spawn(), cold: true });
    }
    return new Promise((resolve) => this.waiters.push((instance) => resolve({ instance, cold: false })));
  }

  release(inst: Instance): void {
    inst.busy = false;
    const next = this.waiters.shift();
    if (next) {
      inst.busy = true;
      next(inst);
    }
  }

  remove(inst: Instance): void {
    const i = this.instances.indexOf(inst);
    if (i >= 0) this.instances.splice(i, 1);
    // A dead instance frees a slot: start a replacement for whoever is queued.
    if (!this.runner.closed && this.waiters.length && this.instances.length < this.runner.maxInstances) {
      const next = this.waiters.shift()!;
      next(this.spawn());
    }
  }

  private spawn(): Instance {
    const inst = new Instance(this, this.runner.instanceEnv(this.name), this.runner.initTimeoutMs, this.runner.log);
    this.instances.push(inst);
    return inst;
  }
}

export class FunctionRunner {
  readonly functionsDir: string;
  readonly maxInstances: number;
  readonly initTimeoutMs: number;
  readonly log: boolean;
  closed = false;
  private readonly pools = new Map<string, FunctionPool>();

  constructor(private readonly opts: RunnerOptions) {
    this.functionsDir = path.resolve(opts.functionsDir);
    this.maxInstances = opts.maxInstancesPerFunction ?? 20;
    this.initTimeoutMs = opts.initTimeoutMs ?? 30_000;
    this.log = !!opts.log;
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
    const { instance, cold } = await pool.acquire();
    try {
      await instance.ready;
    } catch (err) {
      instance.kill();
      const e = err as Error;
      if (this.log) console.error(`[fn:${name}] instance failed to start: ${e.stack ?? e.message}`);
      return { ok: false, code: FunctionErrorCode.EXECUTE_FAIL, message: e.message, stack: e.stack, durationMs: Date.now() - started, requestId };
    }
    if (instance.dead) {
      return { ok: false, code: FunctionErrorCode.EXECUTE_FAIL, message: 'instance died', durationMs: Date.now() - started, requestId };
    }
    const env = invocationEnv(caller, this.opts.envId, requestId);
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
      instance.run(event, context, env, { id: requestId, resolve, started: Date.now(), coldStart: cold }, pool!.timeoutMs);
    });
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

function invocationEnv(caller: CallerIdentity, envId: string, requestId: string): Record<string, string> {
  const openid = caller.openid ?? '';
  const env: Record<string, string> = {
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
