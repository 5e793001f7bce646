// Every index in database/collections.json must be one MongoDB (CloudBase) accepts for the documents
// this code writes: at most one array-valued field per compound index (else "cannot index parallel
// arrays" refuses the write), one 2dsphere key per collection that geo queries run on, unique names.
// Which fields are arrays is read from real documents: the demo district seeded into the emulator,
// then a report walked through its whole life by the functions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { uploadDirFor } from '../../cloudfunctions/shared/domain/report';
import type { IndexDecl } from '../../database/collections';
import { registerIndexes } from '../../emulator/db/indexes';
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

jest.setTimeout(120_000);

type Index = IndexDecl;
const ROOT = path.join(__dirname, '..', '..');
const declared = (JSON.parse(readFileSync(path.join(ROOT, 'database', 'collections.json'), 'utf8')) as { collections: Array<{ name: string; indexes: Index[] }> }).collections;

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await seedDemo(emu.app);
  // A report through its whole life, written by the functions themselves.
  const who = 'idx-worker';
  await emu.call(who, 'user', 'login', {});
  const res = await fetch(`${emu.url}/api/storage/upload?path=${encodeURIComponent(`${uploadDirFor(who)}/idx.jpg`)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': who, 'content-type': 'image/jpeg' },
    body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]),
  });
  const photo = ((await res.json()) as { fileID: string }).fileID;
  const sub = await emu.call(who, 'snapshot', 'submit', { kind: 'issue', category: 'road_damage', description: '路灯不亮', photos: [photo], location: { lat: 23.112, lng: 109.565 }, requestId: 'idx-report-0001' });
  expect(sub.error).toBeUndefined();
  expect((await emu.call('demo-staff-1', 'snapshot', 'review', { id: sub.data.id, decision: 'accept' })).ok).toBe(true);
  expect((await emu.call('demo-staff-1', 'snapshot', 'dispatch', { id: sub.data.id, assignee: 'demo-gridworker-1' })).ok).toBe(true);
}, 120_000);
afterAll(() => emu.close());

async function allDocs(collection: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await emu.app.database().collection(collection).skip(skip).limit(1000).get();
    out.push(...(res.data as Array<Record<string, unknown>>));
    if (res.data.length < 1000) return out;
  }
}

/** Every path in `doc` whose value is an array (inside arrays of objects too: `photos`, `photos.x`). */
function arrayPaths(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    if (prefix) out.add(prefix);
    for (const item of value) arrayPaths(item, prefix, out);
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) arrayPaths(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** The array a key runs through, if any; a 2dsphere key's own value (GeoJSON) is not one. */
function arrayOf(key: { name: string; direction: string }, arrays: Set<string>): string | null {
  const parts = key.name.split('.');
  const upTo = key.direction === '2dsphere' ? parts.length - 1 : parts.length;
  for (let i = 1; i <= upTo; i++) {
    const p = parts.slice(0, i).join('.');
    if (arrays.has(p)) return p;
  }
  return null;
}

test('the documents the code writes fill every collection that has compound indexes', async () => {
  for (const c of declared.filter((c) => c.indexes.some((i) => i.keys.length > 1))) {
    expect([c.name, (await allDocs(c.name)).length > 0]).toEqual([c.name, true]);
  }
});

test.each(declared.map((c) => [c.name, c] as const))('%s: no compound index over two array fields in any written document', async (_name, c) => {
  const docs = await allDocs(c.name);
  const bad: string[] = [];
  for (const doc of docs) {
    const arrays = arrayPaths(doc);
    for (const index of c.indexes) {
      const hit = [...new Set(index.keys.map((k) => arrayOf(k, arrays)).filter(Boolean))];
      if (hit.length > 1) bad.push(`${index.name}: [${hit.join('] [')}] in ${String(doc._id)}`);
    }
  }
  expect(bad).toEqual([]);
});

test('index names are unique within each collection, and none is the reserved _id_', () => {
  for (const c of declared) {
    const names = c.indexes.map((i) => i.name);
    expect([c.name, names.length]).toEqual([c.name, new Set(names).size]);
    expect(names).not.toContain('_id_');
    for (const i of c.indexes) expect(i.keys.length).toBeGreaterThan(0);
  }
});

/** The fields geo queries run on, read from the code (`x: _.geoNear(…)`, `geoIntersects`, `geoWithin`, and the geoNear stage's `key`). */
function geoFieldsInCode(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(path.join(ROOT, 'cloudfunctions'));
  const fields = new Set<string>();
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/['"]?([\w.]+)['"]?\s*:\s*_\.geo(?:Near|Within|Intersects)\(/g)) fields.add(m[1]);
    for (const m of src.matchAll(/\.geoNear\(\{[^}]*\bkey:\s*'([\w.]+)'/g)) fields.add(m[1]);
  }
  return [...fields].sort();
}

test('every field a geo query runs on has a 2dsphere index, and no collection has two 2dsphere keys', () => {
  const geo = geoFieldsInCode();
  expect(geo.length).toBeGreaterThan(0);
  const geoKeys = declared.map((c) => ({ name: c.name, keys: c.indexes.flatMap((i) => i.keys.filter((k) => k.direction === '2dsphere').map((k) => k.name)) }));
  for (const field of geo) expect([field, geoKeys.some((c) => c.keys.includes(field))]).toEqual([field, true]);
  for (const c of geoKeys) expect([c.name, new Set(c.keys).size <= 1]).toEqual([c.name, true]);
});

describe('the emulator refuses what MongoDB refuses', () => {
  beforeAll(() => {
    registerIndexes('idx_parallel', [{ name: 'a_b', keys: [{ name: 'a', direction: '1' }, { name: 'b.c', direction: '1' }] }]);
  });

  it('refuses to insert a document with arrays under two keys of one index, and stores nothing', async () => {
    const col = emu.app.database().collection('idx_parallel');
    await emu.app.database().createCollection('idx_parallel');
    await expect(col.add({ _id: 'two', a: [1, 2], b: { c: ['x'] } })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('cannot index parallel arrays [b.c] [a]') });
    expect((await col.doc('two').get()).data).toEqual([]);
    // One array per index is fine, either one.
    await col.add({ _id: 'one-a', a: [1, 2], b: { c: 'x' } });
    await col.add({ _id: 'one-b', a: 1, b: { c: ['x', 'y'] } });
  });

  it('refuses an update that makes a second key an array, and the document stays as it was', async () => {
    const col = emu.app.database().collection('idx_parallel');
    await expect(col.doc('one-a').update({ 'b.c': ['y'] })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    expect((await col.doc('one-a').get()).data[0]).toMatchObject({ a: [1, 2], b: { c: 'x' } });
  });

  it('refuses the write inside a transaction, and the transaction changes nothing', async () => {
    const db = emu.app.database();
    await expect(
      db.runTransaction(async (tx: any) => {
        await tx.collection('idx_parallel').doc('one-b').update({ a: [3, 4] });
        await tx.collection('idx_parallel').add({ _id: 'tx-side', a: 1, b: { c: 'z' } });
      }),
    ).rejects.toBeTruthy();
    expect((await db.collection('idx_parallel').doc('one-b').get()).data[0]).toMatchObject({ a: 1 });
    expect((await db.collection('idx_parallel').doc('tx-side').get()).data).toEqual([]);
  });
});
