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
