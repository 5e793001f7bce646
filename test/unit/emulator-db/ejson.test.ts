// The database writes and reads EJSON itself for speed (emulator/db/ejson.ts); bson's EJSON is the
// reference: over random documents — the values documents hold, the wrapped types the SDK sends,
// query operators and CloudBase's serverDate — both give the same text and the same values.
import fc from 'fast-check';
import { EJSON } from 'bson';
import { parse, parseWithBson, stringify } from '../../../emulator/db/ejson';

const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.constantFrom(0, -0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 2 ** 63, 1e21, 0.1, NaN, Infinity, -Infinity),
  fc.maxSafeInteger(),
);
const leaf = fc.oneof(
  number,
  fc.string(),
  fc.fullUnicodeString({ maxLength: 6 }),
  fc.constantFrom('甲乙', '', '$gt', 'a"b\\c\n'),
  fc.boolean(),
  fc.constant(null),
  fc.date({ min: new Date(-1e13), max: new Date(3e14) }),
  fc.constantFrom(/ab+c/i, /^甲/m, /x/su),
);
// Type-wrapper keys ($date, $numberInt …) over random values are left to the wrappers below: bson
// reads {"$date": [ … ]} as the current time, which no second reading repeats.
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('_id', 'a.b', '$gt', '$in', '$tcb_server_date', '$regex', '$options', 'offset', '__proto__'));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
}));

/** Values compared by what they hold: an invalid Date equals another (jest's toEqual says NaN ≠ NaN). */
function canon(v: unknown): unknown {
  if (v instanceof Date) return { date: String(v.getTime()) };
  if (v instanceof RegExp) return { regexp: String(v) };
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canon(x)]));
  return Object.is(v, -0) ? { negativeZero: true } : v;
}

test('stringify writes what bson writes (canonical EJSON)', () => {
  fc.assert(
    fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (doc) => {
      expect(stringify(doc)).toBe(EJSON.stringify(doc, { relaxed: false }));
    }),
    { numRuns: 2000 },
  );
});

test('parse reads what bson reads, from canonical and relaxed texts and from hand-made wrappers', () => {
  const wrapper = fc.oneof(
    fc.integer().map((n) => ({ $numberInt: String(n) })),
    fc.double().map((n) => ({ $numberDouble: String(n) })),
    fc.maxSafeInteger().map((n) => ({ $numberLong: String(n) })),
    fc.constantFrom({ $numberLong: '9223372036854775807' }, { $numberInt: '1', x: 1 }, { $numberInt: '1.5' }, { $oid: '5f0a1b2c3d4e5f6a7b8c9d0E' }, { $oid: 'zz' }),
    fc.date({ min: new Date(0), max: new Date(3e14) }).map((d) => ({ $date: d.toISOString() })),
    fc.integer({ min: 0, max: 2 ** 40 }).map((n) => ({ $date: { $numberLong: String(n) } })),
    fc.constantFrom({ $regularExpression: { pattern: 'a+', options: 'mi' } }, { $regularExpression: { pattern: 'a', options: 'g' } }, { $regex: 'x', $options: 'i' }),
    fc.integer({ min: -5000, max: 5000 }).map((n) => ({ $tcb_server_date: { offset: { $numberInt: String(n) } } })),
    fc.constantFrom({ $tcb_server_date: null }, { $date: null }, { $undefined: true }, { $numberDecimal: '1.5' }, { $gt: { $numberInt: '3' } }, { $in: [{ $numberInt: '1' }, 'a'] }),
  );
  const now = Date.UTC(2026, 11, 2, 4, 0, 0);
  fc.assert(
    fc.property(fc.dictionary(key, fc.oneof(value, wrapper), { maxKeys: 6 }), fc.boolean(), (doc, relaxed) => {
      // Texts the SDK might send: bson's own encodings of the document (hand-made wrappers pass through them as objects).
      const text = EJSON.stringify(doc, { relaxed });
      // A text bson cannot read (e.g. {"$regex": "["}) must fail here too.
      const outcome = (read: typeof parse) => {
        try {
          return canon(read(text, now));
        } catch {
          return 'refused';
        }
      };
      expect(outcome(parse)).toEqual(outcome(parseWithBson));
    }),
    { numRuns: 2000 },
  );
});
