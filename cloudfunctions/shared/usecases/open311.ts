import { randomBytes, randomUUID } from 'node:crypto';
import { submitPayload } from '../contracts/snapshot';
import type { Category } from '../domain/categories';
import {
  attributesOf,
  bad,
  discoveryDoc,
  formatOfPath,
  httpReply,
  isLink,
  matchRoute,
  MAX_PAGE_SIZE,
  Open311Error,
  parseRequestQuery,
  PUBLIC_STATUSES,
  render,
  renderErrors,
  servicesOf,
  statusesFor,
  toService,
  toServiceDefinition,
  toServiceRequest,
  w3cDate,
  type Format,
  type HttpReply,
  type Open311Request,
  type Params,
  type Route,
} from '../domain/open311';
import { DEFAULT_KEY_RATE_PER_MINUTE, keyIdOf, keyMatches, minuteWindow, partnerReporter, sourceLabel, type ApiKeyDoc } from '../domain/open311-keys';
import { reportAuditName, type ReportDoc } from '../domain/report';
import type { ReportStatus } from '../domain/report-lifecycle';
import type { RoutingRegion } from '../domain/routing';
import { AppError } from '../errors';
import { appendAuditAlone, auditNames, type AuditDoc } from '../repositories/audit';
import { categoriesRepo } from '../repositories/categories';
import { tempUrls } from '../repositories/files';
import { open311Repo } from '../repositories/open311';
import { routingRegions } from '../repositories/report-regions';
import { reportsRepo } from '../repositories/reports';
import type { Db } from '../repositories/transactions';
import type { Caller } from '../domain/user';
import { submit } from './snapshot';

/** Calls per minute per client address without a key (OPEN311_PUBLIC_RATE_PER_MINUTE overrides). */
export const DEFAULT_PUBLIC_RATE_PER_MINUTE = 60;

function publicRate(): number {
  const n = Number(process.env.OPEN311_PUBLIC_RATE_PER_MINUTE);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_PUBLIC_RATE_PER_MINUTE;
}

interface Context {
  db: Db;
  req: Open311Request;
  route: Route;
  params: Params;
  now: Date;
  regions: RoutingRegion[];
  jurisdiction: string;
  key: ApiKeyDoc | null;
}

