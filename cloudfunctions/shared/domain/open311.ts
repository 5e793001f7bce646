/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) as plain functions: routes, parameters,
 * the mapping of our categories and reports to services and service requests, and the two wire
 * formats. Element names and nesting follow the spec exactly (XML roots `services`,
 * `service_definition`, `service_requests`, `errors`, `discovery`; JSON arrays for lists).
 * Where the spec is silent this follows FixMyStreet's server (perllib/FixMyStreet/App/Controller/Open311.pm):
 * a default page of the newest requests, at most 1000 per call, closed = fixed or closed states.
 */
import type { Category } from './categories';
import type { ReportDoc, StoredPhoto } from './report';
import type { ReportStatus } from './report-lifecycle';
import { SHANGHAI_OFFSET, shanghaiWall } from '../isomorphic/time';

export const OPEN311_SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
/** When this server's GeoReport behaviour last changed (discovery `changeset`). */
export const OPEN311_CHANGESET = '2026-12-01T00:00:00+08:00';
export const OPEN311_BASE = '/open311';

/** Requests per call: the spec's (and FixMyStreet's OPEN311_LIMIT) maximum, and our default page. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;
/** The spec's default search window and the widest range one call may ask for. */
export const DEFAULT_WINDOW_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

export type Format = 'json' | 'xml';

// ---- routes ---------------------------------------------------------------------------------

export type Route =
  | { kind: 'discovery'; format: Format }
  | { kind: 'services'; format: Format }
  | { kind: 'service'; code: string; format: Format }
  | { kind: 'requests'; format: Format }
  | { kind: 'request'; id: string; format: Format }
  | { kind: 'token'; token: string; format: Format };

const SEGMENT = '([A-Za-z0-9_-]{1,64})';

/**
 * The path the HTTP access service hands over is the full request path (`/open311/v2/services.json`);
 * `/open311/discovery.json` also answers at `/open311/v2/discovery.json`, as FixMyStreet serves it.
 * Returns null for anything else (404), and the format of the unknown route where one can be read.
 */
export function matchRoute(path: string): Route | null {
  const p = path.replace(/\/+$/, '');
  let m = new RegExp(`^${OPEN311_BASE}(?:/v2)?/discovery\\.(json|xml)$`).exec(p);
  if (m) return { kind: 'discovery', format: m[1] as Format };
  const rest = p.startsWith(`${OPEN311_BASE}/v2/`) ? p.slice(`${OPEN311_BASE}/v2/`.length) : null;
  if (rest === null) return null;
  if ((m = /^services\.(json|xml)$/.exec(rest))) return { kind: 'services', format: m[1] as Format };
  if ((m = new RegExp(`^services/${SEGMENT}\\.(json|xml)$`).exec(rest))) return { kind: 'service', code: m[1], format: m[2] as Format };
  if ((m = /^requests\.(json|xml)$/.exec(rest))) return { kind: 'requests', format: m[1] as Format };
  if ((m = new RegExp(`^requests/${SEGMENT}\\.(json|xml)$`).exec(rest))) return { kind: 'request', id: m[1], format: m[2] as Format };
  if ((m = new RegExp(`^tokens/${SEGMENT}\\.(json|xml)$`).exec(rest))) return { kind: 'token', token: m[1], format: m[2] as Format };
  return null;
}

