// Transactions through the real SDK, with MongoDB's snapshot isolation: reads never wait, a
// write–write conflict fails at once, write skew commits, runTransaction's retry sees our conflicts.
import { startDbHttp, type DbHttp } from './fixtures/db-http';
import { inTransaction } from '../../cloudfunctions/shared/runtime/app';

let h: DbHttp;
// The SDK's typings leave transaction callbacks untyped; keep the handle loose.
let db: any;
beforeAll(async () => {
  h = await startDbHttp({}, ['accounts', 'ledger', 'counters']);
  db = h.app.database();
  await db.collection('accounts').add([{ _id: 'alice', balance: 100 }, { _id: 'bob', balance: 0 }]);
});
afterAll(() => h.close());

const balance = async (id: string) => (await db.collection('accounts').doc(id).get()).data[0].balance;

test('commit applies every write atomically', async () => {
  const result = await db.runTransaction(async (tx: any) => {
    const a = (await tx.collection('accounts').doc('alice').get()).data;
    await tx.collection('accounts').doc('alice').update({ balance: a.balance - 30 });
    await tx.collection('accounts').doc('bob').update({ balance: db.command.inc(30) });
    await tx.collection('ledger').add({ _id: 'move-1', amount: 30 });
    // Own writes are visible inside; outside nothing has changed yet.
    expect((await tx.collection('accounts').doc('alice').get()).data.balance).toBe(70);
    expect(await balance('alice')).toBe(100);
    return 'done';
  });
  expect(result).toBe('done');
  expect(await balance('alice')).toBe(70);
  expect(await balance('bob')).toBe(30);
  expect((await db.collection('ledger').doc('move-1').get()).data).toHaveLength(1);
});