function districtOf(regions: readonly RoutingRegion[], id: string | null): string | null {
  const byId = new Map(regions.map((r) => [r.id, r]));
  let cur = id ? byId.get(id) : undefined;
  for (let i = 0; cur && i < 8; i++) {
    if (cur.level === 'district') return cur.id;
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return null;
}

/**
 * jurisdiction_id is the district's region id. With one district it may be left out (the spec makes
 * it optional for single-jurisdiction servers); with several it is required, as the spec says.
 */
function jurisdictionOf(regions: readonly RoutingRegion[], raw: string | undefined): string {
  const districts = regions.filter((r) => r.level === 'district');
  if (raw !== undefined && raw !== '') {
    if (!districts.some((d) => d.id === raw)) throw new Open311Error(404, 'jurisdiction_id not found');
    return raw;
  }
  if (districts.length === 1) return districts[0].id;
  if (districts.length === 0) throw new Open311Error(404, 'jurisdiction_id not found: no district is configured');
  throw bad('jurisdiction_id was not provided');
}

/** A presented api_key: null when none was given; 403 when it is unknown or revoked. */
async function authenticate(db: Db, raw: string | undefined): Promise<ApiKeyDoc | null> {
  if (raw === undefined || raw === '') return null;
  const id = keyIdOf(raw.trim());
  const doc = id ? await open311Repo(db).findKey(id) : null;
  if (!doc || !keyMatches(doc, raw.trim())) throw new Open311Error(403, 'api_key is invalid');
  if (doc.status !== 'active') throw new Open311Error(403, 'api_key has been revoked');
  return doc;
}

async function audit(db: Db, key: ApiKeyDoc, action: string, target: { type: string; id: string }, after: unknown, now: Date, names?: Record<string, string>): Promise<void> {
  const entry: AuditDoc = { actor: partnerReporter(key._id), action: `open311.${action}`, target, before: null, after, at: now, ...(names ? { names } : {}) };
  await appendAuditAlone(db, entry);
}

/**
 * Serves one GeoReport v2 call. Every refusal is the spec's error list with its HTTP status; nothing
 * is written for a refused request except the rate-limit counter it was counted against.
 */
export async function serveOpen311(db: Db, req: Open311Request, now = new Date()): Promise<HttpReply> {
  const route = matchRoute(req.path);
  const format: Format = route?.format ?? formatOfPath(req.path);
  try {
    if (!route) throw new Open311Error(404, 'no such resource; see /open311/discovery.json');
    const post = route.kind === 'requests' && req.method === 'POST';
    if (!post && req.method !== 'GET') throw new Open311Error(405, `method ${req.method} is not allowed here`);
    if (post && !req.form) throw bad('POST requests must be application/x-www-form-urlencoded');
    if (route.kind === 'discovery') {
      await limitPublic(db, req, now);
      const doc = discoveryDoc({ baseUrl: req.baseUrl, contact: process.env.OPEN311_CONTACT || '友好街区区级管理员（小程序工作台 → 开放接口）', production: process.env.OPEN311_ENDPOINT_TYPE !== 'test' });
      return httpReply(200, render(format, 'discovery', doc));
    }

    const params: Params = { ...req.query, ...(req.form ?? {}) };
    const regions = await routingRegions(db, now.getTime());
    const jurisdiction = jurisdictionOf(regions, params.jurisdiction_id);
    const key = await authenticate(db, params.api_key);
    if (key) {
      if (!(await open311Repo(db).hit(`key:${key._id}`, minuteWindow(now), key.ratePerMinute || DEFAULT_KEY_RATE_PER_MINUTE, now))) throw new Open311Error(429, 'rate limit for this api_key exceeded; try again in a minute');
    } else {
      if (post) throw new Open311Error(403, 'api_key was not provided');
      await limitPublic(db, req, now);
    }
    const ctx: Context = { db, req, route, params, now, regions, jurisdiction, key };
    if (post) return await postRequest(ctx, format);
    await checkReadAllowed(ctx);
    switch (route.kind) {
      case 'services':
        return await getServices(ctx, format);
      case 'service':
        return await getServiceDefinition(ctx, route.code, format);
      case 'requests':
        return await getRequests(ctx, format);
      case 'request':
        return await getRequest(ctx, route.id, format);
      case 'token':
        return await getToken(ctx, route.token, format);
    }
  } catch (err) {
    if (err instanceof Open311Error) return httpReply(err.status, renderErrors(format, err.status, [err.description]));
    console.error('[open311] unexpected error', err);
    return httpReply(500, renderErrors(format, 500, ['the server could not answer; try again later']));
  }
}

async function limitPublic(db: Db, req: Open311Request, now: Date): Promise<void> {
  if (!(await open311Repo(db).hit(`ip:${req.clientIp}`, minuteWindow(now), publicRate(), now))) throw new Open311Error(429, 'rate limit exceeded; try again in a minute');
}

/** Public reading can be turned off per district; then only partners with a key read (within their communities). */
async function checkReadAllowed(ctx: Context): Promise<void> {
  if (ctx.key) return;
  const open = (await open311Repo(ctx.db).publicReadOf([ctx.jurisdiction])).get(ctx.jurisdiction) ?? true;
  if (!open) throw new Open311Error(403, 'public reading is turned off for this jurisdiction; an api_key is required');
}

/** Communities a caller's reads are limited to: none for the public, the key's own for a partner when reading is closed. */
async function readScope(ctx: Context): Promise<string[] | null> {
  if (!ctx.key) return null;
  const open = (await open311Repo(ctx.db).publicReadOf([ctx.jurisdiction])).get(ctx.jurisdiction) ?? true;
  return open ? null : ctx.key.communities;
}

async function services(ctx: Context): Promise<Category[]> {
  return servicesOf(await categoriesRepo(ctx.db).list(ctx.now.getTime()));
}

async function getServices(ctx: Context, format: Format): Promise<HttpReply> {
  const list = (await services(ctx)).map(toService);
  if (ctx.key) await audit(ctx.db, ctx.key, 'services', { type: 'open311', id: 'services' }, { count: list.length }, ctx.now);
  return httpReply(200, render(format, 'services', list));
}

async function getServiceDefinition(ctx: Context, code: string, format: Format): Promise<HttpReply> {
  const c = (await services(ctx)).find((s) => s.code === code);
  if (!c) throw new Open311Error(404, 'service_code not found');
  if (ctx.key) await audit(ctx.db, ctx.key, 'service', { type: 'category', id: code }, null, ctx.now);
  return httpReply(200, render(format, 'service_definition', toServiceDefinition(c)));
}

/** Whether a report may be shown to this caller at all (district, kind, status, scope). */
function visible(ctx: Context, r: ReportDoc, scope: string[] | null): boolean {
  if (r.kind !== 'issue' || r.districtId !== ctx.jurisdiction) return false;
  if (scope && !(r.communityId && scope.includes(r.communityId))) return false;
  // A partner sees what it filed even when staff rejected it (the notes say why).
  const own = !!ctx.key && r.source?.keyId === ctx.key._id;
  return PUBLIC_STATUSES.includes(r.status) || own;
}

async function asServiceRequests(rows: ReportDoc[]): Promise<ReturnType<typeof toServiceRequest>[]> {
  const stored = rows.flatMap((r) => {
    const p = r.photos.find((x) => x.check === 'approved');
    return p && !isLink(p.fileID) ? [p.fileID] : [];
  });
  const urls = await tempUrls(stored);
  return rows.map((r) => toServiceRequest(r, urls));
}

async function getRequests(ctx: Context, format: Format): Promise<HttpReply> {
  const q = parseRequestQuery(ctx.params, ctx.now);
  const scope = await readScope(ctx);
  const repo = open311Repo(ctx.db);
  let rows: ReportDoc[];
  let more = false;
  if (q.ids) {
    const found = await repo.findMany(q.ids);
    const byId = new Map(found.map((r) => [r._id, r]));
    rows = q.ids.map((id) => byId.get(id)).filter((r): r is ReportDoc => !!r && visible(ctx, r, scope));
  } else {
    const statuses: ReportStatus[] = statusesFor(q.statuses, PUBLIC_STATUSES);
    // One extra row says whether there is a next page (the database gives at most 1000 per read).
    const limit = Math.min(q.pageSize + 1, MAX_PAGE_SIZE);
    const got = await repo.search({ districtIds: [ctx.jurisdiction], communities: scope, statuses, categories: q.serviceCodes, from: q.from, to: q.to, skip: (q.page - 1) * q.pageSize, limit });
    more = got.length > q.pageSize || (q.pageSize === MAX_PAGE_SIZE && got.length === MAX_PAGE_SIZE);
    rows = got.slice(0, q.pageSize).filter((r) => visible(ctx, r, scope));
  }
  const list = await asServiceRequests(rows);
  if (ctx.key) await audit(ctx.db, ctx.key, 'requests', { type: 'open311', id: 'requests' }, { count: list.length, ids: q.ids ? q.ids.slice(0, 50) : undefined }, ctx.now);
  const extra: Record<string, string> = { 'X-Open311-Page': String(q.page), 'X-Open311-Page-Size': String(q.pageSize), 'X-Open311-Window': `${w3cDate(q.from)}/${w3cDate(q.to)}` };
  if (more) {
    const next = new URLSearchParams({ ...ctx.req.query, page: String(q.page + 1), page_size: String(q.pageSize) });
    next.delete('api_key');
    extra.Link = `<${ctx.req.baseUrl}${ctx.req.path}?${next.toString()}>; rel="next"`;
  }
  return httpReply(200, render(format, 'service_requests', list), extra);
}

async function getRequest(ctx: Context, id: string, format: Format): Promise<HttpReply> {
  const r = await open311Repo(ctx.db).findReport(id);
  if (!r || !visible(ctx, r, await readScope(ctx))) throw new Open311Error(404, 'service_request_id not found');
  const list = await asServiceRequests([r]);
  if (ctx.key) await audit(ctx.db, ctx.key, 'request', { type: 'report', id }, null, ctx.now, auditNames([id, reportAuditName(r)]));
  return httpReply(200, render(format, 'service_requests', list));
}

async function getToken(ctx: Context, token: string, format: Format): Promise<HttpReply> {
  const r = await open311Repo(ctx.db).findByToken(token);
  if (!r || r.kind !== 'issue') throw new Open311Error(404, 'token not found');
  if (ctx.key) await audit(ctx.db, ctx.key, 'token', { type: 'report', id: r._id }, null, ctx.now);
  return httpReply(200, render(format, 'service_requests', [{ service_request_id: r._id, token }]));
}

// ---- POST requests ----------------------------------------------------------------------------

const num = (raw: string | undefined): number | null => (raw !== undefined && /^-?\d{1,3}(\.\d{1,12})?$/.test(raw.trim()) ? Number(raw) : null);

function attributesFrom(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const m = /^attribute\[([A-Za-z0-9_-]{1,64})\]$/.exec(k);
    if (m) out[m[1]] = v;
  }
  return out;
}

