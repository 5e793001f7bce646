// The emulator's single HTTP port (node:http, no framework):
//   POST /admin                 the CloudBase API (what serviceUrl / TCB_CONTEXT_CNFG point at)
//   PUT  /cos/put/<path>        the object upload the SDK's uploadFile sends after getUploadMetadata
//   POST /api/functions/<name>  callFunction for H5 and tests; caller in `x-wx-openid`
//   POST /api/storage/upload    raw-bytes upload for H5 and tests
//   GET  /files/<path>          temp URLs (signed, expiring)
//   GET  /healthz               readiness
//   /open311/…                  HTTP access service routes of cloudbaserc.json (http-services.ts)
//   anything else               the H5 build, with SPA fallback
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmulatedDatabase, AdminReply } from '../db';
import { FunctionErrorCode, type FunctionRunner } from '../functions';
import { StorageError, normalizeCloudPath, type LocalStorage } from '../storage';
import { httpServiceFor, serveHttpService } from './http-services';
import { serveStatic } from './static';
import { authFor, loadFunctionRules, loadStorageRules, type FunctionRules, type StorageRules } from '../rules';
import { hasSdkSignature } from './signature';
import { imageKind, isClientUploadPath } from './uploads';
import type { WxOpenApi } from '../wx/openapi';
import { multipartBoundary, parseMultipart } from './multipart';
import type { FaultInjector } from '../faults';

export interface GatewayOptions {
  db: EmulatedDatabase;
  storage: LocalStorage;
  functions: FunctionRunner;
  /** WeChat open APIs (wx-server-sdk `cloud.openapi`, action `wx.openApi`): content security and subscribe messages. */
  wx?: WxOpenApi;
  /** Test-only fault injection on CloudBase API calls and uploads. */
  faults?: FaultInjector;
  /** Counts CloudBase API calls, for benchmarks' round trips per action. */
  stats?: GatewayStats;
  h5Dir: string;
  log?: boolean;
  /** /healthz answers 200 only once this says so. */
  isReady?: () => boolean;
  /** Function invoke rules for client calls; default database/function-rules.json. */
  functionRules?: FunctionRules;
  /** Storage rules for client uploads; default database/storage-rules.json. */
  storageRules?: StorageRules;
  /**
   * Origins (scheme://host:port) other than the gateway's own that may call /api from a browser, e.g.
   * the Taro dev server; default from CORS_ORIGINS (comma separated), else none.
   */
  corsOrigins?: string[];
}

export interface GatewayStats {
  /** POST /admin requests served (database, storage, functions, wx). */
  adminRequests: number;
  byAction: Record<string, number>;
  /** Test hook: sees every CloudBase API request body (e.g. to prove no client operator reached a query). */
  tap?: (body: Record<string, unknown>) => void;
}

export function newGatewayStats(): GatewayStats {
  return { adminRequests: 0, byAction: {} };
}

export const LIMITS = {
  /** CloudBase API bodies (database batches) */
  adminBody: 50 * 1024 * 1024,
  /** callFunction data: WeChat caps it at 5 MB; a little headroom for JSON framing. */
  functionBody: 6 * 1024 * 1024,
  /** The gateway upload route; the mini-program's own limit for images is far lower. */
  upload: 10 * 1024 * 1024,
  /** The SDK upload path (server-side code may store larger files). */
  cosPut: 100 * 1024 * 1024,
};

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;
// Sent only to an origin listed in corsOrigins: a page on any other origin can neither read /api
// replies nor send x-wx-openid (its preflight gets no grant).
const CORS_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'content-type, x-wx-openid',
  'Access-Control-Max-Age': '600',
};

// Replies through /api never carry stacks or SDK internals (the functions' contract).
const API_ERRORS = {
  badJson: { status: 400, code: 'INPUT.INVALID', message: '请求格式错误' },
  badOpenid: { status: 400, code: 'INPUT.INVALID', message: '身份标识格式错误' },
  notFound: { status: 404, code: 'FUNCTION.NOT_FOUND', message: '服务不存在' },
  timeout: { status: 504, code: 'FUNCTION.TIMEOUT', message: '请求超时，请稍后重试' },
  failed: { status: 500, code: 'FUNCTION.FAILED', message: '服务暂时不可用，请稍后重试' },
  unauthenticated: { status: 401, code: 'AUTH.REQUIRED', message: '请先登录' },
  badPath: { status: 400, code: 'INPUT.INVALID', message: '文件路径不合法' },
  // CloudBase's own code when a function's invoke rule refuses a client (see emulator/rules/README.md).
  invokeDenied: { status: 403, code: 'PERMISSION_DENIED', message: '没有权限调用此服务' },
  uploadDenied: { status: 403, code: 'STORAGE.FORBIDDEN', message: '只能上传到自己的目录' },
  notImage: { status: 415, code: 'INPUT.NOT_IMAGE', message: '只能上传 JPG、PNG、GIF 或 WEBP 图片' },
  tooLarge: { status: 413, code: 'INPUT.TOO_LARGE', message: '内容过大' },
  route: { status: 404, code: 'NOT_FOUND', message: '接口不存在' },
  method: { status: 405, code: 'METHOD_NOT_ALLOWED', message: '请求方法不支持' },
} as const;

