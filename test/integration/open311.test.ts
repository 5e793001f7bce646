// Open311 GeoReport v2 through the emulator's HTTP access route (/open311, from cloudbaserc.json
// httpServices) and the real open311 function: every endpoint and parameter in JSON and XML with
// the spec's element names, refusals in the spec's error shape with nothing written, partner keys
// issued and revoked in the workbench, a request filed through the API worked to the end in the app,
// and photos that failed the image check never given out.
import { XMLParser } from 'fast-xml-parser';
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

let emu: TestEmulator;
let KEY = '';
let KEY_ID = '';

const HECHENG_1 = { lat: 23.112, lng: 109.565 };
const SHIYANGTANG = { lat: 23.115, lng: 109.62 };
const DISTRICT = 'district-gangbei';

const db = () => emu.app.database();
let seq = 0;
const rid = (tag: string) => `${tag}-${Date.now().toString(36)}-${++seq}`;

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'test-admin', OPEN311_PUBLIC_RATE_PER_MINUTE: '100000' } });
  await seedDemo(emu.app);
  for (const id of ['test-admin', 'demo-worker-1', 'demo-worker-2', 'demo-staff-1', 'demo-gridworker-1']) await emu.call(id, 'user', 'login', {});
  const issued = await emu.call('test-admin', 'admin', 'issueApiKey', { name: '12345 热线', communities: ['community-hecheng'], ratePerMinute: 600, requestId: rid('key') });
  expect(issued.ok).toBe(true);
  KEY = issued.data.key;
  KEY_ID = issued.data.item.id;
}, 120_000);
afterAll(() => emu.close());

// ---- HTTP helpers ----------------------------------------------------------------------------

interface Reply {
  status: number;
  type: string;
  text: string;
  headers: Headers;
  json: any;
  xml: any;
}

const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name) });

async function http(method: 'GET' | 'POST', path: string, o: { query?: Record<string, string>; form?: Record<string, string>; body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const qs = o.query ? `?${new URLSearchParams(o.query).toString()}` : '';
  const headers: Record<string, string> = { ...o.headers };
  let body: string | undefined = o.body;
  if (o.form) {
    body = new URLSearchParams(o.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  const res = await fetch(`${emu.url}${path}${qs}`, { method, headers, body });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    text,
    headers: res.headers,
    json: type.includes('json') ? JSON.parse(text) : undefined,
    xml: type.includes('xml') ? xmlParser.parse(text) : undefined,
  };
}

const get = (path: string, query?: Record<string, string>, headers?: Record<string, string>) => http('GET', `/open311/v2/${path}`, { query, headers });
const post = (format: 'json' | 'xml', form: Record<string, string>, headers?: Record<string, string>) => http('POST', `/open311/v2/requests.${format}`, { form, headers });

function expectErrors(r: Reply, status: number, format: 'json' | 'xml', pattern?: RegExp) {
  expect(r.status).toBe(status);
  if (format === 'json') {
    expect(Array.isArray(r.json)).toBe(true);
    expect(Object.keys(r.json[0]).sort()).toEqual(['code', 'description']);
    expect(r.json[0].code).toBe(status);
    if (pattern) expect(r.json[0].description).toMatch(pattern);
  } else {
    expect(Object.keys(r.xml).filter((k) => k !== '?xml')).toEqual(['errors']);
    const e = r.xml.errors.error[0];
    expect(Object.keys(e).sort()).toEqual(['code', 'description']);
    expect(e.code).toBe(String(status));
    if (pattern) expect(e.description).toMatch(pattern);
  }
}

const REQUEST_FIELDS = ['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime', 'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode'];
const W3C_SHANGHAI = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

async function counts() {
  const [reports, audit] = await Promise.all([db().collection('reports').count(), db().collection('audit').count()]);
  return { reports: reports.total, audit: audit.total };
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await what();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await what();
  }
  return v;
}

const reportDoc = async (id: string) => (await db().collection('reports').doc(id).get()).data[0] as Record<string, any>;

const goodForm = (over: Record<string, string> = {}) => ({
  api_key: KEY,
  jurisdiction_id: DISTRICT,
  service_code: 'garbage',
  lat: String(HECHENG_1.lat),
  long: String(HECHENG_1.lng),
  address_string: '荷城社区人民路 12 号旁',
  description: '人民路 12 号旁垃圾堆放三天没人清理',
  media_url: 'https://hotline.example.cn/photos/1001.jpg',
  email: 'citizen@example.cn',
  first_name: '小明',
  last_name: '王',
  phone: '13800001111',
  device_id: 'hotline-seat-7',
  account_id: 'case-2026-0001',
  ...over,
});

async function upload(openid: string, name: string): Promise<string> {
  const dir = (await emu.call(openid, 'snapshot', 'settings', {})).data.uploadDir;
  const path = `${dir}/${Date.now()}-${++seq}-${name}`;
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(path)}`, { method: 'POST', headers: { 'x-wx-openid': openid, 'content-type': 'image/jpeg' }, body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]) });
  return ((await res.json()) as { fileID: string }).fileID;
}

// ---- discovery and services ------------------------------------------------------------------

describe('discovery', () => {
  it('describes the endpoint in both formats, at /open311/discovery and under v2', async () => {
    const j = await http('GET', '/open311/discovery.json');
    expect(j.status).toBe(200);
    expect(Object.keys(j.json).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
    expect(j.json.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${emu.url}/open311/v2`, type: 'production', formats: ['text/xml', 'application/json'] });
    expect(j.json.changeset).toMatch(W3C_SHANGHAI);
    const x = await http('GET', '/open311/v2/discovery.xml');
    expect(x.status).toBe(200);
    expect(x.type).toMatch(/xml/);
    expect(Object.keys(x.xml.discovery).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
    expect(x.xml.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(x.xml.discovery.endpoints.endpoint[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
  });
});

