// The local CloudBase: database, storage, function runner and HTTP gateway on one port.
// Function code reaches it through the SDK's own seams (serviceUrl / TCB_CONTEXT_CNFG), never `if (local)`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type EmulatedDatabase, type IndexSpec } from './db';
import { FunctionRunner } from './functions';
import { createGateway } from './gateway';
import { newGatewayStats, type GatewayStats } from './gateway/server';
import { LocalStorage, loadSecret } from './storage';
import { WxOpenApi } from './wx/openapi';
import { WxApiTokens } from './wx/tokens';
import { FaultInjector } from './faults';

export const ENV_ID = 'local-env';
export const REPO_ROOT = path.resolve(__dirname, '..');

export interface EmulatorOptions {
  /** 0 = a free port; default 8787. */
  port?: number;
  host?: string;
  /** Durable data (SQLite + stored files); undefined = in-memory db and a temp dir removed on close. */
  dataDir?: string;
  functionsDir?: string;
  h5Dir?: string;
  /** Invocation time limit for every function; when omitted, each function's built config.json `timeout` (s), else 10 s. */
  functionTimeoutMs?: number;
  /** Extra environment for every function instance (ADMIN_OPENIDS …). */
  functionEnv?: Record<string, string>;
  /** Collections to create; default: the names in database/collections.json. */
  collections?: string[];
  log?: boolean;
  /**
   * Function instances of all functions together; invocations beyond queue. Default: the
   * EMULATOR_MAX_INSTANCES environment variable, else a few per CPU (see emulator/functions).
   */
  maxInstances?: number;
  /** Per-function instance cap (CloudBase-style concurrency limit); default: the total bound. */
  maxInstancesPerFunction?: number;
  /**
   * Instances one function keeps while its queue moves; more start only behind long calls. Default:
   * the EMULATOR_INSTANCES_PER_FUNCTION environment variable, else one per two CPUs.
   */
  instancesPerFunction?: number;
  /** Use this database instead of opening one (tests of the other parts). */
  db?: EmulatedDatabase;
  /** The database's strict mode (default on; see emulator/db/README.md). */
  strict?: boolean;
}

export interface Emulator {
  url: string;
  port: number;
  adminUrl: string;
  envId: typeof ENV_ID;
  db: EmulatedDatabase;
  storage: LocalStorage;
  functions: FunctionRunner;
  wx: WxOpenApi;
  /** Fault injection for tests (no rules = no effect). */
  faults: FaultInjector;
  /** CloudBase API request counts (round trips), for benchmarks. */
  stats: GatewayStats;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? '127.0.0.1';
  const log = !!opts.log;
  let tempDir: string | undefined;
  let storageRoot: string;
  let secret: Buffer | undefined;
  let dbFile: string | undefined;
  if (opts.dataDir) {
    const dataDir = path.resolve(opts.dataDir);
    mkdirSync(dataDir, { recursive: true });
    storageRoot = path.join(dataDir, 'storage');
    // Outside the storage root, so no upload path can overwrite it.
    secret = loadSecret(path.join(dataDir, 'storage-secret'));
    dbFile = path.join(dataDir, 'db.sqlite');
  } else {
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'cloudbase-emulator-'));
    storageRoot = path.join(tempDir, 'storage');
  }

  let url = '';
  const db = opts.db ?? openDatabase({ file: dbFile, strict: opts.strict });
  const declared = readCollections();
  for (const name of opts.collections ?? declared.map((c) => c.name)) {
    db.ensureCollection(name, declared.find((c) => c.name === name)?.indexes ?? []);
  }

  const storage = new LocalStorage({ root: storageRoot, envId: ENV_ID, baseUrl: () => url, secret });
  // Each function's instances carry their own WeChat API token, as the cloud runtime injects it.
  const wxTokens = new WxApiTokens();
  const functions = new FunctionRunner({
    functionsDir: opts.functionsDir ?? path.join(REPO_ROOT, 'dist', 'functions'),
    envId: ENV_ID,
    adminUrl: () => `${url}/admin`,
    timeoutMs: opts.functionTimeoutMs,
    defaultTimeoutMs: 10_000,
    env: opts.functionEnv,
    envFor: (name) => ({ WX_API_TOKEN: wxTokens.issue(name) }),
    log,
    maxInstances: opts.maxInstances ?? envInstances('EMULATOR_MAX_INSTANCES'),
    maxInstancesPerFunction: opts.maxInstancesPerFunction,
    instancesPerFunction: opts.instancesPerFunction ?? envInstances('EMULATOR_INSTANCES_PER_FUNCTION'),
  });

  const wx = new WxOpenApi({ db, functions, tokens: wxTokens, log });
  const faults = new FaultInjector();
  const stats = newGatewayStats();

  let ready = false;
  const server = createGateway({
    db,
    storage,
    functions,
    wx,
    faults,
    stats,
    h5Dir: opts.h5Dir ?? path.join(REPO_ROOT, 'dist', 'h5'),
    log,
    isReady: () => ready,
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 8787, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await functions.close();
    if (!opts.db) db.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  // Functions and SDK clients call back on this; a wildcard bind is still reached on loopback.
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  url = `http://${publicHost}:${port}`;
  ready = true;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      wx.close();
      await functions.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets (the SDK's agent) would otherwise hold close() open.
        server.closeAllConnections();
      });
      if (!opts.db) db.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    })();
    return closing;
  };

  return { url, port, adminUrl: `${url}/admin`, envId: ENV_ID, db, storage, functions, wx, faults, stats, close };
}

/** What tcb.init needs to point the SDK at this emulator (dummy keys: signatures are not checked). */
export function sdkConfig(emulator: Pick<Emulator, 'adminUrl' | 'envId'>) {
  return {
    env: emulator.envId,
    secretId: 'local-secret-id',
    secretKey: 'local-secret-key',
    serviceUrl: emulator.adminUrl,
  };
}

function envInstances(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}

/** The collections and their indexes as deployed (database/collections.json). */
function readCollections(): Array<{ name: string; indexes: IndexSpec[] }> {
  const file = path.join(REPO_ROOT, 'database', 'collections.json');
  if (!existsSync(file)) return [];
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { collections?: Array<{ name?: unknown; indexes?: unknown }> };
  return (parsed.collections ?? [])
    .filter((c): c is { name: string; indexes?: unknown } => typeof c.name === 'string' && c.name.length > 0)
    .map((c) => ({ name: c.name, indexes: Array.isArray(c.indexes) ? (c.indexes as IndexSpec[]) : [] }));
}

export type { EmulatedDatabase } from './db';
export type { CallerIdentity, InvokeOutcome } from './functions';
