import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, ej } from './helpers';

const start = async (c: ReturnType<typeof client>) => (await c.ok({ action: 'database.startTransaction' })).transactionId as string;
const commit = (c: ReturnType<typeof client>, id: string) => c.call({ action: 'database.commitTransaction', transactionId: id });
const abort = (c: ReturnType<typeof client>, id: string) => c.call({ action: 'database.abortTransaction', transactionId: id });

describe('emulated database: transactions (snapshot isolation, as MongoDB)', () => {
  let c: ReturnType<typeof client>;
  beforeEach(async () => {
    c = client({ transactionIdleTimeoutMs: 400 });
    c.db.ensureCollection('c');
    await c.add('c', { _id: 'a', n: 0 }, { _id: 'b', n: 0 });
  });
  afterEach(() => c.db.close());

  test('startTransaction replies with a top-level transactionId', async () => {
    const r = await c.call({ action: 'database.startTransaction' });
    expect(typeof r.transactionId).toBe('string');
    expect(r.code).toBeUndefined();
  });

  test('reads see own writes; others see nothing until an atomic commit', async () => {
    const t = await start(c);
    expect((await c.updateDoc('c', 'a', { $inc: { n: 5 } }, t)).data).toEqual({ updated: 1 });
    await c.ok({ action: 'database.insertDocument', collectionName: 'c', transactionId: t, data: [ej({ _id: 'new', v: 1 })] });
    await c.ok({ action: 'database.removeDocument', collectionName: 'c', transactionId: t, queryType: 'DOC', query: ej({ _id: 'b' }) });
    expect((await c.doc('c', 'a', t)).n).toBe(5);
    expect(await c.doc('c', 'b', t)).toBeNull();
    expect((await c.doc('c', 'a')).n).toBe(0);
    expect(await c.doc('c', 'new')).toBeNull();
    expect(await c.doc('c', 'b')).not.toBeNull();
    expect((await commit(c, t)).code).toBeUndefined();
    expect((await c.doc('c', 'a')).n).toBe(5);
    expect(await c.doc('c', 'new')).toEqual({ _id: 'new', v: 1 });
    expect(await c.doc('c', 'b')).toBeNull();
    expect((await commit(c, t)).code).toBe('DATABASE_TRANSACTION_FAIL');
  });

  test('abort discards everything and releases the write lock', async () => {
    const t = await start(c);
    await c.updateDoc('c', 'a', { $inc: { n: 5 } }, t);
    expect((await abort(c, t)).code).toBeUndefined();
    expect((await abort(c, t)).code).toBeUndefined();
    expect((await c.doc('c', 'a')).n).toBe(0);
    const t2 = await start(c);
    expect((await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t2)).code).toBeUndefined();
    expect((await commit(c, t2)).code).toBeUndefined();
  });

  test('reads take no lock: a second reader does not wait and sees the snapshot, not later commits', async () => {
    const t1 = await start(c);
    const t2 = await start(c);
    await c.doc('c', 'a', t2); // t2's snapshot: n = 0
    await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t1);
    const started = Date.now();
    expect((await c.doc('c', 'a', t2)).n).toBe(0); // t1's write is not visible, and nothing waited
    expect(Date.now() - started).toBeLessThan(100);
    expect((await commit(c, t1)).code).toBeUndefined();
    expect((await c.doc('c', 'a', t2)).n).toBe(0); // still its snapshot after t1 committed
    expect((await c.doc('c', 'a')).n).toBe(1);
    // A deleted document stays readable in an older snapshot.
    await c.ok({ action: 'database.removeDocument', collectionName: 'c', queryType: 'DOC', query: ej({ _id: 'b' }) });
    expect(await c.doc('c', 'b', t2)).toEqual({ _id: 'b', n: 0 });
    expect((await commit(c, t2)).code).toBeUndefined();
  });

  test('a write to a document another open transaction wrote fails at once, and the loser is aborted', async () => {
    const t1 = await start(c);
    const t2 = await start(c);
    await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t1);
    const started = Date.now();
    const r = await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t2);
    expect(r.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(Date.now() - started).toBeLessThan(100);
    // Late calls on the aborted transaction stay retryable conflicts.
    expect((await commit(c, t2)).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect((await commit(c, t1)).code).toBeUndefined();
    expect((await c.doc('c', 'a')).n).toBe(1);
  });

  test('a write to a document committed after the snapshot conflicts, even after the other ended', async () => {
    const t1 = await start(c);
    const t2 = await start(c);
    await c.doc('c', 'a', t2);
    await c.updateDoc('c', 'a', { $set: { by: 't1' } }, t1);
    expect((await commit(c, t1)).code).toBeUndefined();
    expect((await c.updateDoc('c', 'a', { $set: { by: 't2' } }, t2)).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect((await c.doc('c', 'a')).by).toBe('t1');
  });

  test('write skew commits: two transactions read both documents and each writes a different one', async () => {
    const t1 = await start(c);
    const t2 = await start(c);
    const [a1, b1] = [await c.doc('c', 'a', t1), await c.doc('c', 'b', t1)];
    const [a2, b2] = [await c.doc('c', 'a', t2), await c.doc('c', 'b', t2)];
    await c.updateDoc('c', 'a', { $set: { n: a1.n + b1.n + 1 } }, t1);
    await c.updateDoc('c', 'b', { $set: { n: a2.n + b2.n + 1 } }, t2);
    expect((await commit(c, t1)).code).toBeUndefined();
    expect((await commit(c, t2)).code).toBeUndefined();
    expect([(await c.doc('c', 'a')).n, (await c.doc('c', 'b')).n]).toEqual([1, 1]);
  });

  test('a non-transactional write after the transaction read → conflict at the transaction’s write', async () => {
    const t1 = await start(c);
    await c.doc('c', 'a', t1);
    await c.updateDoc('c', 'a', { $inc: { n: 10 } });
    expect((await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t1)).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect((await c.doc('c', 'a')).n).toBe(10);
  });

  test('a non-transactional write to a document an open transaction wrote waits until it ends', async () => {
    const t = await start(c);
    await c.updateDoc('c', 'b', { $inc: { n: 1 } }, t);
    let landed = false;
    const outside = c.updateDoc('c', 'b', { $set: { x: 1 } }).then((r) => { landed = true; return r; });
    const where = c.update('c', { n: 0 }, { $set: { y: 1 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(landed).toBe(false);
    expect((await commit(c, t)).code).toBeUndefined();
    expect((await outside).code).toBeUndefined();
    // The WHERE update re-matched after the commit: b (n = 1 now) is no longer a match.
    expect(await where).toEqual({ updated: 1 });
    expect(await c.doc('c', 'b')).toEqual({ _id: 'b', n: 1, x: 1 });
    expect(await c.doc('c', 'a')).toEqual({ _id: 'a', n: 0, y: 1 });
  });

  test('an insert of an _id another open transaction inserted conflicts; after its commit it is a duplicate', async () => {
    const t1 = await start(c);
    const t2 = await start(c);
    await c.ok({ action: 'database.insertDocument', collectionName: 'c', transactionId: t1, data: [ej({ _id: 'k' })] });
    expect((await c.call({ action: 'database.insertDocument', collectionName: 'c', transactionId: t2, data: [ej({ _id: 'k' })] })).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect((await commit(c, t1)).code).toBeUndefined();
    expect((await c.call({ action: 'database.insertDocument', collectionName: 'c', data: [ej({ _id: 'k' })] })).code).toBe('DATABASE_DUPLICATE_WRITE');
  });

  test('insert of an existing _id inside a transaction fails with DATABASE_DUPLICATE_WRITE', async () => {
    const t = await start(c);
    const r = await c.call({ action: 'database.insertDocument', collectionName: 'c', transactionId: t, data: [ej({ _id: 'a' })] });
    expect(r.code).toBe('DATABASE_DUPLICATE_WRITE');
  });

  test('abandoned transactions expire and release their locks', async () => {
    const t1 = await start(c);
    await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t1);
    await new Promise((r) => setTimeout(r, 500));
    const t2 = await start(c);
    expect((await c.updateDoc('c', 'a', { $inc: { n: 7 } }, t2)).code).toBeUndefined();
    expect((await commit(c, t2)).code).toBeUndefined();
    expect((await commit(c, t1)).code).toBe('DATABASE_TRANSACTION_FAIL');
    expect((await c.doc('c', 'a')).n).toBe(7);
  });

  test('only single-document operations by _id are allowed inside a transaction', async () => {
    const t = await start(c);
    const r = await c.call({ action: 'database.modifyDocument', collectionName: 'c', transactionId: t, queryType: 'WHERE', query: ej({ n: 0 }), data: ej({ $set: { x: 1 } }), merge: true });
    expect(r.code).toBe('DATABASE_REQUEST_FAILED');
    const t2 = await start(c);
    const w = await c.call({ action: 'database.getDocument', collectionName: 'c', transactionId: t2, queryType: 'WHERE', query: ej({ n: 0 }) });
    expect(w).toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('where() is not supported in a transaction') });
  });

  test('outside strict mode a where() in a transaction reads the snapshot with its own writes', async () => {
    const lax = client({ strict: false });
    lax.db.ensureCollection('c');
    await lax.add('c', { _id: 'a', n: 0 }, { _id: 'b', n: 0 });
    const t = await start(lax);
    await lax.updateDoc('c', 'a', { $inc: { n: 5 } }, t);
    await lax.ok({ action: 'database.removeDocument', collectionName: 'c', transactionId: t, queryType: 'DOC', query: ej({ _id: 'b' }) });
    await lax.add('c', { _id: 'later', n: 0 });
    const inTx = await lax.where('c', {}, { transactionId: t, order: ej({ _id: 1 }) });
    expect(inTx).toEqual([{ _id: 'a', n: 5 }]);
    lax.db.close();
  });
});

