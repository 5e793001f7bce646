// Generated payloads thrown at every action of every function, as every role the policy admits: the
// reply is always a clear error or a success, never a crash; a refusal writes nothing; and no
// operator from a payload ever reaches a database query or a stored document. At least a third of
// the runs are well-formed (a valid payload, or one with a harmless change) so the use-cases behind
// validation are exercised too, and the test counts that they were.
import fc from 'fast-check';
import { allows, POLICY } from '../../cloudfunctions/shared/policy';
import { authFor, loadFunctionRules } from '../../emulator/rules';
import { seedDemo } from '../../emulator/seed';
import { DEMO_ACCOUNTS } from '../../emulator/seed/accounts';
import { settleWrites, startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { discoverActions } from '../helpers/functions';
import { hostilePayload, OPERATOR_MARK, OPERATOR_VALUES, wellFormedVariant } from '../helpers/hostile';
import { PAYLOADS, prepareFixtures, ROLE_ACCOUNTS, ROLE_NAMES, type Fixtures, type RoleName } from '../helpers/valid-payloads';

jest.setTimeout(1_800_000);

/** More cases in CI than on a developer's machine; FUZZ_RUNS overrides both. */
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.CI ? 20 : 8));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
// Printed every run, so a failure seen once can be replayed with FUZZ_SEED.
console.log(`input-fuzz: seed ${SEED}, ${RUNS} runs per action and role (replay with FUZZ_SEED=${SEED})`);

let emu: TestEmulator;
let fx: Fixtures;
/** What the database was asked, since the last reset: the query and aggregation stages, and written data. */
const queries: string[] = [];
const written: string[] = [];
beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
  fx = await prepareFixtures(emu);
  emu.emulator.stats.tap = (body) => {
    if (typeof body.action !== 'string' || !body.action.startsWith('database.')) return;
    queries.push(JSON.stringify([body.query ?? '', body.stages ?? '']));
    if (body.data !== undefined) written.push(JSON.stringify(body.data));
  };
}, 300_000);
afterAll(() => emu?.close());

// A function the deployed invoke rules close to clients (pointsjobs) never sees a client's payload.
const INVOKE_RULES = loadFunctionRules();

/** The demo roles the policy (and the function's invoke rule) admits to an action. */
function rolesFor(key: string): RoleName[] {
  const access = POLICY[key];
  return ROLE_NAMES.filter((role) => {
    if (!INVOKE_RULES.mayInvoke(key.split('.')[0], authFor(ROLE_ACCOUNTS[role]))) return false;
    const account = DEMO_ACCOUNTS.find((a) => a.openid === ROLE_ACCOUNTS[role]);
    return !!access && !!account && allows(access, account.roles);
  });
}

/** Stable dotted codes: a domain (letters, digits: OPEN311) and one or more upper-case parts. */
const CODE = /^[A-Z][A-Z0-9]*(\.[A-Z0-9_]+)+$/;
let throwaways = 0;

/** A fresh copy of a role's account, for actions that end the caller's account. */
async function throwawayOf(role: RoleName): Promise<string> {
  const db = emu.app.database();
  const openid = `fuzz-throwaway-${++throwaways}`;
  const { data } = await db.collection('users').doc(ROLE_ACCOUNTS[role]).get();
  const { _id, ...doc } = (data as Array<Record<string, unknown>>)[0];
  await db.collection('users').add({ ...doc, _id: openid, openid });
  return openid;
}

const cases = discoverActions().flatMap((a) => rolesFor(`${a.fn}.${a.action}`).map((role) => [`${a.fn}.${a.action} as ${role}`, a, role] as const));

describe.each(cases)('%s', (_name, { fn, action, def }, role) => {
  it('answers generated payloads with a clear error or success, writes nothing on refusal, lets no operator reach the database', async () => {
    const key = `${fn}.${action}`;
    const valid = await PAYLOADS[key].build(role, fx, emu);
    let wellFormed = 0;
    let runs = 0;
    await fc.assert(
      // Every third run is well formed, the others hostile.
      fc.asyncProperty(fc.tuple(wellFormedVariant(valid, def.input), hostilePayload(def.input)), async ([variant, hostile]) => {
        const payload = runs++ % 3 === 0 ? variant : hostile;
        if (def.input.safeParse(payload).success) wellFormed++;
        const openid = PAYLOADS[key].throwaway ? await throwawayOf(role) : ROLE_ACCOUNTS[role];
        await settleWrites(emu);
        queries.length = 0;
        written.length = 0;
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
        for (const w of written) expect(w).not.toContain(OPERATOR_MARK);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The use-case behind validation was reached in at least a third of the runs.
    expect(wellFormed).toBeGreaterThanOrEqual(Math.ceil(runs / 3));
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

/**
 * The entries that take no action: WeChat's message push (wxmessage) and the timer path of
 * pointsjobs. Generated events shaped like the platform's reach them as the platform would deliver
 * them; an unknown trace id or an event that is not a real timer start changes nothing, and nothing
 * in an event reaches a query as an operator.
 */
describe('platform entries', () => {
  const leaf = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom<unknown>(...OPERATOR_VALUES, null, 0, -1, [], {}, 'pass', 'risky', 'review'));
  const pushEvent = fc.record(
    {
      ToUserName: leaf,
      FromUserName: leaf,
      CreateTime: fc.oneof(fc.integer(), leaf),
      MsgType: fc.oneof(fc.constant('event'), leaf),
      Event: fc.oneof(fc.constant('wxa_media_check'), leaf),
      trace_id: fc.oneof(fc.hexaString({ minLength: 8, maxLength: 40 }), leaf),
      version: fc.oneof(fc.constant(2), leaf),
      result: fc.oneof(fc.record({ suggest: fc.oneof(fc.constantFrom('pass', 'risky', 'review'), leaf), label: fc.oneof(fc.integer(), leaf) }), leaf),
      detail: fc.oneof(fc.array(fc.dictionary(fc.string({ maxLength: 8 }), leaf), { maxLength: 3 }), leaf),
    },
    { requiredKeys: [] },
  );

  it('wxmessage: generated pushes with unknown trace ids write nothing and never pass an operator on', async () => {
    await fc.assert(
      fc.asyncProperty(pushEvent, async (event) => {
        await settleWrites(emu);
        queries.length = 0;
        const before = emu.emulator.db.writes();
        const out = await emu.emulator.functions.invoke('wxmessage', event, { source: 'wx_message_push' });
        expect(out.ok).toBe(true);
        expect(emu.emulator.db.writes()).toBe(before);
        for (const q of queries) expect(q).not.toContain(OPERATOR_MARK);
      }),
      { numRuns: RUNS * 5, seed: SEED },
    );
  });

  it('pointsjobs: timer-shaped events not started by a timer run nothing, from server code or a client', async () => {
    const timerEvent = fc.record({ Type: fc.oneof(fc.constant('Timer'), leaf), TriggerName: leaf, Time: leaf, Message: leaf }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(timerEvent, fc.constantFrom('server', 'wx_client'), async (event, source) => {
        await settleWrites(emu);
        const before = emu.emulator.db.writes();
        const out = await emu.emulator.functions.invoke('pointsjobs', event, { source, openid: source === 'wx_client' ? 'demo-worker-1' : null });
        expect(out.ok).toBe(true);
        if (out.ok) expect(JSON.parse(out.json)).toMatchObject({ ok: false });
        expect(emu.emulator.db.writes()).toBe(before);
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });
});
