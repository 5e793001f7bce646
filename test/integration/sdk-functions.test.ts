// The function runner through the real SDK and the gateway: identity per invocation, calls
// between functions, one invocation per instance, timeouts, errors.
import path from 'node:path';
import { SCALE_OUT_MS } from '../../emulator/functions/runner';
import { createNullDatabase, startTestEmulator, type TestEmulator } from '../helpers/emulator';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'functions');

interface WhoAmI {
  before: { openId: string; appId: string; uid: string; isAnonymous: boolean };
  after: { openId: string };
  event: Record<string, unknown>;
  env: string;
  adminOpenids: string | null;
  requestId: string;
  functionName: string;
}

describe('function runner', () => {
  let t: TestEmulator;

  beforeAll(async () => {
    t = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES, functionTimeoutMs: 1500 });
  });
  afterAll(() => t.close());

  it('gives the function the caller from x-wx-openid and the runtime environment', async () => {
    const { status, body } = await t.callRaw<WhoAmI>('o-user-1', 'whoami', { action: 'x', payload: { openid: 'forged' } });
    expect(status).toBe(200);
    expect(body.before).toMatchObject({ openId: 'o-user-1', appId: expect.any(String), uid: expect.stringContaining('o-user-1'), isAnonymous: false });
    expect(body.event).toEqual({ action: 'x', payload: { openid: 'forged' } });
    expect(body.env).toBe('local-env');
    expect(body.adminOpenids).toBe('test-admin');
    expect(body.functionName).toBe('whoami');
  });

  // Anonymous callers are refused by the function invoke rules at the gateway, so these go to the runner.
  const anonymous = async (emu: TestEmulator) => {
    const out = await emu.emulator.functions.invoke('whoami', {}, { source: 'wx_client' });
    if (!out.ok) throw new Error(out.message);
    return JSON.parse(out.json) as WhoAmI;
  };

  it('runs anonymous callers with no openid', async () => {
    const body = await anonymous(t);
    expect(body.before.openId).toBe('');
    expect(body.before.isAnonymous).toBe(true);
  });

  it('never lets concurrent invocations see each other’s identity', async () => {
    const n = 40;
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => t.callRaw<WhoAmI>(`o-user-${i}`, 'whoami', { i, delayMs: 5 + (i % 7) * 10 })),
    );
    replies.forEach(({ status, body }, i) => {
      expect(status).toBe(200);
      expect(body.before.openId).toBe(`o-user-${i}`);
      expect(body.after.openId).toBe(`o-user-${i}`);
      expect(body.event.i).toBe(i);
    });
    // Up to the machine's instance bound, and never more.
    expect(t.emulator.functions.stats().whoami.instances).toBeLessThanOrEqual(t.emulator.functions.maxInstances);
  });

  it('clears the identity after an invocation (a warm instance reused anonymously)', async () => {
    const t2 = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES, maxInstancesPerFunction: 1 });
    try {
      expect((await t2.callRaw<WhoAmI>('o-first', 'whoami', {})).body.before.openId).toBe('o-first');
      expect((await anonymous(t2)).before.openId).toBe('');
      expect(t2.emulator.functions.stats().whoami.instances).toBe(1);
    } finally {
      await t2.close();
    }
  });

  it('handles one invocation at a time per instance, and queues beyond the instance cap', async () => {
    const t2 = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES, maxInstancesPerFunction: 3, instancesPerFunction: 3 });
    try {
      const replies = await Promise.all(Array.from({ length: 15 }, () => t2.callRaw<{ instanceId: string; maxActive: number; handled: number }>('o-c', 'concurrency', { ms: 40 })));
      for (const r of replies) {
        expect(r.status).toBe(200);
        expect(r.body.maxActive).toBe(1);
      }
      const instances = new Set(replies.map((r) => r.body.instanceId));
      expect(instances.size).toBeGreaterThan(1);
      expect(instances.size).toBeLessThanOrEqual(3);
      expect(t2.emulator.functions.stats().concurrency.instances).toBeLessThanOrEqual(3);
    } finally {
      await t2.close();
    }
  });

  it('serves a burst of short calls from the warm instances, without a cold start per caller', async () => {
    const t2 = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES, instancesPerFunction: 1 });
    try {
      const replies = await Promise.all(Array.from({ length: 20 }, () => t2.callRaw<{ instanceId: string }>('o-w', 'concurrency', { ms: 10 })));
      for (const r of replies) expect(r.status).toBe(200);
      // 20 callers at once, one instance: the queue moved, so nothing else started.
      expect(new Set(replies.map((r) => r.body.instanceId)).size).toBe(1);
      expect(t2.emulator.functions.totals()).toMatchObject({ coldStarts: 1, instances: 1 });
    } finally {
      await t2.close();
    }
  });

  it('starts another instance when every warm one is held by a long call', async () => {
    const t2 = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES, instancesPerFunction: 1, functionTimeoutMs: 120_000 });
    let longDone = false;
    try {
      const warm = await t2.callRaw<{ instanceId: string }>('o-l', 'concurrency', { ms: 1 });
      // Held far longer than any cold start takes, however slow the machine.
      const long = t2.callRaw<{ instanceId: string }>('o-l', 'concurrency', { ms: 60_000 }).then(() => { longDone = true; }, () => undefined);
      await new Promise((r) => setTimeout(r, 50));
      const short = await t2.callRaw<{ instanceId: string }>('o-s', 'concurrency', { ms: 1 });
      // The short call did not wait for the long one: a second instance took it once the first
      // had been on its call for SCALE_OUT_MS.
      expect(longDone).toBe(false);
      expect(short.status).toBe(200);
      expect(short.body.instanceId).not.toBe(warm.body.instanceId);
      expect(t2.emulator.functions.totals()).toMatchObject({ coldStarts: 2, instances: 2 });
      void long;
    } finally {
      await t2.close();
    }
    expect(SCALE_OUT_MS).toBeLessThan(60_000);
  });

  it('bounds the instances of all functions together; a queued call never times out for having waited', async () => {
    const t2 = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES, maxInstances: 2, instancesPerFunction: 2, functionTimeoutMs: 1500 });
    try {
      // 8 calls of 600 ms each on 2 instances: the last ones wait ~1.8 s in the queue, longer than
      // the 1.5 s limit, and still succeed because the limit counts from the start of execution.
      const burst = await Promise.all(Array.from({ length: 8 }, (_x, i) => t2.emulator.functions.invoke('whoami', { delayMs: 600 }, { openid: `o-q${i}` })));
      for (const [i, o] of burst.entries()) {
        expect(o.ok).toBe(true);
        // Each queued call still ran as its own caller.
        if (o.ok) expect(JSON.parse(o.json).before.openId).toBe(`o-q${i}`);
      }
      expect(Math.max(...burst.map((o) => o.queuedMs ?? 0))).toBeGreaterThan(1500);
      // Two instances, each started once: a cold start per instance, not per call of the burst.
      expect(t2.emulator.functions.totals()).toMatchObject({ instances: 2, coldStarts: 2, queued: 0 });
    } finally {
      await t2.close();
    }
  });

  it('gives the slot of an idle instance of one function to a caller of another (eviction)', async () => {
    const t2 = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES, maxInstances: 1 });
    try {
      expect((await t2.emulator.functions.invoke('whoami', {}, { openid: 'o-e' })).ok).toBe(true);
      expect((await t2.emulator.functions.invoke('concurrency', { ms: 5 }, { openid: 'o-e' })).ok).toBe(true);
      expect(t2.emulator.functions.stats().whoami.instances).toBe(0);
      expect(t2.emulator.functions.stats().concurrency.instances).toBe(1);
      expect(t2.emulator.functions.totals()).toMatchObject({ coldStarts: 2, evictions: 1, instances: 1 });
      // Six calls alternating between two functions on one slot: every call is served, and the
      // functions take turns (a warm instance serves its queued callers) instead of evicting each
      // other per call, which would be six cold starts.
      const before = t2.emulator.functions.totals().coldStarts;
      const burst = await Promise.all(['whoami', 'concurrency', 'whoami', 'concurrency', 'whoami', 'concurrency'].map((fn, i) =>
        t2.emulator.functions.invoke(fn, { ms: 5 }, { openid: `o-${i}` })));
      for (const o of burst) expect(o.ok).toBe(true);
      expect(t2.emulator.functions.totals().coldStarts - before).toBeLessThan(6);
    } finally {
      await t2.close();
    }
  });

  it('callFunction from the SDK and from one function to another', async () => {
    const direct = await t.app.callFunction({ name: 'whoami', data: { hello: 'world' } });
    expect((direct.result as WhoAmI).event).toEqual({ hello: 'world' });
    // Server-side calls carry no end-user identity.
    expect((direct.result as WhoAmI).before.openId).toBe('');

    const { status, body } = await t.callRaw<{ me: string; callee: WhoAmI }>('o-chain', 'caller', { n: 7 });
    expect(status).toBe(200);
    expect(body.me).toBe('o-chain');
    expect(body.callee.event).toEqual({ from: 'caller', n: 7 });
    expect(body.callee.functionName).toBe('whoami');
  });

  it('enforces the time limit, kills the instance, and keeps serving', async () => {
    const { status, body } = await t.callRaw('o-slow', 'sleepy', { ms: 5000 });
    expect(status).toBe(504);
    expect(body).toEqual({ ok: false, error: { code: 'FUNCTION.TIMEOUT', message: expect.any(String) } });
    expect(t.emulator.functions.stats().sleepy.instances).toBe(0);
    // The limit (1.5 s) counts from the start of execution: neither the queue nor the cold start.
    const timed = await t.emulator.functions.invoke('sleepy', { ms: 5000 }, { openid: 'o-slow' });
    expect(timed).toMatchObject({ ok: false, code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
    expect(timed.durationMs).toBeGreaterThanOrEqual(1400);
    expect(timed.durationMs).toBeLessThan(4000);

    await expect(t.app.callFunction({ name: 'sleepy', data: { ms: 5000 } })).rejects.toMatchObject({ code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
    expect((await t.callRaw('o-slow', 'sleepy', { ms: 10 })).body).toEqual({ slept: 10 });
  });

  it('turns a thrown error into a bare error reply (gateway) and FUNCTIONS_EXECUTE_FAIL (SDK)', async () => {
    const { status, body } = await t.callRaw('o-x', 'thrower', {});
    expect(status).toBe(500);
    expect(body).toEqual({ ok: false, error: { code: 'FUNCTION.FAILED', message: '服务暂时不可用，请稍后重试' } });
    expect(JSON.stringify(body)).not.toContain('hunter2');

    await expect(t.app.callFunction({ name: 'thrower', data: {} })).rejects.toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
    await expect(t.app.callFunction({ name: 'broken-init', data: {} })).rejects.toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
    await expect(t.app.callFunction({ name: 'no-such-function', data: {} })).rejects.toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  });

  it('measures a cold start and a warm call', async () => {
    const t2 = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES });
    try {
      const cold = await t2.emulator.functions.invoke('whoami', {}, { openid: 'o-m' });
      const warm = await t2.emulator.functions.invoke('whoami', {}, { openid: 'o-m' });
      expect(cold.ok && cold.coldStart).toBe(true);
      expect(warm.ok && !warm.coldStart).toBe(true);
      const t0 = performance.now();
      const rounds = 50;
      for (let i = 0; i < rounds; i++) await t2.callRaw('o-m', 'whoami', {});
      const perCall = (performance.now() - t0) / rounds;
      // eslint-disable-next-line no-console
      const init = cold.ok ? cold.initMs : undefined;
      console.log(`whoami: cold start ${init} ms (instance init) + ${cold.durationMs} ms invocation; gateway round trip warm ${perCall.toFixed(2)} ms`);
      // One cold start, then the same warm instance for every sequential call (no timing asserted:
      // it depends on the machine).
      expect(t2.emulator.functions.stats().whoami.instances).toBe(1);
      expect(t2.emulator.functions.totals().coldStarts).toBe(1);
    } finally {
      await t2.close();
    }
  });
});

