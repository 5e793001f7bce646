// The database's own sort orders documents exactly as mingo's $sort (BSON order, missing as null),
// which it replaced for speed. Ties are in insertion order (MongoDB leaves their order open; mingo
// reverses groups of equal values under a descending key), so the oracle comparison ends on _id.
import fc from 'fast-check';
import { Query } from 'mingo';
import { sortStable } from '../../../emulator/db/query';

const value = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('a', 'b', 'B', '', '甲'),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: 0, max: 3 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n))),
  // Sub-documents are left out: mingo's compare of two objects is not an order (it can answer 1
  // both ways), and no query here sorts on one.
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
);
const doc = fc.record({ a: value, b: value, n: fc.record({ c: value }, { requiredKeys: [] }) }, { requiredKeys: [] });

test('random documents sort as mingo sorts them, on one key and on several', () => {
  fc.assert(
    fc.property(
      fc.array(doc, { maxLength: 12 }),
      fc.subarray(['a', 'b', 'n.c'], { minLength: 1 }),
      fc.array(fc.constantFrom(1, -1), { minLength: 3, maxLength: 3 }),
      (raw, keys, dirs) => {
        const docs = raw.map((d, i) => ({ _id: `d${i}`, ...d }));
        const order = { ...Object.fromEntries(keys.map((k, i) => [k, dirs[i]])), _id: 1 } as Record<string, 1 | -1>;
        const expected = new Query({}).find<{ _id: string }>(docs).sort(order).all().map((d) => d._id);
        expect(sortStable(docs, order).map((d) => d._id)).toEqual(expected);
      },
    ),
    { numRuns: 1000 },
  );
});

test('ties keep insertion order, whatever the direction', () => {
  const docs = [{ _id: 'x', a: 1 }, { _id: 'y' }, { _id: 'z', a: null }, { _id: 'w', a: 1 }];
  expect(sortStable(docs, { a: -1 }).map((d) => d._id)).toEqual(['x', 'w', 'y', 'z']);
  expect(sortStable(docs, { a: 1 }).map((d) => d._id)).toEqual(['y', 'z', 'x', 'w']);
});
