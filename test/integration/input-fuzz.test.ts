// Generated payloads thrown at every action of every function, as a caller the policy admits:
// the reply is always a clear error or a success, never a crash; a refusal writes nothing; and no
// operator from a payload ever reaches a database query.
import fc from 'fast-check';
import { seedDemo } from '../../emulator/seed';
import { DEMO_ACCOUNTS } from '../../emulator/seed/accounts';
import { allows, POLICY } from '../../cloudfunctions/shared/policy';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { discoverActions } from '../helpers/functions';
import { hostilePayload, OPERATOR_MARK } from '../helpers/hostile';

jest.setTimeout(600_000);

let emu: TestEmulator;
const queries: string[] = [];
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
  // What decides which documents are read or changed: the query and aggregation stages.
  emu.emulator.stats.tap = (body) => {
    if (typeof body.action === 'string' && body.action.startsWith('database.')) queries.push(JSON.stringify([body.query ?? '', body.stages ?? '']));
  };
});
afterAll(() => emu.close());

/** A demo account the policy lets in, so validation (not authorization) is what gets exercised. */
function callerFor(fn: string, action: string): string {
  const access = POLICY[`${fn}.${action}`];
  const ok = DEMO_ACCOUNTS.find((a) => access && allows(access, a.roles));
  return ok ? ok.openid : 'demo-admin';
}

const CODE = /^[A-Z]+(\.[A-Z_]+)+$/;
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

describe.each(discoverActions().map((a) => [`${a.fn}.${a.action}`, a] as const))('%s', (_name, { fn, action, def }) => {
  it('answers generated payloads with a clear error or success, writes nothing on refusal, passes no operator to the database', async () => {
    const openid = callerFor(fn, action);
    await fc.assert(
      fc.asyncProperty(hostilePayload(def.input), async (payload) => {
        queries.length = 0;
        const before = emu.emulator.db.writes();
        const reply = await emu.call(openid, fn, action, payload);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) {
          expect(reply.error.code).toMatch(CODE);
          expect(reply.error.code).not.toBe('INTERNAL');
          expect(reply.error.message).toMatch(/[\u4e00-\u9fff]/);
          expect(emu.emulator.db.writes()).toBe(before);
        }
        for (const q of queries) expect(q).not.toContain(OPERATOR_MARK);
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  });
});

// The open311 HTTP function has no actions: its input is a path, a query string and a form. Hostile
// values for every GeoReport parameter, on every route, in both formats: the reply is always the
// spec's shape (a list of services/requests, or of { code, description } with a 4xx status), never
// a 500; a refused POST files nothing; no operator reaches the database.
describe('open311 (HTTP)', () => {
  const PARAMS = ['jurisdiction_id', 'api_key', 'service_code', 'service_request_id', 'start_date', 'end_date', 'status', 'page', 'page_size', 'lat', 'long', 'address_string', 'address_id', 'description', 'media_url', 'attribute[place_id]', 'email', 'phone', 'account_id', 'device_id', 'token', 'service_code[$ne]', '_id'];
  const PATHS = ['services', 'services/garbage', 'services/$where', 'requests', 'requests/r0', 'tokens/abc', 'discovery', '../admin', 'requests/%24gt'];
  let key = '';
  beforeAll(async () => {
    key = (await emu.call('demo-admin', 'admin', 'issueApiKey', { name: '模糊测试', communities: ['community-hecheng'], ratePerMinute: 600, requestId: 'fuzz-open311-key' })).data.key;
  });
  const value = fc.oneof(fc.constantFrom('VALID-KEY', 'VALID-KEY', '', ' ', '{"$gt":""}', '$ne', 'x'.repeat(70_000), '\u0000', '💥𝕏\u202e', '<x/>', '2026-02-30', '-1', '1e309', 'NaN', 'open,closed', 'a,b,c', OPERATOR_MARK), fc.string({ maxLength: 20 }));
  it('answers hostile parameters in the GeoReport shape and writes no report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), fc.constantFrom('json', 'xml'), fc.constantFrom('GET', 'POST'), fc.dictionary(fc.constantFrom(...PARAMS), value, { maxKeys: 6 }), async (path, format, method, params) => {
        queries.length = 0;
        const before = (await emu.app.database().collection('reports').count()).total;
        // Half the time a real key, so the checks behind authentication are reached too.
        const withKey = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v === 'VALID-KEY' ? (k === 'api_key' ? key : 'x') : v]));
        const body = new URLSearchParams(withKey).toString();
        const res = await fetch(`${emu.url}/open311/v2/${path}.${format}${method === 'GET' ? `?${body}` : ''}`, { method, headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}, body: method === 'POST' ? body : undefined });
        const text = await res.text();
        expect(res.status).toBeLessThan(500);
        // A query string past the HTTP server's header limit is refused before any function runs (431).
        if (res.status >= 400 && res.status !== 431) {
          if (format === 'json' || !res.headers.get('content-type')?.includes('xml')) expect(JSON.parse(text)).toEqual([{ code: res.status, description: expect.any(String) }]);
          else expect(text).toMatch(new RegExp(`<errors><error><code>${res.status}</code><description>[^<]*</description></error></errors>$`));
          expect((await emu.app.database().collection('reports').count()).total).toBe(before);
        }
        for (const q of queries) expect(q).not.toContain(OPERATOR_MARK);
      }),
      { numRuns: RUNS * 3, seed: 20261201 },
    );
  });
});