class HttpError extends Error {
  constructor(readonly kind: keyof typeof API_ERRORS) {
    super(kind);
  }
}

export function createGateway(options: GatewayOptions): Server {
  const opts: GatewayOptions = {
    ...options,
    functionRules: options.functionRules ?? loadFunctionRules(),
    storageRules: options.storageRules ?? loadStorageRules(),
    corsOrigins: options.corsOrigins ?? (process.env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
  };
  const server = createServer((req, res) => {
    handle(opts, req, res).catch((err: unknown) => {
      if (opts.log) console.error('[gateway]', err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'SYS_ERR', message: '服务暂时不可用，请稍后重试' } });
      else res.destroy();
    });
  });
  // Keep-alive sockets from the SDK's agent must not hold close() open.
  // Longer than any client keeps an idle socket: a server-side close racing a reused socket is an
  // ECONNRESET the cloud never produces (close() ends idle sockets itself).
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(opts: GatewayOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const p = url.pathname;
  const method = req.method ?? 'GET';

  if (p === '/admin') {
    if (method !== 'POST') return sendJson(res, 405, { code: 'INVALID_METHOD', message: 'POST only' });
    return handleAdmin(opts, req, res, url.searchParams.get('invocation') ?? undefined);
  }
  if (p.startsWith('/cos/put/')) {
    if (method !== 'PUT') return sendCosError(res, 405, 'MethodNotAllowed', 'PUT only', p);
    return handleCosPut(opts, req, res, p.slice('/cos/put/'.length));
  }
  if (p === '/api' || p.startsWith('/api/')) {
    const origin = headerOf(req, 'origin');
    if (origin && opts.corsOrigins!.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    }
    res.setHeader('Vary', 'Origin');
    if (method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    try {
      if (p.startsWith('/api/functions/')) {
        if (method !== 'POST') throw new HttpError('method');
        return await handleCallFunction(opts, req, res, p.slice('/api/functions/'.length));
      }
      if (p === '/api/storage/upload') {
        if (method !== 'POST') throw new HttpError('method');
        return await handleUpload(opts, req, res, url);
      }
      throw new HttpError('route');
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const e = API_ERRORS[err.kind];
      return sendJson(res, e.status, { ok: false, error: { code: e.code, message: e.message } });
    }
  }
  if (p.startsWith('/files/')) return handleFile(opts, req, res, p.slice('/files/'.length), url);
  // HTTP access service routes declared in cloudbaserc.json (`httpServices`, e.g. /open311).
  const svc = httpServiceFor(p);
  if (svc) return serveHttpService(opts.functions, svc, req, res, url);
  if (p === '/healthz') {
    const ready = opts.isReady ? opts.isReady() : true;
    return sendJson(res, ready ? 200 : 503, { ok: ready });
  }
  return serveStatic(req, res, opts.h5Dir, p);
}

// ---- CloudBase API -------------------------------------------------------------------------

/** `invocation`: the function invocation that sent it (the runner puts it on TCB_CONTEXT_CNFG's URL). */
async function handleAdmin(opts: GatewayOptions, req: IncomingMessage, res: ServerResponse, invocation?: string): Promise<void> {
  const requestId = randomUUID();
  // Only server SDKs reach the CloudBase API: they sign every request. A browser page on another
  // origin cannot add these headers without a preflight, which /admin never grants.
  const unsigned = hasSdkSignature(req.headers);
  if (unsigned) {
    req.resume();
    return sendJson(res, 200, { code: unsigned.code, message: unsigned.message, requestId });
  }
  let body: Record<string, unknown>;
  // JSON for everything but wx-server-sdk's `wx.openApi`, which the SDK sends as multipart/form-data.
  const boundary = multipartBoundary(headerOf(req, 'content-type'));
  try {
    const raw = await readBody(req, LIMITS.adminBody);
    body = boundary ? formFields(raw, boundary) : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
  } catch (err) {
    const message = err instanceof HttpError ? 'request body too large' : boundary ? 'request body is not valid multipart/form-data' : 'request body is not JSON';
    return sendJson(res, 200, { code: 'INVALID_PARAM', message, requestId });
  }
  const action = typeof body.action === 'string' ? body.action : '';
  if (opts.stats) {
    opts.stats.adminRequests++;
    opts.stats.byAction[action] = (opts.stats.byAction[action] ?? 0) + 1;
    opts.stats.tap?.(body);
  }
  let reply: AdminReply;
  const started = Date.now();
  const fault = opts.faults?.match(body);
  if (fault) {
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.kind === 'drop') return void req.socket.destroy();
    if (fault.kind === 'error') return sendJson(res, 200, { code: fault.code, message: fault.message, requestId });
  }
  try {
    if (action.startsWith('database.')) reply = await opts.db.handle(body, { invocation });
    else if (action.startsWith('storage.')) reply = await opts.storage.handle(body);
    else if (action === 'functions.invokeFunction') reply = await invokeForAdmin(opts, body);
    else if (action === 'wx.openApi' && opts.wx) {
      const wx = await opts.wx.handleOpenApi(body);
      if ('protobuf' in wx) return sendProtobuf(res, wx.protobuf);
      reply = wx;
    } else reply = { code: 'INVALID_ACTION', message: `action ${action || '(none)'} is not supported by the local emulator` };
  } catch (err) {
    if (opts.log) console.error(`[admin] ${action} failed`, err);
    reply = { code: 'SYS_ERR', message: (err as Error)?.message ?? String(err) };
  }
  // Errors only: a page load makes dozens of database calls, each would drown the function logs.
  if (opts.log && reply.code && action !== 'functions.invokeFunction') {
    console.log(`[admin] ${action}${body.collectionName ? ` ${String(body.collectionName)}` : ''} ${reply.code}: ${reply.message ?? ''} (${Date.now() - started} ms)`);
  }
  sendJson(res, 200, { ...reply, requestId });
}

