// One emulator per test file: in memory, on a free port, with the real SDK pointed at it.
import http from 'node:http';
import tcb, { type CloudBase } from '@cloudbase/node-sdk';
import { sdkConfig, startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';

export interface TestEmulator {
  emulator: Emulator;
  url: string;
  /** An admin SDK app (what scripts and the seed use), pointed at the emulator. */
  app: CloudBase;
  /**
   * Calls a function through the gateway as the mini-program would: `{ action, payload }` as the
   * callFunction data, the caller in `x-wx-openid` (null = anonymous). Returns the parsed reply.
   */
  call<T = any>(openid: string | null, fn: string, action: string, payload?: unknown): Promise<T>;
  /** Like call, with the raw data object and the HTTP status too. */
  callRaw<T = any>(openid: string | null, fn: string, data: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * For tests of concurrent callers: several instances per function, so concurrent calls really
 * overlap in separate instances (transactions conflict, requests race) as they do in the cloud,
 * whatever the machine's default of one warm instance per two CPUs.
 */
export const PARALLEL_INSTANCES = { instancesPerFunction: 4 } as const;

export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({
    port: 0,
    log: process.env.EMULATOR_LOG === '1',
    ...opts,
    dataDir: opts.dataDir,
    functionEnv: { ADMIN_OPENIDS: 'test-admin', ...opts.functionEnv },
  });
  const app = tcb.init(sdkConfig(emulator));

  // One keep-alive agent per emulator: the callers of a test or a benchmark run in the emulator's
  // own process, so a lighter client leaves the CPU to what is being measured (fetch costs about
  // twice the CPU of node:http per call here).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const base = new URL(emulator.url);
  const callRaw = <T>(openid: string | null, fn: string, data: unknown) =>
    new Promise<{ status: number; body: T }>((resolve, reject) => {
      const body = JSON.stringify(data ?? {});
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      if (openid) headers['x-wx-openid'] = openid;
      const req = http.request({ host: base.hostname, port: base.port, path: `/api/functions/${encodeURIComponent(fn)}`, method: 'POST', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T });
          } catch {
            reject(new Error(`${fn}: HTTP ${res.statusCode}, not JSON: ${text.slice(0, 200)}`));
          }
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    emulator,
    url: emulator.url,
    app,
    callRaw,
    call: async (openid, fn, action, payload = {}) => (await callRaw<any>(openid, fn, { action, payload })).body,
    close: () => {
      agent.destroy();
      return emulator.close();
    },
  };
}

/**
 * A database that holds nothing: for tests of storage, functions and the gateway that must not
 * depend on the database engine. Every database action answers like an empty environment.
 */
export function createNullDatabase(): NonNullable<EmulatorOptions['db']> {
  return {
    handle: async (body) => ({ code: 'DATABASE_COLLECTION_NOT_EXIST', message: `no database in this test (${String(body.action)})` }),
    ensureCollection: () => undefined,
    writes: () => 0,
    close: () => undefined,
  };
}

/**
 * Waits until asynchronous work earlier calls started has landed — image verdicts WeChat pushes to
 * wxmessage — so a test that counts writes counts only the call it makes next.
 */
export async function settleWrites(emu: TestEmulator): Promise<void> {
  await emu.emulator.wx.whenIdle();
}
