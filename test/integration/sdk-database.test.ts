// The real @cloudbase/node-sdk against the emulated database over HTTP (no mocks).
import { startDbHttp, type DbHttp } from './fixtures/db-http';

let h: DbHttp;
// The SDK's published typings are incomplete (e.g. Geo.Polygon is missing), so the handle is untyped.
let db: any;
beforeAll(async () => {
  h = await startDbHttp({}, ['items', 'places', 'labels', 'sprawl']);
  // As database/collections.json declares it for the real collections: a 2dsphere index on loc.
  h.db.ensureCollection('places', [{ name: 'loc', keys: [{ name: 'loc', direction: '2dsphere' }] }]);
  db = h.app.database();
});
afterAll(() => h.close());

const _ = (): any => db.command;

test('add / doc().get / where with comparison, in, regex, or/and, nested fields', async () => {
  const { id } = await db.collection('items').add({ name: 'apple', price: 3, tags: ['fruit'], meta: { color: 'red' } });
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  await db.collection('items').add([
    { _id: 'i2', name: 'banana', price: 1, meta: { color: 'yellow' } },
    { _id: 'i3', name: 'Cherry', price: 10, meta: { color: 'red' } },
  ]);
  const one = await db.collection('items').doc(id).get();
  expect(one.data[0]).toMatchObject({ _id: id, name: 'apple', price: 3 });
  const names = (r: { data: Array<{ name: string }> }) => r.data.map((d) => d.name).sort();
  expect(names(await db.collection('items').where({ price: _().gt(2) }).get())).toEqual(['Cherry', 'apple']);
  expect(names(await db.collection('items').where({ price: _().in([1, 10]) }).get())).toEqual(['Cherry', 'banana']);
  expect(names(await db.collection('items').where({ name: db.RegExp({ regexp: '^c', options: 'i' }) }).get())).toEqual(['Cherry']);
  expect(names(await db.collection('items').where({ name: /an/ }).get())).toEqual(['banana']);
  expect(names(await db.collection('items').where(_().or([{ price: _().lt(2) }, { price: _().gt(5) }])).get())).toEqual(['Cherry', 'banana']);
  expect(names(await db.collection('items').where({ price: _().gt(0).and(_().lt(5)), 'meta.color': 'red' }).get())).toEqual(['apple']);
  expect(names(await db.collection('items').where({ meta: { color: 'yellow' } }).get())).toEqual(['banana']);
  const dup = db.collection('items').add({ _id: 'i2', name: 'again' });
  await expect(dup).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
});