describe('services', () => {
  it('lists the enabled issue categories as services (no volunteer records), in JSON and XML', async () => {
    const j = await get('services.json', { jurisdiction_id: DISTRICT });
    expect(j.status).toBe(200);
    expect(j.headers.get('access-control-allow-origin')).toBe('*');
    const codes = j.json.map((s: { service_code: string }) => s.service_code);
    expect(codes).toEqual(expect.arrayContaining(['road_damage', 'garbage', 'place_feedback']));
    expect(codes).not.toContain('volunteer');
    for (const s of j.json) expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    expect(j.json.find((s: { service_code: string }) => s.service_code === 'garbage')).toMatchObject({ service_name: '垃圾堆放', metadata: false, type: 'realtime' });
    expect(j.json.find((s: { service_code: string }) => s.service_code === 'place_feedback').metadata).toBe(true);

    const x = await get('services.xml');
    expect(x.status).toBe(200);
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?><services><service>')).toBe(true);
    expect(x.xml.services.service.map((s: { service_code: string }) => s.service_code)).toEqual(codes);
    expect(x.xml.services.service[0].metadata).toMatch(/^(true|false)$/);
  });

  it('gives a service definition with its attributes, and 404 for an unknown code', async () => {
    const j = await get('services/place_feedback.json', { jurisdiction_id: DISTRICT });
    expect(j.status).toBe(200);
    expect(Object.keys(j.json).sort()).toEqual(['attributes', 'service_code']);
    expect(j.json.attributes[0]).toMatchObject({ variable: true, code: 'place_id', datatype: 'string', required: true, order: 1, values: [] });
    expect(Object.keys(j.json.attributes[0]).sort()).toEqual(['code', 'datatype', 'datatype_description', 'description', 'order', 'required', 'values', 'variable']);
    const x = await get('services/place_feedback.xml');
    expect(x.xml.service_definition.service_code).toBe('place_feedback');
    expect(x.xml.service_definition.attributes.attribute[0].code).toBe('place_id');
    expect((await get('services/garbage.json')).json).toEqual({ service_code: 'garbage', attributes: [] });

    expectErrors(await get('services/no_such_thing.json'), 404, 'json', /service_code not found/);
    expectErrors(await get('services/no_such_thing.xml'), 404, 'xml', /service_code not found/);
    expectErrors(await get('services/volunteer.json'), 404, 'json');
  });

  it('checks jurisdiction_id and refuses unknown paths and methods in the error shape', async () => {
    expectErrors(await get('services.json', { jurisdiction_id: 'somewhere-else' }), 404, 'json', /jurisdiction_id not found/);
    expectErrors(await get('services.xml', { jurisdiction_id: 'somewhere-else' }), 404, 'xml', /jurisdiction_id not found/);
    expectErrors(await get('nothing.json'), 404, 'json');
    expectErrors(await http('GET', '/open311/v2/services.html'), 404, 'json');
    expectErrors(await http('POST', '/open311/v2/services.xml', { form: { a: '1' } }), 405, 'xml');
  });
});

