// Payload generators shaped like an action's zod schema, with hostile leaves: wrong types, operator
// objects where strings belong, NaN and Infinity, huge strings, unicode, empty and 10,000-element
// arrays. Shaped payloads get past the outer checks and reach the inner ones.
import fc from 'fast-check';
import { z, type ZodTypeAny } from 'zod';

/** Marks operator objects, so a test can tell a client's operator from the server's own queries. */
export const OPERATOR_MARK = 'FUZZ-OP';
export const OPERATOR_VALUES = [{ $gt: '' }, { _id: { $ne: OPERATOR_MARK } }, { $where: OPERATOR_MARK }, { $regex: OPERATOR_MARK }, { $ne: OPERATOR_MARK }, { $gt: OPERATOR_MARK }];
const hugeString = 'x'.repeat(100_000);
const hugeArray = Array.from({ length: 10_000 }, (_, i) => i);

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...OPERATOR_VALUES, hugeString, hugeArray, [], {}, null, true, -1, 0, 1e308, Number.NaN, Number.POSITIVE_INFINITY, '', ' ', '\u0000', '💥𝕏\u202e', '<script>alert(1)</script>'),
  fc.string({ maxLength: 30 }),
  fc.double(),
  fc.integer(),
);

function unwrap(s: ZodTypeAny): ZodTypeAny {
  let cur = s;
  for (;;) {
    if (cur instanceof z.ZodEffects) cur = cur.innerType();
    else if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable) cur = cur.unwrap();
    else if (cur instanceof z.ZodDefault) cur = cur._def.innerType;
    else return cur;
  }
}

/** A generator for values shaped by `schema`, each leaf sometimes valid-looking, sometimes hostile. */
export function shaped(schema: ZodTypeAny, depth = 0): fc.Arbitrary<unknown> {
  const s = unwrap(schema);
  if (depth > 4) return hostileLeaf;
  if (s instanceof z.ZodObject) {
    const shape = s.shape as Record<string, ZodTypeAny>;
    const entries = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, fc.oneof({ weight: 3, arbitrary: shaped(v, depth + 1) }, { weight: 1, arbitrary: hostileLeaf })]));
    return fc.record(entries, { requiredKeys: [] }).chain((obj) =>
      // Sometimes an extra key: identity claims and operators at the top level.
      fc.oneof(fc.constant(obj), fc.constant({ ...obj, openid: 'someone-else', $where: OPERATOR_MARK }), fc.constant({ ...obj, _id: { $ne: OPERATOR_MARK } })),
    );
  }
  if (s instanceof z.ZodArray) return fc.oneof(fc.array(shaped(s.element, depth + 1), { maxLength: 3 }), fc.constant([]), fc.constant(hugeArray), hostileLeaf);
  if (s instanceof z.ZodEnum) return fc.oneof(fc.constantFrom(...(s.options as string[])), hostileLeaf);
  if (s instanceof z.ZodLiteral) return fc.oneof(fc.constant(s.value), hostileLeaf);
  if (s instanceof z.ZodString) return fc.oneof(fc.string({ maxLength: 20 }), fc.fullUnicodeString({ maxLength: 20 }), hostileLeaf);
  if (s instanceof z.ZodNumber) return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), hostileLeaf);
  if (s instanceof z.ZodBoolean) return fc.oneof(fc.boolean(), hostileLeaf);
  if (s instanceof z.ZodUnion || s instanceof z.ZodDiscriminatedUnion) {
    const options = (s as z.ZodUnion<[ZodTypeAny, ...ZodTypeAny[]]>).options as ZodTypeAny[];
    return fc.oneof(...options.map((o) => shaped(o, depth + 1)), hostileLeaf);
  }
  return hostileLeaf;
}

/** Whole-payload generator: shaped, or not an object at all. */
export function hostilePayload(schema: ZodTypeAny): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: shaped(schema) }, { weight: 1, arbitrary: hostileLeaf }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) });
}

/**
 * A well-formed payload with a harmless change: the valid payload itself, or with some of its keys
 * left out where the schema still accepts it. These get through validation to the use-case.
 */
export function wellFormedVariant(valid: Record<string, unknown>, schema: ZodTypeAny): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  return fc.subarray(keys).map((drop) => {
    const variant = Object.fromEntries(Object.entries(valid).filter(([k]) => !drop.includes(k)));
    return schema.safeParse(variant).success ? variant : valid;
  });
}
