// Transactions through the real SDK: runTransaction's retry-on-conflict must see our conflicts.
import { startDbHttp, type DbHttp } from './fixtures/db-http';

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

test('two concurrent transactions on one document: one conflicts, runTransaction retries, both apply', async () => {
  await db.collection('counters').add({ _id: 'race', n: 0 });
  // A non-transactional write lands between the transaction's read and its write: the first
  // attempt conflicts and runTransaction runs the callback again on the fresh value.
  let attempts = 0;
  await db.runTransaction(async (tx: any) => {
    attempts++;
    const cur = (await tx.collection('counters').doc('race').get()).data;
    if (attempts === 1) await db.collection('counters').doc('race').update({ n: db.command.inc(100) });
    await tx.collection('counters').doc('race').update({ n: cur.n + 1 });
  });
  expect(attempts).toBe(2);
  expect((await db.collection('counters').doc('race').get()).data[0].n).toBe(101);

  // Two open transactions: the second waits for the first's lock and then works on the committed value.
  const t1 = await db.startTransaction();
  await t1.collection('counters').doc('race').update({ n: db.command.inc(1) });
  const t2 = await db.startTransaction();
  const waiter = t2.collection('counters').doc('race').update({ n: db.command.inc(1) });
  setTimeout(() => { void t1.commit(); }, 100);
  await expect(waiter).resolves.toMatchObject({ updated: 1 });
  await t2.commit();
  expect((await db.collection('counters').doc('race').get()).data[0].n).toBe(103);
});

test('two concurrent runTransactions: the one that outwaits the lock conflicts, retries and then wins', async () => {
  // A short lock wait makes the loser's first attempt fail with DATABASE_TRANSACTION_CONFLICT.
  const short = await startDbHttp({ lockWaitMs: 150 }, ['counters']);
  const sdb: any = short.app.database();
  try {
    await sdb.collection('counters').add({ _id: 'c', n: 0 });
    let slowAttempts = 0;
    let fastAttempts = 0;
    const slow = sdb.runTransaction(async (tx: any) => {
      slowAttempts++;
      const cur = (await tx.collection('counters').doc('c').get()).data;
      await new Promise((r) => setTimeout(r, 400));
      await tx.collection('counters').doc('c').update({ n: cur.n + 1 });
    });
    await new Promise((r) => setTimeout(r, 30));
    const fast = sdb.runTransaction(async (tx: any) => {
      fastAttempts++;
      const cur = (await tx.collection('counters').doc('c').get()).data;
      await tx.collection('counters').doc('c').update({ n: cur.n + 10 });
    });
    await Promise.all([slow, fast]);
    expect(slowAttempts).toBe(1);
    expect(fastAttempts).toBeGreaterThanOrEqual(2);
    expect((await sdb.collection('counters').doc('c').get()).data[0].n).toBe(11);
  } finally {
    await short.close();
  }
});

test('50 concurrent runTransaction increments end at exactly +50', async () => {
  await db.collection('counters').add({ _id: 'stress', n: 0 });
  const started = Date.now();
  await Promise.all(Array.from({ length: 50 }, () => db.runTransaction(async (tx: any) => {
    const cur = (await tx.collection('counters').doc('stress').get()).data;
    await tx.collection('counters').doc('stress').update({ n: cur.n + 1 });
  })));
  const ms = Date.now() - started;
  expect((await db.collection('counters').doc('stress').get()).data[0].n).toBe(50);
  console.log(`50 concurrent runTransaction increments: ${ms} ms`);
}, 30000);