// ---- POST requests -----------------------------------------------------------------------------

describe('POST requests', () => {
  it('files a request with a key into the same queue, routing, checks and SLA, with its source shown to staff', async () => {
    const before = await counts();
    const r = await post('json', goodForm());
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(1);
    expect(Object.keys(r.json[0]).sort()).toEqual(['account_id', 'service_notice', 'service_request_id', 'token']);
    const { service_request_id: id, account_id, service_notice } = r.json[0];
    expect(account_id).toBe('case-2026-0001');
    expect(service_notice).toMatch(/荷城社区/);

    const doc = await reportDoc(id);
    expect(doc).toMatchObject({ kind: 'issue', category: 'garbage', status: 'submitted', communityId: 'community-hecheng', gridId: 'grid-hecheng-1', districtId: DISTRICT, reward: 0, slaHours: 48, textCheck: 'pass' });
    expect(doc.source).toMatchObject({ channel: 'open311', keyId: KEY_ID, name: '12345 热线', label: '来源：12345 热线（Open311）', accountId: 'case-2026-0001', deviceId: 'hotline-seat-7' });
    expect(new Date(doc.dueAt).getTime() - new Date(doc.createdAt).getTime()).toBe(48 * 3600_000);
    expect(doc.photos).toEqual([expect.objectContaining({ fileID: 'https://hotline.example.cn/photos/1001.jpg', check: expect.stringMatching(/pending|approved/) })]);
    // Nothing of the citizen's identity is kept.
    const stored = JSON.stringify(doc);
    for (const secret of ['citizen@example.cn', '小明', '13800001111']) expect(stored).not.toContain(secret);
    expect(await counts()).toEqual({ reports: before.reports + 1, audit: before.audit + 1 });
    const audit = (await db().collection('audit').where({ action: 'open311.postRequest', 'target.id': id }).get()).data;
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toBe(`open311-${KEY_ID}`);

    // Staff see it in their queue and detail with its source.
    const queue = await emu.call('demo-staff-1', 'snapshot', 'queue', { status: 'submitted', pageSize: 50 });
    expect(queue.data.items.find((i: { id: string }) => i.id === id)).toMatchObject({ sourceLabel: '来源：12345 热线（Open311）' });
    const detail = await emu.call('demo-staff-1', 'snapshot', 'get', { id });
    expect(detail.data).toMatchObject({ sourceLabel: '来源：12345 热线（Open311）', reporter: null });

    // The XML form of the same call.
    const x = await post('xml', goodForm({ service_code: 'streetlight', description: '荷城一网格路灯不亮' }));
    expect(x.status).toBe(200);
    expect(Object.keys(x.xml.service_requests.request[0]).sort()).toEqual(['account_id', 'service_notice', 'service_request_id', 'token']);
  });

  it('follows a token to its request in both formats', async () => {
    const r = await post('json', goodForm({ description: '人民路垃圾桶满溢' }));
    const { token, service_request_id: id } = r.json[0];
    const j = await get(`tokens/${token}.json`);
    expect(j.status).toBe(200);
    expect(j.json).toEqual([{ service_request_id: id, token }]);
    const x = await get(`tokens/${token}.xml`);
    expect(x.xml.service_requests.request[0]).toEqual({ service_request_id: id, token });
    expectErrors(await get('tokens/unknowntoken123.json'), 404, 'json', /token not found/);
  });

  it('locates by address_string (a grid or community name) or address_id (a place), and asks for coordinates otherwise', async () => {
    const byName = await post('json', goodForm({ lat: '', long: '', address_string: '荷城二网格 菜市场门口' }));
    // Empty lat/long are not coordinates.
    expectErrors(byName, 400, 'json', /lat and long/);
    const form = goodForm({ address_string: '荷城二网格 菜市场门口' });
    delete (form as Record<string, string>).lat;
    delete (form as Record<string, string>).long;
    const ok = await post('json', form);
    expect(ok.status).toBe(200);
    expect((await reportDoc(ok.json[0].service_request_id)).gridId).toBe('grid-hecheng-2');

    const place = (await db().collection('places').where({ communityId: 'community-hecheng', status: 'approved' }).limit(1).get()).data[0] as { _id: string; name: string };
    const fb = goodForm({ service_code: 'place_feedback', address_id: place._id, description: '饮水机坏了' });
    delete (fb as Record<string, string>).lat;
    delete (fb as Record<string, string>).long;
    delete (fb as Record<string, string>).address_string;
    const viaPlace = await post('json', fb);
    expect(viaPlace.status).toBe(200);
    expect(await reportDoc(viaPlace.json[0].service_request_id)).toMatchObject({ placeId: place._id, placeName: place.name, communityId: 'community-hecheng' });
  });

  it('refuses bad input with the spec errors and writes nothing', async () => {
    const before = await counts();
    const noLocation = goodForm({ address_string: '' });
    delete (noLocation as Record<string, string>).lat;
    delete (noLocation as Record<string, string>).long;
    const cases: Array<[() => Promise<Reply>, number, 'json' | 'xml', RegExp]> = [
      [() => post('json', goodForm({ service_code: 'no_such_service' })), 404, 'json', /service_code not found/],
      [() => post('xml', goodForm({ service_code: 'no_such_service' })), 404, 'xml', /service_code not found/],
      [() => post('json', goodForm({ service_code: '' })), 400, 'json', /service_code was not provided/],
      [() => post('json', noLocation), 400, 'json', /location is required/],
      [() => post('xml', noLocation), 400, 'xml', /location is required/],
      [() => post('json', goodForm({ lat: 'north', long: '109.5' })), 400, 'json', /lat and long/],
      [() => post('json', goodForm({ lat: '48.85', long: '2.35' })), 400, 'json', /long: /],
      [() => post('json', goodForm({ api_key: 'o311_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })), 403, 'json', /api_key is invalid/],
      [() => post('xml', goodForm({ api_key: 'not-a-key' })), 403, 'xml', /api_key is invalid/],
      [() => post('json', goodForm({ api_key: '' })), 403, 'json', /api_key was not provided/],
      [() => post('json', goodForm({ api_key: KEY.slice(0, -1) + (KEY.endsWith('A') ? 'B' : 'A') })), 403, 'json', /api_key is invalid/],
      [() => post('json', goodForm({ jurisdiction_id: 'district-elsewhere' })), 404, 'json', /jurisdiction_id not found/],
      [() => post('xml', goodForm({ jurisdiction_id: 'district-elsewhere' })), 404, 'xml', /jurisdiction_id not found/],
      // Outside the key's communities (石羊塘社区).
      [() => post('json', goodForm({ lat: String(SHIYANGTANG.lat), long: String(SHIYANGTANG.lng) })), 403, 'json', /石羊塘社区/],
      [() => post('json', goodForm({ description: '' })), 400, 'json', /description/],
      [() => post('json', goodForm({ description: '这里有人卖冰毒' })), 400, 'json', /description/],
      [() => post('json', goodForm({ media_url: 'javascript:alert(1)' })), 400, 'json', /media_url/],
      [() => post('json', goodForm({ media_url: '' })), 400, 'json', /media_url/],
      [() => post('json', goodForm({ service_code: 'place_feedback' })), 400, 'json', /attribute\[place_id\]/],
      [() => post('json', goodForm({ address_id: 'no-such-place', service_code: 'place_feedback', lat: '', long: '' })), 400, 'json', /lat and long/],
    ];
    for (const [p, status, format, pattern] of cases) expectErrors(await p(), status, format, pattern);
    // Not a form: the spec's POST is application/x-www-form-urlencoded.
    expectErrors(await http('POST', '/open311/v2/requests.json', { body: JSON.stringify(goodForm()), headers: { 'content-type': 'application/json' } }), 400, 'json', /x-www-form-urlencoded/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a revoked key at once, and only admins issue and revoke keys', async () => {
    const other = await emu.call('test-admin', 'admin', 'issueApiKey', { name: '城市运行平台', communities: ['community-hecheng', 'community-shiyangtang'], requestId: rid('key') });
    expect(other.ok).toBe(true);
    expect(other.data.key).toMatch(/^o311_[a-f0-9]{12}_/);
    // Only the hash is stored.
    const stored = (await db().collection('open311_keys').doc(other.data.item.id).get()).data[0];
    expect(JSON.stringify(stored)).not.toContain(other.data.key);
    expect(stored.hash).toMatch(/^[a-f0-9]{64}$/);
    const list = await emu.call('test-admin', 'admin', 'listApiKeys', {});
    expect(list.data.find((k: { id: string }) => k.id === other.data.item.id)).toMatchObject({ name: '城市运行平台', status: 'active', communities: [{ id: 'community-hecheng', name: '荷城社区' }, { id: 'community-shiyangtang', name: '石羊塘社区' }] });
    expect(JSON.stringify(list.data)).not.toContain(other.data.key);

    expect((await post('json', goodForm({ api_key: other.data.key, lat: String(SHIYANGTANG.lat), long: String(SHIYANGTANG.lng) }))).status).toBe(200);
    expect(await emu.call('demo-staff-1', 'admin', 'revokeApiKey', { id: other.data.item.id })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const revoked = await emu.call('test-admin', 'admin', 'revokeApiKey', { id: other.data.item.id });
    expect(revoked.data.status).toBe('revoked');
    const before = await counts();
    expectErrors(await post('json', goodForm({ api_key: other.data.key })), 403, 'json', /revoked/);
    expectErrors(await post('xml', goodForm({ api_key: other.data.key })), 403, 'xml', /revoked/);
    expectErrors(await get('services.json', { api_key: other.data.key }), 403, 'json', /revoked/);
    expect(await counts()).toEqual(before);
    expect((await db().collection('audit').where({ action: 'admin.revokeApiKey', 'target.id': other.data.item.id }).get()).data).toHaveLength(1);
  });

  it('limits each key to its calls per minute', async () => {
    const slow = await emu.call('test-admin', 'admin', 'issueApiKey', { name: '研究机构', communities: ['community-hecheng'], ratePerMinute: 2, requestId: rid('key') });
    const key = slow.data.key;
    // Two calls fit in the minute; the third is refused (unless the minute just turned over).
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await get('services.json', { api_key: key }));
    const refused = replies.filter((r) => r.status === 429);
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
    if (refused.length) expectErrors(refused[0], 429, 'json', /rate limit/);
    const more = await get('services.json', { api_key: key });
    if (replies[2].status === 429) expect(more.status).toBe(429);
  });
});

// ---- GET requests --------------------------------------------------------------------------------

describe('GET requests', () => {
  let ids: string[] = [];
  beforeAll(async () => {
    ids = [];
    for (const code of ['garbage', 'facility', 'need_help']) {
      const r = await post('json', goodForm({ service_code: code, description: `${code} 测试上报`, media_url: code === 'need_help' ? '' : 'https://hotline.example.cn/p.jpg' }));
      expect(r.status).toBe(200);
      ids.push(r.json[0].service_request_id);
    }
  });

  it('gives one request in the spec shape, with nothing about the reporter', async () => {
    const j = await get(`requests/${ids[0]}.json`, { jurisdiction_id: DISTRICT });
    expect(j.status).toBe(200);
    expect(j.json).toHaveLength(1);
    const r = j.json[0];
    expect(Object.keys(r).sort()).toEqual(REQUEST_FIELDS);
    expect(r).toMatchObject({ service_request_id: ids[0], status: 'open', status_notes: '已收到，等待社区审核', service_code: 'garbage', service_name: '垃圾堆放', agency_responsible: '荷城社区', description: 'garbage 测试上报', address: '荷城社区人民路 12 号旁', lat: HECHENG_1.lat, long: HECHENG_1.lng });
    for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(r[k]).toMatch(W3C_SHANGHAI);
    expect(Date.parse(r.expected_datetime) - Date.parse(r.requested_datetime)).toBe(48 * 3600_000);
    expect(JSON.stringify(j.json)).not.toMatch(/open311-|12345|case-2026|hotline-seat/);

    const x = await get(`requests/${ids[0]}.xml`);
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?><service_requests><request>')).toBe(true);
    const xr = x.xml.service_requests.request[0];
    expect(Object.keys(xr).sort()).toEqual(REQUEST_FIELDS);
    expect(xr.service_request_id).toBe(ids[0]);
    expect(xr.lat).toBe(String(HECHENG_1.lat));

    expectErrors(await get('requests/r0000000000000000000000.json'), 404, 'json', /service_request_id not found/);
    expectErrors(await get('requests/r0000000000000000000000.xml'), 404, 'xml', /service_request_id not found/);
  });

  it('takes a comma list of ids (overriding other filters), service_code, status and dates, in both formats', async () => {
    const byIds = await get('requests.json', { service_request_id: `${ids[1]},${ids[0]},rnotthere`, service_code: 'road_damage', status: 'closed' });
    expect(byIds.json.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([ids[1], ids[0]]);
    const byIdsXml = await get('requests.xml', { service_request_id: ids.join(',') });
    expect(byIdsXml.xml.service_requests.request.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(ids);

    const codes = await get('requests.json', { service_code: 'facility,need_help', jurisdiction_id: DISTRICT });
    expect(codes.status).toBe(200);
    expect(new Set(codes.json.map((r: { service_code: string }) => r.service_code))).toEqual(new Set(['facility', 'need_help']));
    expect(codes.json.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(expect.arrayContaining([ids[1], ids[2]]));

    const open = await get('requests.json', { status: 'open' });
    expect(open.json.length).toBeGreaterThan(0);
    expect(open.json.every((r: { status: string }) => r.status === 'open')).toBe(true);
    const closed = await get('requests.xml', { status: 'closed' });
    expect((closed.xml.service_requests.request ?? []).every((r: { status: string }) => r.status === 'closed')).toBe(true);
    // Newest first.
    const times = open.json.map((r: { requested_datetime: string }) => Date.parse(r.requested_datetime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const now = Date.now();
    const fmt = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const window = await get('requests.json', { start_date: fmt(now - 3600_000), end_date: fmt(now + 60_000), service_code: 'garbage' });
    expect(window.json.map((r: { service_request_id: string }) => r.service_request_id)).toContain(ids[0]);
    const past = await get('requests.json', { start_date: '2025-01-01T00:00:00+08:00', end_date: '2025-02-01T00:00:00+08:00' });
    expect(past.json).toEqual([]);
    const emptyXml = await get('requests.xml', { start_date: '2025-01-01', end_date: '2025-01-02' });
    expect(emptyXml.text).toBe('<?xml version="1.0" encoding="utf-8"?><service_requests></service_requests>');
  });

  it('refuses bad dates, statuses and paging in the error shape', async () => {
    expectErrors(await get('requests.json', { start_date: 'yesterday' }), 400, 'json', /start_date/);
    expectErrors(await get('requests.xml', { end_date: '2026-13-40T00:00:00Z' }), 400, 'xml', /end_date/);
    expectErrors(await get('requests.json', { start_date: '2026-02-30' }), 400, 'json', /start_date/);
    expectErrors(await get('requests.json', { start_date: '2026-03-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }), 400, 'json', /before/);
    expectErrors(await get('requests.json', { start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' }), 400, 'json', /90 days/);
    expectErrors(await get('requests.json', { status: 'pending' }), 400, 'json', /status/);
    expectErrors(await get('requests.json', { page_size: '1001' }), 400, 'json', /page_size/);
    expectErrors(await get('requests.xml', { page: '0' }), 400, 'xml', /page/);
    expectErrors(await get('requests.json', { service_code: 'a b' }), 400, 'json', /service_code/);
  });

  it('pages with page and page_size, and says where the next page is', async () => {
    const first = await get('requests.json', { page_size: '2', status: 'open' });
    expect(first.json).toHaveLength(2);
    expect(first.headers.get('link')).toMatch(/page=2/);
    expect(first.headers.get('link')).not.toContain('api_key');
    const second = await get('requests.json', { page_size: '2', page: '2', status: 'open' });
    const a = first.json.map((r: { service_request_id: string }) => r.service_request_id);
    const b = second.json.map((r: { service_request_id: string }) => r.service_request_id);
    expect(b.some((id: string) => a.includes(id))).toBe(false);
    const all = await get('requests.json', { status: 'open', page_size: '1000' });
    expect(all.json.length).toBeGreaterThanOrEqual(a.length + b.length);
    expect(all.headers.get('link')).toBeNull();
  });

  it('never exposes volunteer records', async () => {
    const photo = await upload('demo-worker-2', 'vol.jpg');
    const vol = await emu.call('demo-worker-2', 'snapshot', 'submit', { kind: 'volunteer', category: 'volunteer', description: '帮助老人过马路', photos: [photo], location: HECHENG_1, hours: 1, activity: '交通引导', requestId: rid('vol') });
    expect(vol.ok).toBe(true);
    expectErrors(await get(`requests/${vol.data.id}.json`), 404, 'json');
    expect((await get('requests.json', { service_request_id: vol.data.id })).json).toEqual([]);
  });
});

// ---- the whole loop in the app, then read back through the API --------------------------------------

describe('a request filed through the API is worked in the app', () => {
  it('is reviewed, dispatched and resolved by staff and the grid worker, and the API shows it closed with the notes', async () => {
    const filed = await post('xml', goodForm({ service_code: 'road_damage', description: '人民路坑洼，电动车易摔', account_id: 'case-loop' }));
    const id = filed.xml.service_requests.request[0].service_request_id as string;

    const accepted = await emu.call('demo-staff-1', 'snapshot', 'review', { id, decision: 'accept' });
    expect(accepted).toMatchObject({ ok: true, data: { status: 'accepted', points: 0 } });
    expect((await get(`requests/${id}.json`)).json[0]).toMatchObject({ status: 'open', status_notes: '社区已受理，等待派单' });

    const dispatched = await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id, assignee: 'demo-gridworker-1' });
    expect(dispatched.ok).toBe(true);
    expect((await get(`requests/${id}.json`)).json[0]).toMatchObject({ status: 'open', status_notes: '已派给网格员处理' });

    const fixed = await upload('demo-gridworker-1', 'fixed.jpg');
    const resolved = await emu.call('demo-gridworker-1', 'snapshot', 'resolve', { id, note: '已用沥青修补并设置警示牌', photos: [fixed] });
    expect(resolved).toMatchObject({ ok: true, data: { status: 'resolved' } });

    const j = (await get(`requests/${id}.json`)).json[0];
    expect(j).toMatchObject({ status: 'closed', status_notes: '网格员已处理完毕；处理情况：已用沥青修补并设置警示牌' });
    expect(Date.parse(j.updated_datetime)).toBeGreaterThanOrEqual(Date.parse(j.requested_datetime));
    const x = (await get(`requests/${id}.xml`)).xml.service_requests.request[0];
    expect(x).toMatchObject({ status: 'closed', status_notes: '网格员已处理完毕；处理情况：已用沥青修补并设置警示牌' });
    expect(JSON.stringify(j)).not.toMatch(/周丽|demo-gridworker/);
    // The grid worker got the task in their inbox; the partner follows through the API (no inbox for it).
    expect((await db().collection('messages').where({ reportId: id, openid: 'demo-gridworker-1' }).count()).total).toBe(1);
    expect((await db().collection('messages').where({ reportId: id }).count()).total).toBe(1);
    // And the listing of closed requests has it.
    expect((await get('requests.json', { status: 'closed', service_code: 'road_damage' })).json.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
  });

  it('shows a rejected request only to the partner that filed it, with the reason', async () => {
    const filed = await post('json', goodForm({ description: '测试用的无效上报' }));
    const id = filed.json[0].service_request_id;
    expect((await emu.call('demo-staff-1', 'snapshot', 'review', { id, decision: 'reject', reason: '现场核实无此问题' })).ok).toBe(true);
    expectErrors(await get(`requests/${id}.json`), 404, 'json');
    const own = await get(`requests/${id}.json`, { api_key: KEY });
    expect(own.json[0]).toMatchObject({ status: 'closed', status_notes: '未予受理：现场核实无此问题' });
  });
});

// ---- content checks ------------------------------------------------------------------------------

describe('content checks', () => {
  it('gives media_url only for a photo that passed the image check; a failed one never appears', async () => {
    const ok = await upload('demo-worker-1', 'pothole.jpg');
    const bad = await upload('demo-worker-1', 'risky-content.jpg');
    const good = await emu.call('demo-worker-1', 'snapshot', 'submit', { kind: 'issue', category: 'road_damage', description: '井盖旁路面塌陷', photos: [ok], location: HECHENG_1, requestId: rid('good') });
    const risky = await emu.call('demo-worker-1', 'snapshot', 'submit', { kind: 'issue', category: 'road_damage', description: '路面开裂严重', photos: [bad], location: HECHENG_1, requestId: rid('bad') });
    expect(good.ok && risky.ok).toBe(true);
    await until(() => reportDoc(good.data.id), (d) => d.photos[0].check !== 'pending');
    await until(() => reportDoc(risky.data.id), (d) => d.photos[0].check !== 'pending');
    expect((await reportDoc(risky.data.id)).photos[0].check).toBe('rejected');

    const list = (await get('requests.json', { service_request_id: `${good.data.id},${risky.data.id}` })).json;
    expect(list[0].media_url).toMatch(/^http:\/\/.+\/files\//);
    expect(list[1].media_url).toBe('');
    const xml = (await get(`requests/${risky.data.id}.xml`)).xml.service_requests.request[0];
    expect(xml.media_url).toBe('');
    const all = await get('requests.json', { page_size: '1000' });
    const riskyFile = bad.replace(/^cloud:\/\/[^/]+\//, '');
    expect(all.text).not.toContain(riskyFile);

    // A partner's link goes through the same check: a refused one is never given back.
    const viaApiGood = (await post('json', goodForm({ media_url: 'https://hotline.example.cn/ok-photo.jpg' }))).json[0].service_request_id;
    const viaApiBad = (await post('json', goodForm({ media_url: 'https://hotline.example.cn/risky-photo.jpg' }))).json[0].service_request_id;
    await until(() => reportDoc(viaApiBad), (d) => d.photos[0].check !== 'pending');
    await until(() => reportDoc(viaApiGood), (d) => d.photos[0].check !== 'pending');
    const partner = (await get('requests.json', { service_request_id: `${viaApiGood},${viaApiBad}` })).json;
    expect(partner[0].media_url).toBe('https://hotline.example.cn/ok-photo.jpg');
    expect(partner[1].media_url).toBe('');
  });

  it('gives the description only when its text passed the check', async () => {
    const r = await post('json', goodForm({ description: '垃圾没人管，有事加微信 abc123' }));
    expect(r.status).toBe(200);
    const id = r.json[0].service_request_id;
    expect((await reportDoc(id)).textCheck).toBe('review');
    expect((await get(`requests/${id}.json`)).json[0].description).toBe('');
  });
});

// ---- public reading ---------------------------------------------------------------------------------

describe('public reading', () => {
  it('is on by default, can be turned off per district by an admin, and then needs a key', async () => {
    const settings = await emu.call('test-admin', 'admin', 'open311Settings', {});
    expect(settings.data).toEqual({ basePath: '/open311/v2/', districts: [{ districtId: DISTRICT, name: '港北区（演示）', publicRead: true }] });
    expect(await emu.call('demo-staff-1', 'admin', 'setOpen311Public', { districtId: DISTRICT, publicRead: false })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect((await get('services.json')).status).toBe(200);

    const off = await emu.call('test-admin', 'admin', 'setOpen311Public', { districtId: DISTRICT, publicRead: false });
    expect(off).toMatchObject({ ok: true, data: { publicRead: false } });
    try {
      expectErrors(await get('services.json'), 403, 'json', /public reading is turned off/);
      expectErrors(await get('requests.xml'), 403, 'xml', /api_key/);
      expect((await get('services.json', { api_key: KEY })).status).toBe(200);
      // A partner then reads only its own communities.
      const mine = await get('requests.json', { api_key: KEY, page_size: '1000' });
      expect(mine.status).toBe(200);
      expect(mine.json.length).toBeGreaterThan(0);
      expect(mine.json.every((r: { agency_responsible: string }) => r.agency_responsible === '荷城社区')).toBe(true);
      expect((await db().collection('audit').where({ action: 'open311.requests', actor: `open311-${KEY_ID}` }).count()).total).toBeGreaterThan(0);
    } finally {
      await emu.call('test-admin', 'admin', 'setOpen311Public', { districtId: DISTRICT, publicRead: true });
    }
    expect((await get('services.json')).status).toBe(200);
    expect((await db().collection('audit').where({ action: 'admin.setOpen311Public' }).get()).data).toHaveLength(2);
  });
});

describe('the HTTP access event', () => {
  it('reaches the function as CloudBase builds it and the integration response becomes the reply', async () => {
    const raw = await emu.emulator.functions.invoke('open311', {
      path: '/open311/v2/services.json',
      httpMethod: 'GET',
      headers: { host: 'env.example.tcloudbase.com', 'x-forwarded-for': '203.0.113.9' },
      queryStringParameters: { jurisdiction_id: DISTRICT },
      requestContext: { requestId: 'abc', envId: 'env', appId: 1, uin: 1 },
      body: '',
      isBase64Encoded: false,
    });
    expect(raw.ok).toBe(true);
    const reply = JSON.parse((raw as { json: string }).json);
    expect(Object.keys(reply).sort()).toEqual(['body', 'headers', 'isBase64Encoded', 'statusCode']);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['Content-Type']).toMatch(/application\/json/);
    expect(JSON.parse(reply.body)[0].service_code).toBeDefined();

    // A base64 form body (the access service's encoding for a body it does not treat as text).
    const form = new URLSearchParams(goodForm({ description: 'base64 编码的表单提交' })).toString();
    const viaB64 = await emu.emulator.functions.invoke('open311', {
      path: '/open311/v2/requests.json',
      httpMethod: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      queryStringParameters: {},
      body: Buffer.from(form).toString('base64'),
      isBase64Encoded: true,
    });
    const r = JSON.parse((viaB64 as { json: string }).json);
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)[0].service_request_id).toMatch(/^r[0-9a-f]{24}$/);
  });
});
