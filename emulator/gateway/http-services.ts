// CloudBase's HTTP access service (HTTP 访问服务) for the functions cloudbaserc.json declares under
// `httpServices` ([{ path, function }]): a request under a declared path becomes the access service's
// "integration request" event, and the function's "integration response" becomes the HTTP reply.
// Shapes as docs.cloudbase.net/service/access-cloud-function documents them:
//   event:  { path, httpMethod, headers, queryStringParameters, requestContext, body, isBase64Encoded }
//   reply:  { statusCode, headers, body, isBase64Encoded }  — or any other value: a string is sent as
//           text/plain, anything else as JSON with status 200.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { FunctionRunner } from '../functions';

export interface HttpService {
  path: string;
  function: string;
}

export const CLOUDBASERC = path.resolve(__dirname, '..', '..', 'cloudbaserc.json');

/** The routes declared in cloudbaserc.json (none when the file has no `httpServices`). */
export function readHttpServices(file = CLOUDBASERC): HttpService[] {
  try {
    const rc = JSON.parse(readFileSync(file, 'utf8')) as { httpServices?: Array<{ path?: unknown; function?: unknown }> };
    return (rc.httpServices ?? [])
      .filter((s): s is HttpService => typeof s.path === 'string' && s.path.startsWith('/') && typeof s.function === 'string')
      .map((s) => ({ path: s.path.replace(/\/+$/, '') || '/', function: s.function }));
  } catch {
    return [];
  }
}

let declared: HttpService[] | null = null;

/** The service whose path is the longest prefix of this request path, if any. */
export function httpServiceFor(p: string): HttpService | null {
  declared ??= readHttpServices();
  const hits = declared.filter((s) => p === s.path || p.startsWith(`${s.path}/`));
  return hits.sort((a, b) => b.path.length - a.path.length)[0] ?? null;
}

/** Request bodies the access service passes on; larger ones are refused before the function runs. */
const MAX_BODY = 1024 * 1024;
const TEXTUAL = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(json|xml))/i;

/** The environment id the emulator runs as (emulator/index.ts ENV_ID), for requestContext. */
const ENV_ID = 'local-env';

export async function serveHttpService(functions: FunctionRunner, svc: HttpService, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return send(res, 413, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Payload Too Large');
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  // The access service appends the peer it saw; whatever the client put there stays in front.
  const peer = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${peer}` : peer;
  headers['x-forwarded-proto'] = 'http';
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
  const textual = raw.length === 0 || TEXTUAL.test(headers['content-type'] ?? '');
  const event = {
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    queryStringParameters: query,
    requestContext: { requestId: randomUUID().replace(/-/g, ''), envId: ENV_ID, appId: 0, uin: 0 },
    body: textual ? raw.toString('utf8') : raw.toString('base64'),
    isBase64Encoded: !textual,
  };
  const outcome = await functions.invoke(svc.function, event, { source: 'http', clientIp: peer });
  if (!outcome.ok) return send(res, outcome.code === 'FUNCTIONS_TIME_LIMIT_EXCEEDED' ? 504 : 502, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad Gateway');
  let value: unknown;
  try {
    value = JSON.parse(outcome.json);
  } catch {
    value = outcome.json;
  }
  const r = value as { statusCode?: unknown; headers?: unknown; body?: unknown; isBase64Encoded?: unknown } | null;
  if (r && typeof r === 'object' && typeof r.statusCode === 'number') {
    const h: Record<string, string> = {};
    if (r.headers && typeof r.headers === 'object') for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) h[k] = String(v);
    const body = typeof r.body === 'string' ? (r.isBase64Encoded === true ? Buffer.from(r.body, 'base64') : Buffer.from(r.body, 'utf8')) : Buffer.from(r.body === undefined ? '' : JSON.stringify(r.body));
    return send(res, r.statusCode, h, body);
  }
  if (typeof value === 'string') return send(res, 200, { 'Content-Type': 'text/plain; charset=utf-8' }, value);
  return send(res, 200, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(value));
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'Content-Length': bytes.length });
  res.end(bytes);
}