test('orderBy / skip / limit, the 1000 cap, field projection and count', async () => {
  const c = db.collection('labels');
  for (let i = 0; i < 1100; i += 275) {
    await c.add(Array.from({ length: 275 }, (_x, j) => ({ _id: `l${String(i + j).padStart(4, '0')}`, i: i + j, odd: (i + j) % 2 === 1 })));
  }
  expect((await c.get()).data).toHaveLength(100);
  expect((await c.limit(1000).get()).data).toHaveLength(1000);
  expect((await c.limit(5000).get()).data).toHaveLength(1000);
  const page = await c.where({ odd: true }).orderBy('i', 'desc').skip(1).limit(3).field({ i: true }).get();
  expect(page.data).toEqual([{ _id: 'l1097', i: 1097 }, { _id: 'l1095', i: 1095 }, { _id: 'l1093', i: 1093 }]);
  expect((await c.where({ odd: false }).count()).total).toBe(550);
  expect((await c.count()).total).toBe(1100);
  await expect(db.collection('missing').get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
});

test('update with inc/set/push/pull/remove, set upsert, where-update and where-remove', async () => {
  const c = db.collection('items');
  await c.add({ _id: 'u1', n: 1, tags: ['a', 'b'], gone: true, nested: { x: 1 } });
  const r = await c.doc('u1').update({ n: _().inc(2), tags: _().push(['c']), gone: _().remove(), nested: { y: 2 }, extra: _().set({ deep: 1 }) });
  expect(r.updated).toBe(1);
  await c.doc('u1').update({ tags: _().pull('a') });
  expect((await c.doc('u1').get()).data[0]).toEqual({ _id: 'u1', n: 3, tags: ['b', 'c'], nested: { x: 1, y: 2 }, extra: { deep: 1 } });

  const set1 = await c.doc('u2').set({ fresh: true });
  expect(set1.upsertedId).toBe('u2');
  const set2 = await c.doc('u2').set({ replaced: 1 });
  expect(set2.updated).toBe(1);
  expect((await c.doc('u2').get()).data[0]).toEqual({ _id: 'u2', replaced: 1 });

  await c.add([{ batch: 'w', v: 1 }, { batch: 'w', v: 2 }, { batch: 'w', v: 3 }]);
  expect((await c.where({ batch: 'w', v: _().gte(2) }).update({ v: _().mul(10) })).updated).toBe(2);
  expect((await c.where({ batch: 'w' }).orderBy('v', 'asc').get()).data.map((d: { v: number }) => d.v)).toEqual([1, 20, 30]);
  expect((await c.where({ batch: 'w' }).remove()).deleted).toBe(3);
  expect((await c.doc('u2').remove()).deleted).toBe(1);
  expect((await c.doc('u2').get()).data).toEqual([]);
});

test('serverDate and Date values', async () => {
  const before = Date.now();
  const { id } = await db.collection('items').add({ at: db.serverDate(), later: db.serverDate({ offset: 3600_000 }), d: new Date(42) });
  const doc = (await db.collection('items').doc(id).get()).data[0];
  expect(doc.at).toBeInstanceOf(Date);
  expect(doc.at.getTime()).toBeGreaterThanOrEqual(before);
  expect(doc.later.getTime() - doc.at.getTime()).toBe(3600_000);
  expect(doc.d).toEqual(new Date(42));
  await db.collection('items').doc(id).update({ touched: db.serverDate() });
  expect((await db.collection('items').where({ touched: _().gte(new Date(before)) }).count()).total).toBe(1);
});

test('aggregation match / group / sort', async () => {
  const c = db.collection('items');
  await c.add([{ agg: 'k1', n: 1 }, { agg: 'k1', n: 4 }, { agg: 'k2', n: 2 }, { agg: 'k3', n: 0 }]);
  const $ = db.command.aggregate;
  const res = await c.aggregate().match({ agg: _().exists(true), n: _().gt(0) }).group({ _id: '$agg', total: $.sum('$n'), count: $.sum(1) }).sort({ total: -1 }).end();
  expect(res.data).toEqual([{ _id: 'k1', total: 5, count: 2 }, { _id: 'k2', total: 2, count: 1 }]);
});

test('Geo points: geoNear ordered by distance (query and aggregation) and geoWithin polygons', async () => {
  const c = db.collection('places');
  const P = (lng: number, lat: number) => new db.Geo.Point(lng, lat);
  await c.add([
    { _id: 'p-far', name: 'far', loc: P(113.32, 23.1) },
    { _id: 'p-near', name: 'near', loc: P(113.3002, 23.1) },
    { _id: 'p-mid', name: 'mid', loc: P(113.305, 23.1) },
  ]);
  const near = await c.where({ loc: _().geoNear({ geometry: P(113.3, 23.1), maxDistance: 1000, minDistance: 0 }) }).get();
  expect(near.data.map((d: { name: string }) => d.name)).toEqual(['near', 'mid']);
  expect(near.data[0].loc).toMatchObject({ longitude: 113.3002, latitude: 23.1 });

  const poly = new db.Geo.Polygon([new db.Geo.LineString([P(113.299, 23.09), P(113.31, 23.09), P(113.31, 23.11), P(113.299, 23.11), P(113.299, 23.09)])]);
  const within = await c.where({ loc: _().geoWithin({ geometry: poly }) }).get();
  expect(within.data.map((d: { name: string }) => d.name).sort()).toEqual(['mid', 'near']);
  const circle = await c.where({ loc: _().geoWithin({ centerSphere: [[113.3, 23.1], 100 / 6378100] }) }).get();
  expect(circle.data.map((d: { name: string }) => d.name)).toEqual(['near']);

  const agg = await c.aggregate().geoNear({ distanceField: 'distance', spherical: true, near: P(113.3, 23.1), query: { name: _().neq('mid') } }).end();
  expect(agg.data.map((d: { name: string }) => d.name)).toEqual(['near', 'far']);
  expect(agg.data[0].distance).toBeGreaterThan(15);
  expect(agg.data[0].distance).toBeLessThan(25);
});

test('an aggregation without a limit returns at most 20 rows, as CloudBase does; an explicit limit returns all', async () => {
  const c = db.collection('sprawl');
  await c.add(Array.from({ length: 45 }, (_x, i) => ({ _id: `s${String(i).padStart(2, '0')}`, group: `g${i}`, n: i })));
  const $ = db.command.aggregate;
  const unlimited = await c.aggregate().group({ _id: '$group', n: $.sum('$n') }).end();
  expect(unlimited.data).toHaveLength(20);
  const limited = await c.aggregate().group({ _id: '$group', n: $.sum('$n') }).limit(1000).end();
  expect(limited.data).toHaveLength(45);
  // The sum over all rows is only right with the limit.
  const total = (rows: Array<{ n: number }>) => rows.reduce((a, r) => a + r.n, 0);
  expect(total(limited.data)).toBe((44 * 45) / 2);
  expect(total(unlimited.data)).toBeLessThan((44 * 45) / 2);
});

test('a geo query on a field without a 2dsphere index fails as CloudBase fails it', async () => {
  const P = (lng: number, lat: number) => new db.Geo.Point(lng, lat);
  await db.collection('items').add({ _id: 'geo-unindexed', loc: P(113.3, 23.1) });
  const items = db.collection('items');
  await expect(items.where({ loc: _().geoNear({ geometry: P(113.3, 23.1), maxDistance: 1000 }) }).get())
    .rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('unable to find index for $geoNear query') });
  await expect(items.aggregate().geoNear({ distanceField: 'd', spherical: true, near: P(113.3, 23.1) }).limit(5).end())
    .rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('$geoNear requires a 2d or 2dsphere index') });
  await expect(items.where({ loc: _().geoWithin({ centerSphere: [[113.3, 23.1], 0.001] }) }).get())
    .rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('2dsphere') });
  // The indexed collection answers the same queries.
  expect((await db.collection('places').where({ loc: _().geoNear({ geometry: P(113.3, 23.1), maxDistance: 1000 }) }).get()).data.length).toBeGreaterThan(0);
});

test('orderBy after a near query re-sorts the matches, as MongoDB’s sort() does after $nearSphere', async () => {
  const P = (lng: number, lat: number) => new db.Geo.Point(lng, lat);
  const near = { loc: _().geoNear({ geometry: P(113.3, 23.1), maxDistance: 5000 }) };
  const byDistance = await db.collection('places').where(near).get();
  expect(byDistance.data.map((d: { name: string }) => d.name)).toEqual(['near', 'mid', 'far']);
  const byName = await db.collection('places').where(near).orderBy('name', 'asc').get();
  expect(byName.data.map((d: { name: string }) => d.name)).toEqual(['far', 'mid', 'near']);
  const page = await db.collection('places').where(near).orderBy('name', 'desc').skip(1).limit(1).get();
  expect(page.data.map((d: { name: string }) => d.name)).toEqual(['mid']);
});