/**
 * Where a request is: lat/long; else address_id, a station or merchant id (its location); else an
 * address_string naming one of the district's grids or communities (its centre). There is no street
 * geocoder here, so any other address_string is refused with a request for coordinates.
 */
async function locate(ctx: Context, p: Params): Promise<{ location: { lat: number; lng: number }; placeId: string | null }> {
  const lat = num(p.lat);
  const lng = num(p.long);
  if (p.lat !== undefined || p.long !== undefined) {
    if (lat === null || lng === null) throw bad('lat and long must both be given as decimal degrees');
    return { location: { lat, lng }, placeId: null };
  }
  if (p.address_id) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(p.address_id)) throw bad('address_id is not valid');
    const place = await reportsRepo(ctx.db).findPlace(p.address_id);
    const coords = (place as unknown as { location?: { coordinates?: [number, number] } } | null)?.location?.coordinates;
    if (!place || place.status !== 'approved' || !coords) throw new Open311Error(404, 'address_id not found');
    return { location: { lat: coords[1], lng: coords[0] }, placeId: place._id };
  }
  const address = (p.address_string ?? '').trim();
  if (address) {
    const inDistrict = ctx.regions.filter((r) => districtOf(ctx.regions, r.id) === ctx.jurisdiction);
    const match = ['grid', 'community'].flatMap((level) => inDistrict.filter((r) => r.level === level && r.name && address.includes(r.name))).find((r) => centerOf(r));
    if (!match) throw bad('address_string could not be located; give lat and long');
    const [lng2, lat2] = centerOf(match)!;
    return { location: { lat: lat2, lng: lng2 }, placeId: null };
  }
  throw bad('a location is required: lat and long, address_string or address_id');
}