/** The format an unmatched or failed request should be answered in: its extension, else JSON. */
export function formatOfPath(path: string): Format {
  return /\.xml\/*$/.test(path) ? 'xml' : 'json';
}

// ---- errors ---------------------------------------------------------------------------------

/** A refusal in the spec's shape: an HTTP status and a list of `{ code, description }`. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

export const bad = (description: string) => new Open311Error(400, description);

// ---- dates ----------------------------------------------------------------------------------

/** W3C date-time in Asia/Shanghai with its offset, to the second: 2026-12-01T09:30:00+08:00. */
export function w3cDate(at: Date | string | number): string {
  return `${shanghaiWall(at).toISOString().slice(0, 19)}${SHANGHAI_OFFSET}`;
}

const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Parses a W3C date-time (the spec's format, e.g. 2010-01-01T00:00:00Z). A date without a time is
 * midnight in Shanghai, the district's own day. Anything else, or an impossible date, is null.
 */
export function parseW3cDate(raw: string): Date | null {
  const m = W3C.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', tz = SHANGHAI_OFFSET] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${tz}`;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  // Date.parse rolls 2026-02-30 over to March: refuse dates that are not on the calendar.
  const local = new Date(Date.UTC(+y, +mo - 1, +d));
  if (local.getUTCFullYear() !== +y || local.getUTCMonth() !== +mo - 1 || local.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return null;
  return new Date(t);
}

// ---- parameters -----------------------------------------------------------------------------

export type Params = Record<string, string>;

/** Query strings and form bodies into one flat map; a repeated key keeps its first value. */
export function parseForm(body: string): Params {
  const out: Params = {};
  for (const [k, v] of new URLSearchParams(body)) if (!(k in out)) out[k] = v;
  return out;
}

export interface RequestQuery {
  ids: string[] | null;
  serviceCodes: string[] | null;
  statuses: Array<'open' | 'closed'> | null;
  from: Date;
  to: Date;
  page: number;
  pageSize: number;
}

function positiveInt(raw: string | undefined, name: string, max: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,7}$/.test(raw) || +raw < 1) throw bad(`${name} must be a positive integer`);
  if (+raw > max) throw bad(`${name} may be at most ${max}`);
  return +raw;
}

function list(raw: string | undefined): string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  return [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
}

/**
 * GET requests' parameters. `service_request_id` (comma list) overrides all others, as the spec
 * says. Without dates the window is the last 90 days; with one date it is 90 days from (or to) it;
 * a range wider than 90 days is refused. Paging: `page` (from 1) and `page_size` (default 100, at
 * most 1000; FixMyStreet's `max_requests` is read as page_size).
 */
export function parseRequestQuery(q: Params, now: Date): RequestQuery {
  const ids = list(q.service_request_id);
  if (ids && ids.length > MAX_PAGE_SIZE) throw bad(`at most ${MAX_PAGE_SIZE} service_request_id values per call`);
  if (ids && ids.some((id) => !/^[A-Za-z0-9_-]{1,64}$/.test(id))) throw bad('service_request_id is not valid');
  const pageSize = positiveInt(q.page_size ?? q.max_requests, 'page_size', MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const page = positiveInt(q.page, 'page', 100_000, 1);
  if (ids) return { ids, serviceCodes: null, statuses: null, from: new Date(0), to: now, page: 1, pageSize: MAX_PAGE_SIZE };

  const serviceCodes = list(q.service_code);
  if (serviceCodes && (serviceCodes.length > 50 || serviceCodes.some((c) => !/^[A-Za-z0-9_-]{1,64}$/.test(c)))) throw bad('service_code is not valid');
  const statusList = list(q.status);
  if (statusList && statusList.some((s) => s !== 'open' && s !== 'closed')) throw bad('status must be open or closed (comma separated)');
  const start = q.start_date ? parseW3cDate(q.start_date) : null;
  if (q.start_date && !start) throw bad('start_date must be a W3C date-time, e.g. 2026-01-01T00:00:00+08:00');
  const end = q.end_date ? parseW3cDate(q.end_date) : null;
  if (q.end_date && !end) throw bad('end_date must be a W3C date-time, e.g. 2026-01-31T00:00:00+08:00');
  const window = DEFAULT_WINDOW_DAYS * DAY_MS;
  let from: Date;
  let to: Date;
  if (start && end) {
    if (end.getTime() < start.getTime()) throw bad('end_date is before start_date');
    if (end.getTime() - start.getTime() > window) throw bad(`start_date and end_date may not span more than ${DEFAULT_WINDOW_DAYS} days`);
    from = start;
    to = end;
  } else if (start) {
    from = start;
    to = new Date(start.getTime() + window);
  } else if (end) {
    from = new Date(end.getTime() - window);
    to = end;
  } else {
    from = new Date(now.getTime() - window);
    to = now;
  }
  return { ids: null, serviceCodes, statuses: statusList as Array<'open' | 'closed'> | null, from, to, page, pageSize };
}

// ---- services -------------------------------------------------------------------------------

export type ServiceView = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
};

export type AttributeView = {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: Array<{ key: string; name: string }>;
};

/** Categories open to the public as services: enabled issue categories (volunteer records are not services). */
export function servicesOf(categories: readonly Category[]): Category[] {
  return categories.filter((c) => c.enabled && c.kind === 'issue');
}

/** The attributes a category asks for beyond the standard fields. */
export function attributesOf(c: Category): AttributeView[] {
  if (c.routing !== 'place') return [];
  return [
    {
      variable: true,
      code: 'place_id',
      datatype: 'string',
      required: true,
      datatype_description: '站点或商户编号（也可用 address_id 传入）',
      order: 1,
      description: '被反馈的驿站或友好商户',
      values: [],
    },
  ];
}

export function toService(c: Category): ServiceView {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.name}（处理时限 ${c.slaHours} 小时${c.photoRequired ? '，需附照片 media_url' : ''}）`,
    metadata: attributesOf(c).length > 0,
    // A request is stored and answered with its id at once.
    type: 'realtime',
    keywords: '',
    group: c.routing === 'place' ? '站点与商户' : '街面问题',
  };
}

export function toServiceDefinition(c: Category): { service_code: string; attributes: AttributeView[] } {
  return { service_code: c.code, attributes: attributesOf(c) };
}

// ---- service requests -----------------------------------------------------------------------

export const OPEN_FOR_311: readonly ReportStatus[] = ['submitted', 'accepted', 'dispatched', 'reopened'];
/** Resolved counts as closed, as FixMyStreet's fixed states do: the work is done. */
export const CLOSED_FOR_311: readonly ReportStatus[] = ['resolved', 'closed', 'duplicate', 'rejected'];
/** Rejected reports are shown only to the partner that filed them (they may be spam or abuse). */
export const PUBLIC_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted', 'dispatched', 'reopened', 'resolved', 'closed', 'duplicate'];

export function openOrClosed(status: ReportStatus): 'open' | 'closed' {
  return OPEN_FOR_311.includes(status) ? 'open' : 'closed';
}

/** Statuses a `status=` filter selects, within what the viewer may see. */
export function statusesFor(filter: Array<'open' | 'closed'> | null, visible: readonly ReportStatus[]): ReportStatus[] {
  const wanted = !filter ? [...OPEN_FOR_311, ...CLOSED_FOR_311] : filter.flatMap((f) => (f === 'open' ? OPEN_FOR_311 : CLOSED_FOR_311));
  return visible.filter((s) => wanted.includes(s));
}

/**
 * status_notes from the report's timeline: what its last step means for the public, with the
 * handling note only where it may be shown (a resolution note that passed the text check, a
 * staff rejection reason). Names of workers, ratings and reporters' comments are never included.
 */
export function statusNotes(r: Pick<ReportDoc, 'status' | 'timeline' | 'resolution' | 'rejectReason'>): string {
  const res = r.resolution;
  const resolved = res && res.textCheck === 'pass' && res.note ? `处理情况：${res.note}` : '';
  switch (r.status) {
    case 'submitted':
      return '已收到，等待社区审核';
    case 'accepted':
      return '社区已受理，等待派单';
    case 'dispatched':
      return '已派给网格员处理';
    case 'reopened':
      return '反馈问题仍未解决，已重新处理';
    case 'resolved':
      return ['网格员已处理完毕', resolved].filter(Boolean).join('；');
    case 'closed':
      return ['已办结', resolved].filter(Boolean).join('；');
    case 'duplicate':
      return '与已有上报重复，按原上报处理';
    case 'rejected':
      return r.rejectReason ? `未予受理：${r.rejectReason}` : '未予受理';
    default:
      return '';
  }
}

/** The first photo whose image check approved it, or none: pending and refused photos never leave. */
export function approvedPhoto(photos: readonly StoredPhoto[]): StoredPhoto | null {
  return photos.find((p) => p.check === 'approved') ?? null;
}

/** A partner's media_url is a link, not a stored file; its own link is what the API gives back. */
export function isLink(fileID: string): boolean {
  return /^https?:\/\//i.test(fileID);
}

export type ServiceRequestView = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number;
  long: number;
  media_url: string;
};

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * One report as a GeoReport service request. Nothing about the reporter (no name, phone, openid or
 * partner account), no volunteer data, no rating; the description only when its text check passed;
 * media_url only for a photo whose image check approved it (`urls` maps stored fileIDs to links).
 */
export function toServiceRequest(r: ReportDoc, urls: Record<string, string>): ServiceRequestView {
  const photo = approvedPhoto(r.photos);
  const media = photo ? (isLink(photo.fileID) ? photo.fileID : (urls[photo.fileID] ?? '')) : '';
  return {
    service_request_id: r._id,
    status: openOrClosed(r.status),
    status_notes: statusNotes(r),
    service_name: r.categoryName,
    service_code: r.category,
    description: r.textCheck === 'pass' ? r.description : '',
    agency_responsible: r.route?.communityName || '区级统筹',
    service_notice: '',
    requested_datetime: w3cDate(r.createdAt),
    updated_datetime: w3cDate(r.updatedAt),
    expected_datetime: w3cDate(r.dueAt),
    address: r.address,
    address_id: r.placeId ?? '',
    zipcode: '',
    lat: round6(r.coords.lat),
    long: round6(r.coords.lng),
    media_url: media,
  };
}

// ---- discovery ------------------------------------------------------------------------------

export function discoveryDoc(o: { baseUrl: string; contact: string; production: boolean }) {
  return {
    changeset: OPEN311_CHANGESET,
    contact: o.contact,
    key_service: '写入（POST requests）需要区管理员在工作台签发的 api_key；读取默认公开。',
    endpoints: [
      {
        specification: OPEN311_SPEC_URL,
        url: `${o.baseUrl}${OPEN311_BASE}/v2`,
        changeset: OPEN311_CHANGESET,
        type: o.production ? 'production' : 'test',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

// ---- the two formats ------------------------------------------------------------------------

/** The XML element for each list item, by the list's element name (the spec's nesting). */
const ITEM_TAG: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

export function escapeXml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than breaking the document.
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function xmlOf(tag: string, v: Value): string {
  if (Array.isArray(v)) {
    const item = ITEM_TAG[tag] ?? 'item';
    return `<${tag}>${v.map((x) => xmlOf(item, x)).join('')}</${tag}>`;
  }
  if (v !== null && typeof v === 'object') {
    return `<${tag}>${Object.entries(v).map(([k, x]) => xmlOf(k, x)).join('')}</${tag}>`;
  }
  if (v === null || v === undefined || v === '') return `<${tag}></${tag}>`;
  return `<${tag}>${escapeXml(String(v))}</${tag}>`;
}

/** `root` is the XML root element; in JSON the value itself is the document (arrays for lists). */
export function render(format: Format, root: string, value: Value): { contentType: string; body: string } {
  if (format === 'json') return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
  return { contentType: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="utf-8"?>${xmlOf(root, value)}` };
}

