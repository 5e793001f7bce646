import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, ej } from './helpers';

const start = async (c: ReturnType<typeof client>) => (await c.ok({ action: 'database.startTransaction' })).transactionId as string;
const commit = (c: ReturnType<typeof client>, id: string) => c.call({ action: 'database.commitTransaction', transactionId: id });
const abort = (c: ReturnType<typeof client>, id: string) => c.call({ action: 'database.abortTransaction', transactionId: id });

describe('emulated database: transactions', () => {
  let c: ReturnType<typeof client>;
  beforeEach(async () => {
    c = client({ lockWaitMs: 300, transactionIdleTimeoutMs: 400 });
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
    const inTx = await c.where('c', {}, { transactionId: t, order: ej({ _id: 1 }) });
    expect(inTx.map((d) => d._id)).toEqual(['a', 'new']);
    expect((await commit(c, t)).code).toBeUndefined();
    expect((await c.doc('c', 'a')).n).toBe(5);
    expect(await c.doc('c', 'new')).toEqual({ _id: 'new', v: 1 });
    expect(await c.doc('c', 'b')).toBeNull();
    expect((await commit(c, t)).code).toBe('DATABASE_TRANSACTION_FAIL');
  });

  test('abort discards everything', async () => {
    const t = await start(c);
    await c.updateDoc('c', 'a', { $inc: { n: 5 } }, t);
    expect((await abort(c, t)).code).toBeUndefined();
    expect((await abort(c, t)).code).toBeUndefined();
    expect((await c.doc('c', 'a')).n).toBe(0);
  });

  test('a second transaction waits for the lock, then proceeds on the committed value', async () => {
    const t1 = await start(c);
    const t2 = await start(c);
    await c.doc('c', 'a', t1);
    const read2 = c.doc('c', 'a', t2);
    await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t1);
    expect((await commit(c, t1)).code).toBeUndefined();
    expect((await read2).n).toBe(1);
    await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t2);
    expect((await commit(c, t2)).code).toBeUndefined();
    expect((await c.doc('c', 'a')).n).toBe(2);
  });

  test('a lock held too long → DATABASE_TRANSACTION_CONFLICT, and the loser is aborted', async () => {
    const t1 = await start(c);
    const t2 = await start(c);
    await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t1);
    const r = await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t2);
    expect(r.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    // Late calls on the aborted transaction stay retryable conflicts.
    expect((await commit(c, t2)).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect((await commit(c, t1)).code).toBeUndefined();
    expect((await c.doc('c', 'a')).n).toBe(1);
  });

  test('deadlock is refused at once instead of waiting', async () => {
    const t1 = await start(c);
    const t2 = await start(c);
    await c.doc('c', 'a', t1);
    await c.doc('c', 'b', t2);
    const p1 = c.doc('c', 'b', t1).catch((e) => e);
    const started = Date.now();
    const r = await c.call({ action: 'database.getDocument', collectionName: 'c', queryType: 'DOC', query: ej({ _id: 'a' }), transactionId: t2 });
    expect(r.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(Date.now() - started).toBeLessThan(200);
    expect((await p1)._id).toBe('b');
    expect((await commit(c, t1)).code).toBeUndefined();
  });

  test('a non-transactional write after the transaction read → conflict at write or commit', async () => {
    const t1 = await start(c);
    await c.doc('c', 'a', t1);
    await c.updateDoc('c', 'a', { $inc: { n: 10 } });
    expect((await c.updateDoc('c', 'a', { $inc: { n: 1 } }, t1)).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    const t2 = await start(c);
    await c.updateDoc('c', 'b', { $inc: { n: 1 } }, t2);
    await c.updateDoc('c', 'b', { $set: { x: 1 } });
    expect((await commit(c, t2)).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await c.doc('c', 'b')).toEqual({ _id: 'b', n: 0, x: 1 });
    expect((await c.doc('c', 'a')).n).toBe(10);
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
  });
});

test('50 concurrent increments through transactions end at exactly +50', async () => {
  const c = client();
  c.db.ensureCollection('c');
  await c.add('c', { _id: 'counter', n: 0 });
  await Promise.all(Array.from({ length: 50 }, async () => {
    const t = await start(c);
    const cur = await c.doc('c', 'counter', t);
    await c.ok({ action: 'database.modifyDocument', collectionName: 'c', transactionId: t, queryType: 'DOC', merge: true, query: ej({ _id: 'counter' }), data: ej({ $set: { n: cur.n + 1 } }) });
    expect((await commit(c, t)).code).toBeUndefined();
  }));
  expect((await c.doc('c', 'counter')).n).toBe(50);
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