describe('the whole stack: gateway → function → SDK → real database', () => {
  let t: TestEmulator;

  beforeAll(async () => {
    t = await startTestEmulator({ collections: ['notes'], functionsDir: FIXTURES });
  });
  afterAll(() => t.close());

  it('keeps each caller’s data apart under concurrency, transactions included', async () => {
    const users = ['o-a', 'o-b', 'o-c'];
    const replies = await Promise.all(
      users.flatMap((u) => [1, 2, 3].map((i) => t.call(u, 'notes', 'add', { text: `${u}-${i}` }))),
    );
    for (const r of replies) expect(r.ok).toBe(true);
    for (const u of users) {
      const list = await t.call(u, 'notes', 'list');
      const counter = (list.data as Array<{ kind: string; n?: number }>).find((d) => d.kind === 'counter');
      // Three concurrent transactions on one counter: conflicts are retried, no increment is lost.
      expect(counter?.n).toBe(3);
      const texts = (list.data as Array<{ text?: string }>).map((d) => d.text).filter(Boolean).sort();
      expect(texts).toEqual([1, 2, 3].map((i) => `${u}-${i}`));
    }
    const anonymous = await t.emulator.functions.invoke('notes', { action: 'list' }, { source: 'wx_client' });
    expect(anonymous.ok && JSON.parse(anonymous.json)).toEqual({ ok: false, error: { code: 'AUTH.REQUIRED', message: '请先登录' } });
  }, 120_000);

  it('refuses where(), count(), aggregate() and where-updates sent from inside a transaction callback (strict mode)', async () => {
    for (const query of ['where', 'count', 'aggregate', 'update']) {
      const before = t.emulator.db.writes();
      const inside = await t.callRaw<{ ok: boolean; code?: string; message?: string }>('o-q', 'txquery', { query, when: 'inside' });
      expect(inside.body).toMatchObject({ ok: false, code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('not part of the transaction') });
      // The transaction was rolled back: nothing written.
      expect(t.emulator.db.writes()).toBe(before);
      // The same query before the transaction starts is fine.
      expect((await t.callRaw('o-q', 'txquery', { query, when: 'before' })).body).toEqual({ ok: true });
    }
  }, 120_000);

  it('lets the same queries through outside strict mode', async () => {
    const lax = await startTestEmulator({ collections: ['notes'], functionsDir: FIXTURES, strict: false });
    try {
      expect((await lax.callRaw('o-q', 'txquery', { query: 'where', when: 'inside' })).body).toEqual({ ok: true });
    } finally {
      await lax.close();
    }
  }, 120_000);
});
