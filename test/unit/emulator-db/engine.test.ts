import { EJSON } from 'bson';
import { client, ej } from './helpers';

describe('emulated database: documents and queries', () => {
  let c: ReturnType<typeof client>;
  beforeEach(() => {
    c = client();
    c.db.ensureCollection('c');
    c.db.ensureCollection('d');
  });
  afterEach(() => c.db.close());

  test('EJSON values round-trip (Date, Long, double, RegExp, GeoJSON, nested)', async () => {
    const doc = { _id: 'v', d: new Date(1234), big: 1099511627776, f: 1.5, re: /^a/i, loc: { type: 'Point', coordinates: [113.3, 23.1] }, n: { arr: [1, 'x', null, true] } };
    await c.add('c', doc);
    const got = await c.doc('c', 'v');
    // The SDK parses replies with EJSON.parse too, which yields a BSONRegExp for regexes.
    const { re, ...rest } = got;
    const expected: Record<string, unknown> = { ...doc };
    delete expected.re;
    expect(rest).toEqual(expected);
    expect([re.pattern, re.options]).toEqual(['^a', 'i']);
    expect(got.d).toBeInstanceOf(Date);
  });

  test('generated _id is 32 hex characters; serverDate is resolved on the server', async () => {
    const before = Date.now();
    const [id] = await c.add('c', { a: 1 });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const r = await c.ok({ action: 'database.insertDocument', collectionName: 'c', data: ['{"_id":"s","when":{"$tcb_server_date":{"offset":{"$numberInt":"60000"}}}}'] });
    expect(r.data.insertedIds).toEqual(['s']);
    const s = await c.doc('c', 's');
    expect(s.when).toBeInstanceOf(Date);
    expect(s.when.getTime()).toBeGreaterThanOrEqual(before + 60000);
    expect(s.when.getTime()).toBeLessThan(Date.now() + 61000);
  });

  test('duplicate _id fails with DATABASE_DUPLICATE_WRITE and writes nothing', async () => {
    await c.add('c', { _id: 'x', v: 1 });
    const r = await c.call({ action: 'database.insertDocument', collectionName: 'c', data: [ej({ _id: 'y' }), ej({ _id: 'x', v: 2 })] });
    expect(r.code).toBe('DATABASE_DUPLICATE_WRITE');
    expect(await c.doc('c', 'y')).toBeNull();
    expect((await c.doc('c', 'x')).v).toBe(1);
  });

  test('missing collection → DATABASE_COLLECTION_NOT_EXIST; addCollection creates once', async () => {
    expect((await c.call({ action: 'database.getDocument', collectionName: 'nope', queryType: 'WHERE' })).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect((await c.call({ action: 'database.insertDocument', collectionName: 'nope', data: [ej({})] })).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect((await c.call({ action: 'database.addCollection', collectionName: 'nope' })).code).toBeUndefined();
    expect((await c.call({ action: 'database.addCollection', collectionName: 'nope' })).code).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
    expect((await c.call({ action: 'database.checkCollectionExists', collectionName: 'nope' })).data).toEqual({ exists: true });
    expect((await c.call({ action: 'database.nonsense' })).code).toBe('INVALID_PARAM');
    expect((await c.call({ action: 'database.getDocument', collectionName: 'c', queryType: 'WHERE', query: '{bad' })).code).toBe('INVALID_PARAM');
  });

  test('comparison, $in, $regex, $or/$and, nested fields, $exists, $elemMatch, dates', async () => {
    await c.add('c',
      { _id: '1', a: 1, s: 'abc', n: { k: 'x' }, arr: [{ x: 1 }], d: new Date(1000) },
      { _id: '2', a: 5, s: 'ABBC', n: { k: 'y' }, arr: [{ x: 3 }], d: new Date(2000) },
      { _id: '3', a: 10, s: 'zzz', b: true, d: new Date(3000) });
    const ids = (docs: any[]) => docs.map((d) => d._id).sort();
    expect(ids(await c.where('c', { a: { $gte: 5 } }))).toEqual(['2', '3']);
    expect(ids(await c.where('c', { a: { $in: [1, 10] } }))).toEqual(['1', '3']);
    expect(ids(await c.where('c', { a: { $nin: [1, 10] } }))).toEqual(['2']);
    expect(ids(await c.where('c', { s: /^ab+c$/i }))).toEqual(['1', '2']);
    expect(ids(await c.where('c', { $or: [{ a: { $lt: 2 } }, { a: { $gt: 9 } }] }))).toEqual(['1', '3']);
    expect(ids(await c.where('c', { $and: [{ a: { $gt: 0 } }, { a: { $lt: 6 } }], 'n.k': 'y' }))).toEqual(['2']);
    expect(ids(await c.where('c', { b: { $exists: true } }))).toEqual(['3']);
    expect(ids(await c.where('c', { arr: { $elemMatch: { x: { $gt: 1 } } } }))).toEqual(['2']);
    expect(ids(await c.where('c', { d: { $gt: new Date(1500) } }))).toEqual(['2', '3']);
    expect(ids(await c.where('c', { a: { $ne: 5 } }))).toEqual(['1', '3']);
    expect(ids(await c.where('c', { _id: { $in: ['1', '3', 'nope'] } }))).toEqual(['1', '3']);
    expect((await c.ok({ action: 'database.calculateDocument', collectionName: 'c', query: ej({ a: { $ne: 5 } }) })).data).toEqual({ total: 2 });
    expect((await c.ok({ action: 'database.calculateDocument', collectionName: 'c' })).data).toEqual({ total: 3 });
  });

  test('order, offset, limit (default 100, max 1000) and projection', async () => {
    const docs = Array.from({ length: 1200 }, (_, i) => ({ _id: `d${i}`, i, g: i % 3 }));
    for (let i = 0; i < docs.length; i += 400) await c.add('c', ...docs.slice(i, i + 400));
    expect(await c.where('c', {})).toHaveLength(100);
    expect(await c.where('c', {}, { limit: 5000 })).toHaveLength(1000);
    const page = await c.where('c', { g: 1 }, { order: ej({ i: -1 }), offset: 2, limit: 3, projection: ej({ i: 1 }) });
    expect(page).toEqual([{ _id: 'd1192', i: 1192 }, { _id: 'd1189', i: 1189 }, { _id: 'd1186', i: 1186 }]);
    const multi = await c.where('c', { i: { $lt: 6 } }, { order: ej({ g: 1, i: -1 }), projection: ej({ _id: 0, g: 0 }) });
    expect(multi).toEqual([{ i: 3 }, { i: 0 }, { i: 4 }, { i: 1 }, { i: 5 }, { i: 2 }]);
    expect((await c.where('c', {}, { offset: 1198 })).map((d) => d.i)).toEqual([1198, 1199]);
  });

  test('update operators: $set dotted, $inc, $mul, $unset, $push $each, $pull, $pullAll, $addToSet, $min, $max, $rename', async () => {
    await c.add('c', { _id: 'u', n: 1, m: 2, gone: 1, tags: ['a', 'b', 'c'], set: ['x'], lo: 5, hi: 5, old: 'o', nested: { k: 1 } });
    const r = await c.updateDoc('c', 'u', {
      $set: { 'nested.j': 'v', 's.p': 1 }, $inc: { n: 2 }, $mul: { m: 3 }, $unset: { gone: '' },
      $push: { tags: { $each: ['d', 'e'] } }, $addToSet: { set: { $each: ['x', 'y'] } }, $min: { lo: 3 }, $max: { hi: 9 }, $rename: { old: 'renamed' },
    });
    expect(r.data).toEqual({ updated: 1 });
    await c.updateDoc('c', 'u', { $pull: { tags: 'a' } });
    await c.updateDoc('c', 'u', { $pullAll: { tags: ['b', 'e'] } });
    expect(await c.doc('c', 'u')).toEqual({ _id: 'u', n: 3, m: 6, tags: ['c', 'd'], set: ['x', 'y'], lo: 3, hi: 9, renamed: 'o', nested: { k: 1, j: 'v' }, s: { p: 1 } });
    // A no-op update reports updated: 0, as CloudBase (nModified) does.
    expect((await c.updateDoc('c', 'u', { $set: { n: 3 } })).data).toEqual({ updated: 0 });
    expect((await c.updateDoc('c', 'missing', { $set: { n: 3 } })).data).toEqual({ updated: 0 });
    expect((await c.updateDoc('c', 'u', { $set: { _id: 'other' } })).code).toBe('DATABASE_REQUEST_FAILED');
  });

  test('set (merge:false) replaces the document; upsert creates it with the query _id', async () => {
    await c.add('c', { _id: 'r', a: 1, b: 2 });
    const set = (id: string, data: unknown) => c.ok({ action: 'database.modifyDocument', collectionName: 'c', queryType: 'DOC', multi: false, merge: false, upsert: true, query: ej({ _id: id }), data: ej(data) });
    expect((await set('r', { c: 3 })).data).toEqual({ updated: 1 });
    expect(await c.doc('c', 'r')).toEqual({ _id: 'r', c: 3 });
    expect((await set('new', { z: 1 })).data).toEqual({ updated: 0, upsert_id: 'new' });
    expect(await c.doc('c', 'new')).toEqual({ _id: 'new', z: 1 });
  });

  test('where-update (multi) and where-remove; DOC remove', async () => {
    await c.add('c', { _id: '1', a: 1, n: 0 }, { _id: '2', a: 1, n: 0 }, { _id: '3', a: 2, n: 0 });
    expect(await c.update('c', { a: 1 }, { $inc: { n: 2 } })).toEqual({ updated: 2 });
    expect(await c.update('c', { a: 1 }, { $inc: { n: 1 } }, { multi: false })).toEqual({ updated: 1 });
    expect((await c.where('c', {}, { order: ej({ _id: 1 }) })).map((d) => d.n)).toEqual([3, 2, 0]);
    expect((await c.ok({ action: 'database.removeDocument', collectionName: 'c', queryType: 'WHERE', multi: true, query: ej({ a: 1 }) })).data).toEqual({ deleted: 2 });
    expect((await c.ok({ action: 'database.removeDocument', collectionName: 'c', queryType: 'DOC', multi: false, query: ej({ _id: '3' }) })).data).toEqual({ deleted: 1 });
    expect(await c.where('c', {})).toEqual([]);
  });

  test('aggregation: match/group/sort/project/limit/skip/lookup/unwind/count/addFields', async () => {
    await c.add('c', { k: 'a', n: 1, tags: ['x', 'y'] }, { k: 'a', n: 2, tags: ['x'] }, { k: 'b', n: 5, tags: [] }, { k: 'c', n: 0, tags: ['z'] });
    await c.add('d', { k: 'a', label: 'A' }, { k: 'b', label: 'B' });
    const grouped = await c.aggregate('c', [
      { $match: { n: { $gte: 1 } } }, { $group: { _id: '$k', total: { $sum: '$n' } } }, { $sort: { total: -1 } },
      { $lookup: { from: 'd', localField: '_id', foreignField: 'k', as: 'ds' } }, { $project: { total: 1, label: { $arrayElemAt: ['$ds.label', 0] } } }, { $limit: 5 },
    ]);
    expect(grouped).toEqual([{ _id: 'b', total: 5, label: 'B' }, { _id: 'a', total: 3, label: 'A' }]);
    expect(await c.aggregate('c', [{ $unwind: '$tags' }, { $sortByCount: '$tags' }, { $sort: { count: -1, _id: 1 } }, { $skip: 1 }])).toEqual([{ _id: 'y', count: 1 }, { _id: 'z', count: 1 }]);
    expect(await c.aggregate('c', [{ $match: { k: 'a' } }, { $count: 'total' }])).toEqual([{ total: 2 }]);
    await c.aggregate('c', [{ $addFields: { 'meta.x': 1 } }]);
    expect((await c.where('c', { meta: { $exists: true } }))).toHaveLength(0);
    expect((await c.call({ action: 'database.aggregateDocuments', collectionName: 'c', stages: [{ stageKey: '$lookup', stageValue: ej({ from: 'nope', localField: 'k', foreignField: 'k', as: 'x' }) }] })).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
  });

  test('stored documents are not mutated by reads or by update values', async () => {
    await c.add('c', { _id: 'm', arr: [1] });
    const before = await c.doc('c', 'm');
    await c.updateDoc('c', 'm', { $push: { arr: 2 } });
    expect(before.arr).toEqual([1]);
    expect((await c.doc('c', 'm')).arr).toEqual([1, 2]);
  });
});

describe('emulated database: geo', () => {
  const c = client();
  const pt = (lng: number, lat: number) => ({ type: 'Point', coordinates: [lng, lat] });
  beforeAll(async () => {
    c.db.ensureCollection('places', [{ name: 'loc', keys: [{ name: 'loc', direction: '2dsphere' }] }]);
    c.db.ensureCollection('unindexed');
    await c.add('unindexed', { _id: 'x', loc: pt(113.3, 23.1) });
    // Along a parallel at 23.1°N, 0.001° of longitude ≈ 102 m.
    await c.add('places',
      { _id: 'far', loc: pt(113.31, 23.1), kind: 'a' },
      { _id: 'near', loc: pt(113.3005, 23.1), kind: 'b' },
      { _id: 'mid', loc: pt(113.303, 23.1), kind: 'a' },
      { _id: 'nowhere', kind: 'a' });
  });
  afterAll(() => c.db.close());
  const near = (extra: Record<string, unknown> = {}) => ({ loc: { $nearSphere: { $geometry: pt(113.3, 23.1), ...extra } } });

  test('$nearSphere orders nearest first, an orderBy re-sorts the matches (as MongoDB), honours max/min distance', async () => {
    expect((await c.where('places', near())).map((d) => d._id)).toEqual(['near', 'mid', 'far']);
    expect((await c.where('places', near(), { order: ej({ _id: 1 }) })).map((d) => d._id)).toEqual(['far', 'mid', 'near']);
    // Ties in the sort keep the distance order; skip and limit apply after the sort.
    expect((await c.where('places', near(), { order: ej({ kind: 1 }) })).map((d) => d._id)).toEqual(['mid', 'far', 'near']);
    expect((await c.where('places', near(), { order: ej({ kind: 1 }), offset: 1, limit: 1 })).map((d) => d._id)).toEqual(['far']);
    expect((await c.where('places', near({ $maxDistance: 500 }))).map((d) => d._id)).toEqual(['near', 'mid']);
    expect((await c.where('places', near({ $maxDistance: 5000, $minDistance: 100 }))).map((d) => d._id)).toEqual(['mid', 'far']);
    expect((await c.where('places', { ...near(), kind: 'a' }, { limit: 1 })).map((d) => d._id)).toEqual(['mid']);
  });

  test('$geoWithin polygon / multipolygon / centerSphere and $geoIntersects', async () => {
    const box = { type: 'Polygon', coordinates: [[[113.299, 23.09], [113.305, 23.09], [113.305, 23.11], [113.299, 23.11], [113.299, 23.09]]] };
    expect((await c.where('places', { loc: { $geoWithin: { $geometry: box } } })).map((d) => d._id).sort()).toEqual(['mid', 'near']);
    const multi = { type: 'MultiPolygon', coordinates: [box.coordinates, [[[113.309, 23.09], [113.311, 23.09], [113.311, 23.11], [113.309, 23.11], [113.309, 23.09]]]] };
    expect((await c.where('places', { loc: { $geoWithin: { $geometry: multi } } })).map((d) => d._id).sort()).toEqual(['far', 'mid', 'near']);
    // 400 m in radians of the 6 378 100 m sphere.
    expect((await c.where('places', { loc: { $geoWithin: { $centerSphere: [[113.3, 23.1], 400 / 6378100] } } })).map((d) => d._id).sort()).toEqual(['mid', 'near']);
    expect((await c.where('places', { loc: { $geoIntersects: { $geometry: box } } })).map((d) => d._id).sort()).toEqual(['mid', 'near']);
  });

  test('a geo query on a field without a 2dsphere index fails as MongoDB/CloudBase fail it', async () => {
    const nearX = { loc: { $nearSphere: { $geometry: pt(113.3, 23.1) } } };
    await expect(c.where('unindexed', nearX)).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('unable to find index for $geoNear query') });
    await expect(c.where('places', { other: { $nearSphere: { $geometry: pt(113.3, 23.1) } } })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    await expect(c.where('unindexed', { loc: { $geoWithin: { $centerSphere: [[113.3, 23.1], 0.01] } } })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('2dsphere') });
    await expect(c.aggregate('unindexed', [{ $geoNear: { distanceField: 'd', spherical: true, near: pt(113.3, 23.1) } }, { $limit: 5 }]))
      .rejects.toMatchObject({ message: expect.stringContaining('$geoNear requires a 2d or 2dsphere index') });
    await expect(c.aggregate('places', [{ $geoNear: { distanceField: 'd', spherical: true, near: pt(113.3, 23.1), key: 'other' } }, { $limit: 5 }]))
      .rejects.toMatchObject({ message: expect.stringContaining('unable to find index for $geoNear query') });
  });

  test('aggregation $geoNear adds the distance, filters by query and bounds, sorts', async () => {
    const out = await c.aggregate('places', [
      { $geoNear: { distanceField: 'dist', spherical: true, near: pt(113.3, 23.1), maxDistance: 2000, query: { kind: 'a' } } },
      { $project: { dist: 1 } },
    ]);
    expect(out.map((d) => d._id)).toEqual(['mid', 'far']);
    expect(out[0].dist).toBeGreaterThan(250);
    expect(out[0].dist).toBeLessThan(370);
  });
});

test('EJSON canonical output is what the SDK parses', async () => {
  const c = client();
  c.db.ensureCollection('c');
  await c.add('c', { _id: 'e', i: 1, f: 2.5 });
  const r = await c.ok({ action: 'database.getDocument', collectionName: 'c', queryType: 'DOC', query: ej({ _id: 'e' }) });
  expect(r.data.list[0]).toBe('{"_id":"e","i":{"$numberInt":"1"},"f":{"$numberDouble":"2.5"}}');
  expect(EJSON.parse(r.data.list[0])).toEqual({ _id: 'e', i: 1, f: 2.5 });
  c.db.close();
});