async function invokeForAdmin(opts: GatewayOptions, body: Record<string, unknown>): Promise<AdminReply> {
  const name = String(body.function_name ?? '');
  const raw = typeof body.request_data === 'string' ? body.request_data : '';
  let event: unknown = {};
  if (raw) {
    try {
      event = JSON.parse(raw);
    } catch {
      return { code: 'INVALID_PARAM', message: 'request_data is not JSON' };
    }
  }
  // A call from server code (another function, a script) carries no end-user identity.
  const outcome = await opts.functions.invoke(name, event, { source: 'server' });
  if (outcome.ok) return { data: { response_data: outcome.json } };
  // Like the cloud: the code and the error text (the stack goes to the function's log only).
  return { code: outcome.code, message: outcome.message };
}

// ---- COS-style upload (SDK uploadFile) -----------------------------------------------------

async function handleCosPut(opts: GatewayOptions, req: IncomingMessage, res: ServerResponse, encodedPath: string): Promise<void> {
  let cloudPath: string;
  try {
    cloudPath = normalizeCloudPath(decodeURIComponent(encodedPath));
  } catch {
    return sendCosError(res, 400, 'InvalidURI', 'invalid object key', encodedPath);
  }
  const auth = headerOf(req, 'authorization');
  if (!opts.storage.verifyUploadAuthorization(cloudPath, auth)) {
    return sendCosError(res, 403, 'SignatureDoesNotMatch', 'The upload authorization is not valid for this key', cloudPath);
  }
  let bytes: Buffer;
  try {
    bytes = await readBody(req, LIMITS.cosPut);
  } catch {
    return sendCosError(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size', cloudPath);
  }
  await opts.storage.put(cloudPath, bytes);
  // COS answers a successful PUT with an empty body; the SDK parses the body as XML.
  res.writeHead(200, { 'Content-Length': 0, ETag: `"${bytes.length}"` }).end();
}

function sendCosError(res: ServerResponse, status: number, code: string, message: string, resource: string): void {
  const id = randomUUID();
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n<Code>${code}</Code>\n<Message>${escapeXml(message)}</Message>\n` +
    `<Resource>${escapeXml(resource)}</Resource>\n<RequestId>${id}</RequestId>\n<TraceId>${id}</TraceId>\n</Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml' }).end(xml);
}

// ---- /api ----------------------------------------------------------------------------------

function callerOpenid(req: IncomingMessage): string | null {
  const v = headerOf(req, 'x-wx-openid');
  if (v === undefined || v === '') return null;
  if (!OPENID.test(v)) throw new HttpError('badOpenid');
  return v;
}

async function handleCallFunction(opts: GatewayOptions, req: IncomingMessage, res: ServerResponse, rawName: string): Promise<void> {
  const name = safeDecode(rawName);
  const openid = callerOpenid(req);
  if (!name || !opts.functions.has(name)) throw new HttpError('notFound');
  // A client call, so the function invoke rules apply (server calls, timers and message push do not).
  if (!opts.functionRules!.mayInvoke(name, authFor(openid))) throw new HttpError('invokeDenied');
  const raw = await readBody(req, LIMITS.functionBody);
  let event: unknown = {};
  if (raw.length) {
    try {
      event = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError('badJson');
    }
  }
  const outcome = await opts.functions.invoke(name, event, {
    openid,
    source: 'wx_client',
    clientIp: req.socket.remoteAddress ?? undefined,
  });
  if (outcome.ok) {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(outcome.json) });
    res.end(outcome.json);
    return;
  }
  if (outcome.code === FunctionErrorCode.TIMEOUT) throw new HttpError('timeout');
  if (outcome.code === FunctionErrorCode.NOT_FOUND) throw new HttpError('notFound');
  throw new HttpError('failed');
}

