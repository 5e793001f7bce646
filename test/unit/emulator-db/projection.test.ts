// Inclusion projections, done by hand for speed, follow MongoDB's rules, and never hand out the
// stored objects along a projected path.
import { project } from '../../../emulator/db/query';

const stored = { _id: 'p1', name: '驿站', a: { b: 1, c: { e: 2, f: 3 } }, tags: [{ k: 1, v: 2 }, { k: 3 }], n: null };

test('top-level fields, with _id unless excluded', () => {
  expect(project([stored], { name: true, n: 1 })).toEqual([{ _id: 'p1', name: '驿站', n: null }]);
  expect(project([stored], { name: true, _id: false })).toEqual([{ name: '驿站' }]);
});

test('dotted paths keep the structure around the selected field', () => {
  expect(project([stored], { 'a.b': true, 'a.c.f': true })).toEqual([{ _id: 'p1', a: { b: 1, c: { f: 3 } } }]);
});

test('absent fields are left out; an existing parent of an absent field stays as {} (MongoDB, where mingo differs)', () => {
  expect(project([stored], { missing: true, _id: 0 })).toEqual([{}]);
  expect(project([stored], { 'a.zz': true, _id: 0 })).toEqual([{ a: {} }]);
  expect(project([stored], { 'name.zz': true, _id: 0 })).toEqual([{}]);
});

test('a path through an array is projected element by element (the general rules)', () => {
  expect(project([stored], { 'tags.k': true, _id: 0 })).toEqual([{ tags: [{ k: 1 }, { k: 3 }] }]);
});

test('a projected sub-document is a fresh object, not the stored one', () => {
  const [out] = project([stored], { 'a.b': true });
  (out.a as Record<string, unknown>).b = 99;
  expect(stored.a.b).toBe(1);
});

test('_id named explicitly, as the SDK sends field({ _id: true, … })', () => {
  expect(project([stored], { _id: 1, name: 1 })).toEqual([{ _id: 'p1', name: '驿站' }]);
});