/** A region's centre: its stored centre, else the middle of its polygon's bounding box. */
function centerOf(r: RoutingRegion): [number, number] | null {
  if (r.center) return r.center;
  const ring = (r.geometry?.type === 'Polygon' ? r.geometry.coordinates[0] : r.geometry?.type === 'MultiPolygon' ? r.geometry.coordinates[0]?.[0] : undefined) as number[][] | undefined;
  if (!ring || ring.length === 0) return null;
  const xs = ring.map((c) => c[0]);
  const ys = ring.map((c) => c[1]);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}

/** Our refusals as GeoReport errors: input 400, scope 403, limits 429, content 400. */
function fromAppError(err: AppError): Open311Error {
  const field = (err.field ?? '').replace(/^payload\./, '');
  const param = { category: 'service_code', description: 'description', location: 'lat/long', 'location.lat': 'lat', 'location.lng': 'long', address: 'address_string', placeId: 'attribute[place_id]', photos: 'media_url' }[field] ?? field;
  const description = param ? `${param}: ${err.message}` : err.message;
  if (err.code === 'RATE.LIMITED') return new Open311Error(429, description);
  if (err.code === 'AUTH.FORBIDDEN') return new Open311Error(403, description);
  if (err.code === 'INPUT.INVALID' || err.code === 'CONTENT.RISKY') return new Open311Error(400, description);
  throw err;
}

