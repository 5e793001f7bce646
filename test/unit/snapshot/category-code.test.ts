// New categories get a generated code (people never type `bike_parking`): it passes the contract's
// rule for codes, and two made in the same millisecond differ by their random part.
import { upsertCategoryPayload } from '../../../cloudfunctions/shared/contracts/snapshot';
import { newCategoryCode } from '../../../src/pkg-snapshot/categories/code';

test('a generated category code is accepted by upsertCategory', () => {
  for (const [now, r] of [[Date.now(), Math.random()], [0, 0], [8.64e15, 0.999999]] as const) {
    const code = newCategoryCode(now, () => r);
    const parsed = upsertCategoryPayload.safeParse({ code, name: '共享单车乱停', points: 5, slaHours: 72, photoRequired: true, enabled: true, kind: 'issue' });
    expect({ code, ok: parsed.success }).toEqual({ code, ok: true });
  }
});

test('codes made at the same moment differ', () => {
  const now = Date.now();
  const codes = new Set(Array.from({ length: 200 }, () => newCategoryCode(now)));
  expect(codes.size).toBeGreaterThan(190);
});