test('50 concurrent increments through transactions, each retried on conflict, end at exactly +50', async () => {
  const c = client();
  c.db.ensureCollection('c');
  await c.add('c', { _id: 'counter', n: 0 });
  let conflicts = 0;
  await Promise.all(Array.from({ length: 50 }, async () => {
    for (;;) {
      const t = await start(c);
      const cur = await c.doc('c', 'counter', t);
      const r = await c.call({ action: 'database.modifyDocument', collectionName: 'c', transactionId: t, queryType: 'DOC', merge: true, query: ej({ _id: 'counter' }), data: ej({ $set: { n: cur.n + 1 } }) });
      const done = r.code ? r : await commit(c, t);
      if (!done.code) return;
      expect(done.code).toBe('DATABASE_TRANSACTION_CONFLICT');
      conflicts++;
      await new Promise((res) => setTimeout(res, Math.random() * 5));
    }
  }));
  expect((await c.doc('c', 'counter')).n).toBe(50);
  expect(conflicts).toBeGreaterThan(0);
  c.db.close();
});

test('persistence: a reopened file has every write, in natural order, with types intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-db-'));
  try {
    const file = join(dir, 'db.sqlite');
    const a = client({ file });
    a.db.ensureCollection('c');
    a.db.ensureCollection('empty');
    await a.add('c', { _id: 'z', d: new Date(5), n: 1 }, { _id: 'y', n: 2 });
    await a.updateDoc('c', 'z', { $inc: { n: 1 } });
    await a.ok({ action: 'database.removeDocument', collectionName: 'c', queryType: 'DOC', query: ej({ _id: 'y' }) });
    await a.add('c', { _id: 'x', n: 3 });
    const t = await start(a);
    await a.updateDoc('c', 'x', { $set: { tx: true } }, t);
    await commit(a, t);
    a.db.close();
    const b = client({ file });
    expect(await b.where('c', {})).toEqual([{ _id: 'z', d: new Date(5), n: 2 }, { _id: 'x', n: 3, tx: true }]);
    expect((await b.call({ action: 'database.checkCollectionExists', collectionName: 'empty' })).data).toEqual({ exists: true });
    b.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
