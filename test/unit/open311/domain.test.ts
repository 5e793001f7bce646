import { XMLParser } from 'fast-xml-parser';
import { clientIpOf, matchRoute, parseHttpEvent, parseRequestQuery, parseW3cDate, render, renderErrors, statusNotes, toServiceRequest, w3cDate } from '../../../cloudfunctions/shared/domain/open311';
import { hashKey, keyIdOf, keyMatches, newKey } from '../../../cloudfunctions/shared/domain/open311-keys';
import type { ReportDoc } from '../../../cloudfunctions/shared/domain/report';

const NOW = new Date('2026-12-01T04:00:00Z');

describe('routes', () => {
  it('matches every GeoReport path in both formats and nothing else', () => {
    expect(matchRoute('/open311/discovery.json')).toEqual({ kind: 'discovery', format: 'json' });
    expect(matchRoute('/open311/v2/discovery.xml')).toEqual({ kind: 'discovery', format: 'xml' });
    expect(matchRoute('/open311/v2/services.xml')).toEqual({ kind: 'services', format: 'xml' });
    expect(matchRoute('/open311/v2/services/road_damage.json')).toEqual({ kind: 'service', code: 'road_damage', format: 'json' });
    expect(matchRoute('/open311/v2/requests.json/')).toEqual({ kind: 'requests', format: 'json' });
    expect(matchRoute('/open311/v2/requests/r123.xml')).toEqual({ kind: 'request', id: 'r123', format: 'xml' });
    expect(matchRoute('/open311/v2/tokens/abc-_1.json')).toEqual({ kind: 'token', token: 'abc-_1', format: 'json' });
    for (const p of ['/open311/v2/services.html', '/open311/v2/requests/../admin.json', '/open311/v3/services.json', '/open311/v2/requests/a.b.json', '/open311/services.json']) expect(matchRoute(p)).toBeNull();
  });
});