test('add() of several documents in a transaction is one request: all of them commit, or none on a rollback', async () => {
  const sent: string[] = [];
  const handle = h.db.handle.bind(h.db);
  h.db.handle = (body: any, ...rest: any[]) => {
    sent.push(String(body.action));
    return (handle as any)(body, ...rest);
  };
  try {
    await db.runTransaction(async (tx: any) => {
      await tx.collection('ledger').add([{ _id: 'batch-1', amount: 1 }, { _id: 'batch-2', amount: 2 }]);
    });
    expect(sent.filter((a) => a === 'database.insertDocument')).toHaveLength(1);
    expect((await db.collection('ledger').where({ _id: db.command.in(['batch-1', 'batch-2']) }).get()).data).toHaveLength(2);
    await expect(db.runTransaction(async (tx: any) => {
      await tx.collection('ledger').add([{ _id: 'batch-3', amount: 3 }, { _id: 'batch-4', amount: 4 }]);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect((await db.collection('ledger').where({ _id: db.command.in(['batch-3', 'batch-4']) }).get()).data).toHaveLength(0);
  } finally {
    h.db.handle = handle;
  }
});

test('an error inside runTransaction rolls everything back', async () => {
  await expect(db.runTransaction(async (tx: any) => {
    await tx.collection('accounts').doc('alice').update({ balance: db.command.inc(-50) });
    await tx.collection('ledger').add({ _id: 'move-2', amount: 50 });
    throw new Error('insufficient something');
  })).rejects.toThrow('insufficient something');
  expect(await balance('alice')).toBe(70);
  expect((await db.collection('ledger').doc('move-2').get()).data).toHaveLength(0);
  // A rollback with a custom reason is what runTransaction rejects with.
  await expect(db.runTransaction(async (tx: any) => {
    await tx.collection('accounts').doc('alice').update({ balance: 0 });
    await tx.rollback('NOPE');
  })).rejects.toBe('NOPE');
  expect(await balance('alice')).toBe(70);
});

test('a non-transactional write between the transaction’s read and write: the SDK retries the conflict', async () => {
  await db.collection('counters').add({ _id: 'race', n: 0 });
  // The write lands after the transaction's snapshot: its own write conflicts, and runTransaction
  // runs the callback again on the fresh value.
  let attempts = 0;
  await db.runTransaction(async (tx: any) => {
    attempts++;
    const cur = (await tx.collection('counters').doc('race').get()).data;
    if (attempts === 1) await db.collection('counters').doc('race').update({ n: db.command.inc(100) });
    await tx.collection('counters').doc('race').update({ n: cur.n + 1 });
  });
  expect(attempts).toBe(2);
  expect((await db.collection('counters').doc('race').get()).data[0].n).toBe(101);
});

test('a second reader does not wait: it reads the snapshot while another transaction holds the write', async () => {
  await db.collection('counters').add({ _id: 'reader', n: 1 });
  const writer = await db.startTransaction();
  await writer.collection('counters').doc('reader').update({ n: 2 });
  const reader = await db.startTransaction();
  const started = Date.now();
  const seen = (await reader.collection('counters').doc('reader').get()).data;
  // Far below the 5 s a locking read used to wait (the writer commits only after this read).
  expect(Date.now() - started).toBeLessThan(4000);
  expect(seen.n).toBe(1);
  await writer.commit();
  // Still the reader's snapshot after the writer committed; outside, the new value.
  expect((await reader.collection('counters').doc('reader').get()).data.n).toBe(1);
  await reader.commit();
  expect((await db.collection('counters').doc('reader').get()).data[0].n).toBe(2);
});

test('a write–write conflict fails at once with DATABASE_TRANSACTION_CONFLICT (first writer wins)', async () => {
  await db.collection('counters').add({ _id: 'ww', n: 0 });
  const first = await db.startTransaction();
  await first.collection('counters').doc('ww').update({ n: db.command.inc(1) });
  const second = await db.startTransaction();
  const started = Date.now();
  await expect(second.collection('counters').doc('ww').update({ n: db.command.inc(10) }))
    .rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
  // At once: not after a lock wait (the first writer is still open and commits only later).
  expect(Date.now() - started).toBeLessThan(4000);
  await first.commit();
  expect((await db.collection('counters').doc('ww').get()).data[0].n).toBe(1);
  // The SDK's runTransaction retries a conflict at once, up to 3 more times, with no wait: while
  // another transaction keeps the lock, all four attempts conflict and it gives up.
  const holder = await db.startTransaction();
  await holder.collection('counters').doc('ww').update({ n: db.command.inc(1) });
  let attempts = 0;
  await expect(db.runTransaction(async (tx: any) => {
    attempts++;
    await tx.collection('counters').doc('ww').update({ n: db.command.inc(100) });
  })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
  expect(attempts).toBe(4);
  await holder.commit();
  expect((await db.collection('counters').doc('ww').get()).data[0].n).toBe(2);
});

test('write skew commits, as in MongoDB: each transaction writes a different document it read', async () => {
  // Two on-call doctors; each may go off call if the other is on. Snapshot isolation lets both go.
  await db.collection('counters').add([{ _id: 'doc-a', onCall: true }, { _id: 'doc-b', onCall: true }]);
  const t1 = await db.startTransaction();
  const t2 = await db.startTransaction();
  for (const t of [t1, t2]) {
    expect((await t.collection('counters').doc('doc-a').get()).data.onCall).toBe(true);
    expect((await t.collection('counters').doc('doc-b').get()).data.onCall).toBe(true);
  }
  await t1.collection('counters').doc('doc-a').update({ onCall: false });
  await t2.collection('counters').doc('doc-b').update({ onCall: false });
  await t1.commit();
  await t2.commit();
  const after = (await db.collection('counters').where({ _id: db.command.in(['doc-a', 'doc-b']) }).get()).data;
  expect(after.map((d: any) => d.onCall)).toEqual([false, false]);
});

test('where() inside a transaction is refused (CloudBase allows only doc() and add() there)', async () => {
  await expect(db.runTransaction(async (tx: any) => {
    await tx.collection('counters').where({ n: 1 }).get();
  })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('where() is not supported in a transaction') });
});

test('50 concurrent transactional increments with the app’s retry end at exactly +50', async () => {
  await db.collection('counters').add({ _id: 'stress', n: 0 });
  const started = Date.now();
  let runs = 0;
  await Promise.all(Array.from({ length: 50 }, () => inTransaction(db, async (tx: any) => {
    runs++;
    const cur = (await tx.collection('counters').doc('stress').get()).data;
    await tx.collection('counters').doc('stress').update({ n: cur.n + 1 });
  }, { tries: 200, baseMs: 2, capMs: 40 })));
  const ms = Date.now() - started;
  expect((await db.collection('counters').doc('stress').get()).data[0].n).toBe(50);
  console.log(`50 concurrent transactional increments: ${ms} ms, ${runs} runs`);
}, 120_000);
