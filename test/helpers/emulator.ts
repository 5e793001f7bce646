// One emulator per test file: in memory, on a free port, with the real SDK pointed at it.
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

export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({
    port: 0,
    log: process.env.EMULATOR_LOG === '1',
    ...opts,
    dataDir: opts.dataDir,
    functionEnv: { ADMIN_OPENIDS: 'test-admin', ...opts.functionEnv },
  });
  const app = tcb.init(sdkConfig(emulator));

  const callRaw = async <T>(openid: string | null, fn: string, data: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (openid) headers['x-wx-openid'] = openid;
    const res = await fetch(`${emulator.url}/api/functions/${encodeURIComponent(fn)}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(data ?? {}),
    });
    const text = await res.text();
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      throw new Error(`${fn}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
    }
    return { status: res.status, body };
  };

  return {
    emulator,
    url: emulator.url,
    app,
    callRaw,
    call: async (openid, fn, action, payload = {}) => (await callRaw<any>(openid, fn, { action, payload })).body,
    close: () => emulator.close(),
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