describe('dates', () => {
  it('writes W3C date-times in Shanghai time with +08:00', () => {
    expect(w3cDate(new Date('2026-12-01T16:30:05.999Z'))).toBe('2026-12-02T00:30:05+08:00');
  });
  it('reads W3C date-times with any offset, dates as Shanghai midnight, and refuses the rest', () => {
    expect(parseW3cDate('2026-01-01T00:00:00Z')!.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseW3cDate('2026-01-01T08:00:00+08:00')!.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseW3cDate('2026-01-01')!.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(parseW3cDate('2026-01-01T10:20Z')!.toISOString()).toBe('2026-01-01T10:20:00.000Z');
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday', '2026-01-01T25:00:00Z', '2026-01-01 00:00:00', '1735689600', '']) expect(parseW3cDate(bad)).toBeNull();
  });
});

describe('GET requests parameters', () => {
  it('defaults to the last 90 days, newest page of 100', () => {
    const q = parseRequestQuery({}, NOW);
    expect(q).toMatchObject({ ids: null, serviceCodes: null, statuses: null, page: 1, pageSize: 100 });
    expect(NOW.getTime() - q.from.getTime()).toBe(90 * 86400_000);
    expect(q.to).toEqual(NOW);
  });
  it('lets service_request_id override everything else', () => {
    expect(parseRequestQuery({ service_request_id: 'a, b,a', status: 'nonsense', start_date: 'bad' }, NOW)).toMatchObject({ ids: ['a', 'b'], statuses: null });
  });
  it('opens a 90-day window from one date and refuses wider ranges, bad statuses and pages', () => {
    const q = parseRequestQuery({ start_date: '2026-01-01T00:00:00Z', status: 'closed,open', service_code: 'garbage,other', page: '3', max_requests: '50' }, NOW);
    expect(q.to.getTime() - q.from.getTime()).toBe(90 * 86400_000);
    expect(q).toMatchObject({ statuses: ['closed', 'open'], serviceCodes: ['garbage', 'other'], page: 3, pageSize: 50 });
    expect(() => parseRequestQuery({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-02T00:00:00Z' }, NOW)).toThrow(/90 days/);
    expect(() => parseRequestQuery({ status: 'pending' }, NOW)).toThrow(/status/);
    expect(() => parseRequestQuery({ page_size: '0' }, NOW)).toThrow(/page_size/);
    expect(() => parseRequestQuery({ page_size: '1001' }, NOW)).toThrow(/at most 1000/);
    expect(() => parseRequestQuery({ service_code: '{"$gt":""}' }, NOW)).toThrow(/service_code/);
  });
});

describe('formats', () => {
  const parser = new XMLParser({ parseTagValue: false, isArray: (n) => ['request', 'error'].includes(n) });
  it('escapes text in XML and keeps the spec element names', () => {
    const { body, contentType } = render('xml', 'service_requests', [{ service_request_id: 'r1', description: '<b>A & B</b> "q" \u0001' }]);
    expect(contentType).toMatch(/xml/);
    expect(body).toContain('&lt;b&gt;A &amp; B&lt;/b&gt; &quot;q&quot; ');
    expect(parser.parse(body).service_requests.request[0]).toEqual({ service_request_id: 'r1', description: '<b>A & B</b> "q"' });
  });
  it('renders errors as a list of { code, description } in both formats', () => {
    expect(JSON.parse(renderErrors('json', 404, ['service_code not found']).body)).toEqual([{ code: 404, description: 'service_code not found' }]);
    expect(parser.parse(renderErrors('xml', 403, ['api_key is invalid']).body).errors.error).toEqual([{ code: '403', description: 'api_key is invalid' }]);
  });
});

describe('mapping', () => {
  const base = {
    _id: 'r1', kind: 'issue', category: 'garbage', categoryName: '垃圾堆放', status: 'resolved', description: '垃圾', textCheck: 'pass',
    photos: [{ fileID: 'cloud://env/snapshot/u1/risky.jpg', check: 'rejected' }, { fileID: 'cloud://env/snapshot/u1/ok.jpg', check: 'approved' }],
    coords: { lat: 23.1234567, lng: 109.5654321 }, address: '人民路', placeId: null, reporter: 'someone', route: { communityName: '荷城社区' },
    resolution: { note: '已清理', textCheck: 'pass' }, rejectReason: '', timeline: [], createdAt: new Date('2026-11-30T00:00:00Z'), updatedAt: NOW, dueAt: new Date('2026-12-02T00:00:00Z'),
  } as unknown as ReportDoc;

  it('maps a report to a service request without the reporter, with the approved photo only', () => {
    const r = toServiceRequest(base, { 'cloud://env/snapshot/u1/ok.jpg': 'https://tmp/ok', 'cloud://env/snapshot/u1/risky.jpg': 'https://tmp/risky' });
    expect(r).toMatchObject({ status: 'closed', status_notes: '网格员已处理完毕；处理情况：已清理', agency_responsible: '荷城社区', media_url: 'https://tmp/ok', lat: 23.123457, long: 109.565432, requested_datetime: '2026-11-30T08:00:00+08:00' });
    expect(JSON.stringify(r)).not.toContain('someone');
  });
  it('holds back text that did not pass its check', () => {
    expect(toServiceRequest({ ...base, textCheck: 'review' } as ReportDoc, {}).description).toBe('');
    expect(statusNotes({ ...base, resolution: { ...base.resolution!, textCheck: 'review' } } as ReportDoc)).toBe('网格员已处理完毕');
    expect(toServiceRequest({ ...base, photos: [{ fileID: 'cloud://x/y.jpg', check: 'pending' }] } as ReportDoc, { 'cloud://x/y.jpg': 'u' }).media_url).toBe('');
  });
});

describe('the access service event', () => {
  it('trusts only the last x-forwarded-for hop and decodes base64 forms', () => {
    expect(clientIpOf({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' })).toBe('203.0.113.9');
    const req = parseHttpEvent({ httpMethod: 'post', path: '/open311/v2/requests.json', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', Host: 'e.example.com' }, body: Buffer.from('a=1&a=2&b=%E4%B8%AD').toString('base64'), isBase64Encoded: true });
    expect(req).toMatchObject({ method: 'POST', form: { a: '1', b: '中' }, baseUrl: 'https://e.example.com' });
    expect(parseHttpEvent(null)).toMatchObject({ method: 'GET', path: '/', form: null });
  });
});

describe('keys', () => {
  it('stores only a hash, finds the record by the id in the key, and matches only the exact key', () => {
    const k = newKey('a1b2c3d4e5f6');
    expect(k.hash).toBe(hashKey(k.key));
    expect(k.hash).not.toContain(k.key.slice(18));
    expect(keyIdOf(k.key)).toBe('a1b2c3d4e5f6');
    expect(keyIdOf('o311_a1b2c3d4e5f6_short')).toBeNull();
    expect(keyMatches({ hash: k.hash }, k.key)).toBe(true);
    expect(keyMatches({ hash: k.hash }, `${k.key.slice(0, -1)}x`)).toBe(false);
  });
});