async function postRequest(ctx: Context, format: Format): Promise<HttpReply> {
  const key = ctx.key!;
  const p = ctx.params;
  if (!p.service_code) throw bad('service_code was not provided');
  const category = (await services(ctx)).find((s) => s.code === p.service_code);
  if (!category) throw new Open311Error(404, 'service_code not found');
  const attrs = attributesFrom(p);
  for (const a of attributesOf(category)) {
    if (a.required && !attrs[a.code] && !(a.code === 'place_id' && p.address_id)) throw bad(`attribute[${a.code}] is required for ${category.code}`);
  }
  const media = (p.media_url ?? '').trim();
  if (media && (!/^https?:\/\/[^\s<>"]{1,1000}$/i.test(media))) throw bad('media_url must be an http(s) URL');
  const where = await locate(ctx, p);
  const placeId = category.routing === 'place' ? (attrs.place_id || where.placeId || p.address_id || null) : null;
  const address = (p.address_string ?? '').trim().slice(0, 120);

  const parsed = submitPayload.safeParse({
    kind: 'issue',
    category: category.code,
    description: p.description ?? '',
    photos: [],
    location: where.location,
    ...(address ? { address } : {}),
    ...(placeId ? { placeId } : {}),
    // GeoReport has no idempotency key: each POST is a new request.
    requestId: randomUUID(),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw fromAppError(new AppError('INPUT.INVALID', issue?.message ?? '参数不正确', `payload.${field}`));
  }

  const token = randomBytes(12).toString('base64url');
  const caller: Caller = { openid: partnerReporter(key._id), user: null, roles: [] };
  let view;
  try {
    view = await submit(ctx.db, caller, parsed.data, ctx.now, {
      // email, first_name, last_name and phone are accepted as the spec allows and not kept: the
      // partner holds its callers' identities, and nothing here may ever show a reporter's.
      source: { channel: 'open311', keyId: key._id, name: key.name, label: sourceLabel(key.name), token, accountId: (p.account_id ?? '').slice(0, 64), deviceId: (p.device_id ?? '').slice(0, 64) },
      mediaUrls: media ? [media] : [],
      dailyLimit: key.dailyLimit,
      communities: key.communities,
    });
  } catch (err) {
    if (err instanceof AppError) throw fromAppError(err);
    throw err;
  }
  await audit(ctx.db, key, 'postRequest', { type: 'report', id: view.id }, { service_code: category.code, communityId: view.region.communityId }, ctx.now, auditNames([view.id, reportAuditName({ categoryName: view.categoryName, placeName: view.place?.name ?? '', address: view.address })]));
  const notice = `已转交${view.region.communityName || '区级统筹'}，预计 ${w3cDate(view.dueAt)} 前处理`;
  return httpReply(200, render(format, 'service_requests', [{ service_request_id: view.id, token, service_notice: notice, account_id: (p.account_id ?? '').slice(0, 64) }]));
}
