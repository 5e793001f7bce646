// Input errors name fields the way the screens do: every key of every contract schema has a Chinese
// label, and no error message carries a code-style field name.
import { z, type ZodTypeAny } from 'zod';
import fs from 'node:fs';
import path from 'node:path';
import * as admin from '../../../cloudfunctions/shared/contracts/admin';
import * as place from '../../../cloudfunctions/shared/contracts/place';
import * as points from '../../../cloudfunctions/shared/contracts/points';
import * as snapshot from '../../../cloudfunctions/shared/contracts/snapshot';
import * as user from '../../../cloudfunctions/shared/contracts/user';
import { fieldLabel, labelOf } from '../../../cloudfunctions/shared/isomorphic/field-labels';
import { inputError } from '../../../cloudfunctions/shared/zod-messages';

/** Every object key reachable from the contract modules' exported schemas, with one schema holding it. */
function contractKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  const seen = new Set<unknown>();
  const walk = (s: ZodTypeAny, where: string): void => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    const d = (s as unknown as { _def: Record<string, any> })._def;
    if (s instanceof z.ZodObject) {
      for (const [k, v] of Object.entries(s.shape as Record<string, ZodTypeAny>)) {
        if (!keys.has(k)) keys.set(k, where);
        walk(v, where);
      }
    } else if (s instanceof z.ZodEffects) walk(d.schema, where);
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodReadonly || s instanceof z.ZodCatch) walk(d.innerType, where);
    else if (s instanceof z.ZodArray) walk(d.type, where);
    else if (s instanceof z.ZodUnion || s instanceof z.ZodDiscriminatedUnion) for (const o of d.options) walk(o, where);
    else if (s instanceof z.ZodRecord) walk(d.valueType, where);
    else if (s instanceof z.ZodIntersection) {
      walk(d.left, where);
      walk(d.right, where);
    } else if (s instanceof z.ZodLazy) walk(d.getter(), where);
    else if (s instanceof z.ZodPipeline) {
      walk(d.in, where);
      walk(d.out, where);
    }
  };
  // Every contract module, so a new one is covered by itself.
  const dir = path.join(__dirname, '..', '..', '..', 'cloudfunctions', 'shared', 'contracts');
  const modules = Object.fromEntries(fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f.replace(/\.ts$/, ''), require(path.join(dir, f)) as Record<string, unknown>]));
  for (const [mod, exports] of Object.entries(modules)) {
    for (const [name, v] of Object.entries(exports)) if (v instanceof z.ZodType) walk(v as ZodTypeAny, `${mod}.${name}`);
  }
  return keys;
}

function errorOf(schema: z.ZodTypeAny, value: unknown) {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a refusal');
  return inputError(r.error);
}

test('every field of every contract schema has a Chinese label', () => {
  const keys = contractKeys();
  expect(keys.size).toBeGreaterThan(60);
  const unlabelled = [...keys].filter(([k]) => !labelOf(k) || !/[\u4e00-\u9fff]/.test(labelOf(k)!)).map(([k, where]) => `${k} (${where})`);
  expect(unlabelled).toEqual([]);
});

test('the points rules error names 每小时志愿积分, not perVolunteerHour', () => {
  const e = errorOf(points.updateRulesPayload, { perVolunteerHour: 5000 });
  expect(e.field).toBe('payload.perVolunteerHour');
  expect(e.message).toBe('「每小时志愿积分」每小时最多 1000 分');
  const t = errorOf(points.updateRulesPayload, { perVolunteerHour: '10' });
  expect(t.message).toBe('「每小时志愿积分」类型不正确');
});

test('built-in refusals get the label too, and a message that names its field stays as written', () => {
  expect(errorOf(admin.setBannedPayload, { openid: 'u1', banned: true }).message).toBe('「原因」必须填写');
  expect(errorOf(admin.setBannedPayload, { openid: 'u1', banned: true, reason: '好' }).message).toBe('请填写原因');
});

test('fields inside lists say which item', () => {
  expect(fieldLabel(['offers', 1, 'title'])).toBe('优惠第 2 项的标题');
  expect(fieldLabel(['photos', 0])).toBe('照片第 1 项');
  expect(fieldLabel(['constructor'])).toBe('提交的内容');
});

test('random payloads never produce a message with a code-style field name', () => {
  const schemas = [points.updateRulesPayload, admin.setBannedPayload, admin.grantRolePayload, user.updateProfilePayload, snapshot.submitPayload, place.applyPayload];
  const junk: unknown[] = [{}, { a: 1 }, { name: 42 }, { phone: [] }, { location: { lat: 'x' } }, { hours: -1 }, { offers: [{ title: 1 }] }, { perVolunteerHour: 1e9, dailyCap: 'x' }];
  for (const s of schemas) {
    for (const v of junk) {
      const r = s.safeParse(v);
      if (r.success) continue;
      const { message } = inputError(r.error);
      const known = [...contractKeys().keys()].filter((k) => k.length > 2);
      for (const k of known) expect({ message, k, has: new RegExp(`\\b${k}\\b`).test(message) }).toEqual({ message, k, has: false });
    }
  }
});

test('the audit screen names payload fields with the same words as input errors', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { changeRows } = require('../../../src/pkg-admin/audit/describe') as typeof import('../../../src/pkg-admin/audit/describe');
  const rows = changeRows({ target: { type: 'settings', id: 'points' }, before: { perVolunteerHour: 10, slaHours: 24 }, after: { perVolunteerHour: 12, slaHours: 48 } }, new Map());
  expect(rows.map((r) => r.label)).toEqual([fieldLabel(['perVolunteerHour']), fieldLabel(['slaHours'])]);
  expect(rows.map((r) => r.label)).toEqual(['每小时志愿积分', '处理时限（小时）']);
});

test('the audit screen gives statuses the words the functions use (an archived reward reads 已下架)', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { changeRows } = require('../../../src/pkg-admin/audit/describe') as typeof import('../../../src/pkg-admin/audit/describe');
  const reward = changeRows({ target: { type: 'reward', id: 'r1' }, before: { status: 'active' }, after: { status: 'archived' } }, new Map());
  expect(reward).toEqual([{ label: '状态', before: '已上架', after: '已下架' }]);
  const redemption = changeRows({ target: { type: 'redemption', id: 'x' }, before: { status: 'issued' }, after: { status: 'fulfilled' } }, new Map());
  expect(redemption).toEqual([{ label: '状态', before: '待使用', after: '已使用' }]);
});