async function handleUpload(opts: GatewayOptions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const openid = callerOpenid(req);
  if (!openid) throw new HttpError('unauthenticated');
  let cloudPath: string;
  try {
    cloudPath = normalizeCloudPath(url.searchParams.get('path') ?? '');
  } catch (err) {
    if (err instanceof StorageError) throw new HttpError('badPath');
    throw err;
  }
  // The gateway stands in for the mini-program's own upload: the caller's upload directory only,
  // then the storage rules as deployed, then the bytes must be an image.
  const owner = (await opts.storage.exists(cloudPath)) ? await opts.storage.ownerOf(cloudPath) : openid;
  if (!isClientUploadPath(cloudPath, openid) || !opts.storageRules!.allows('write', authFor(openid), { openid: owner, path: cloudPath })) {
    req.resume(); // drain, so the refusal is read instead of a reset
    throw new HttpError('uploadDenied');
  }
  const bytes = await readBody(req, LIMITS.upload);
  if (!imageKind(bytes, cloudPath)) throw new HttpError('notImage');
  const fault = opts.faults?.match({ action: 'gateway.upload' });
  if (fault) {
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.kind === 'drop') return void req.socket.destroy();
    if (fault.kind === 'error') return sendJson(res, 503, { ok: false, error: { code: 'STORAGE.UNAVAILABLE', message: '上传失败，请稍后重试' } });
  }
  const fileID = await opts.storage.put(cloudPath, bytes, openid);
  sendJson(res, 200, { fileID });
}

// ---- temp URLs -----------------------------------------------------------------------------

async function handleFile(opts: GatewayOptions, req: IncomingMessage, res: ServerResponse, encodedPath: string, url: URL): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method Not Allowed');
  let cloudPath: string;
  try {
    cloudPath = normalizeCloudPath(decodeURIComponent(encodedPath));
  } catch {
    return sendText(res, 400, 'Bad Request');
  }
  if (!opts.storage.verifyTempUrl(cloudPath, url.searchParams.get('t'), url.searchParams.get('sign'))) {
    return sendText(res, 403, 'Forbidden: the link is invalid or has expired');
  }
  const file = await opts.storage.read(cloudPath);
  if (!file) return sendText(res, 404, 'Not Found');
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': file.bytes.length,
    'Cache-Control': 'private, max-age=60',
    'Access-Control-Allow-Origin': '*',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : file.bytes);
}

// ---- helpers -------------------------------------------------------------------------------

/** Reads the whole body, refusing (HttpError tooLarge) as soon as it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new HttpError('tooLarge'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        // Keep reading and dropping: Node then answers normally instead of resetting a client
        // that is still sending.
        reject(new HttpError('tooLarge'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

/** The multipart fields of a `wx.openApi` call: text fields as strings, the protobuf part as bytes. */
function formFields(raw: Buffer, boundary: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parseMultipart(raw, boundary)) {
    out[part.name] = part.contentType === 'application/octet-stream' ? part.value : part.value.toString('utf8');
  }
  return out;
}

/** A `wx.openApi` success: CommOpenApiResp bytes (the SDK parses JSON only for `application/json; charset=utf-8`). */
function sendProtobuf(res: ServerResponse, bytes: Buffer): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length });
  res.end(bytes);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