export function renderErrors(format: Format, status: number, descriptions: string[]): { contentType: string; body: string } {
  return render(format, 'errors', descriptions.map((description) => ({ code: status, description })));
}

// ---- the HTTP access service's event ---------------------------------------------------------

/**
 * What CloudBase's HTTP access service hands an HTTP-triggered function (its "integration request"):
 * `{ path, httpMethod, headers, queryStringParameters, requestContext, body, isBase64Encoded }`, and
 * what it expects back (the "integration response"): `{ statusCode, headers, body, isBase64Encoded }`.
 */
export interface HttpEvent {
  path?: unknown;
  httpMethod?: unknown;
  headers?: unknown;
  queryStringParameters?: unknown;
  requestContext?: unknown;
  body?: unknown;
  isBase64Encoded?: unknown;
}

export interface HttpReply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** The request as the use-case sees it: no event, no SDK. */
export interface Open311Request {
  method: string;
  path: string;
  query: Params;
  /** Form fields of a POST (application/x-www-form-urlencoded, as the spec says). */
  form: Params | null;
  /** Non-null when a POST body is present but is not a form. */
  contentType: string;
  clientIp: string;
  /** scheme://host the client used, for the discovery document's URL. */
  baseUrl: string;
}

const MAX_BODY = 64 * 1024;

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string') out[k] = x;
    else if (Array.isArray(x) && typeof x[0] === 'string') out[k] = x[0];
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  }
  return out;
}

/**
 * The client's address: the last `x-forwarded-for` hop is the one the access service (or the local
 * gateway) added itself; earlier hops are whatever the client sent and cannot be trusted.
 */
export function clientIpOf(headers: Record<string, string>): string {
  const hops = (headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return (hops[hops.length - 1] ?? headers['x-real-ip'] ?? '').slice(0, 64) || 'unknown';
}

export function parseHttpEvent(event: unknown): Open311Request {
  const e = (event && typeof event === 'object' ? event : {}) as HttpEvent;
  const rawHeaders = stringMap(e.headers);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawHeaders)) headers[k.toLowerCase()] = v;
  const method = typeof e.httpMethod === 'string' ? e.httpMethod.toUpperCase() : 'GET';
  const path = typeof e.path === 'string' ? e.path : '/';
  const query = stringMap(e.queryStringParameters);
  let body = typeof e.body === 'string' ? e.body : '';
  if (body && (e.isBase64Encoded === true || e.isBase64Encoded === 'true')) body = Buffer.from(body, 'base64').toString('utf8');
  if (body.length > MAX_BODY) body = '';
  const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const form = method === 'POST' && contentType === 'application/x-www-form-urlencoded' ? parseForm(body) : null;
  const host = (headers['x-forwarded-host'] ?? headers.host ?? '').replace(/[^A-Za-z0-9.:[\]-]/g, '');
  const proto = headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  return { method, path, query, form, contentType, clientIp: clientIpOf(headers), baseUrl: host ? `${proto}://${host}` : '' };
}

export function httpReply(status: number, rendered: { contentType: string; body: string }, extra: Record<string, string> = {}): HttpReply {
  return {
    statusCode: status,
    headers: {
      'Content-Type': rendered.contentType,
      // Public data for any client, as FixMyStreet's server sends it.
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-store',
      ...extra,
    },
    body: rendered.body,
    isBase64Encoded: false,
  };
}
