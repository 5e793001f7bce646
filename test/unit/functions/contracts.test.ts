import { z } from 'zod';
import { grantRolePayload } from '../../../cloudfunctions/shared/contracts/admin';
import { updateProfilePayload } from '../../../cloudfunctions/shared/contracts/user';
import { inputError } from '../../../cloudfunctions/shared/zod-messages';

function errorOf(schema: z.ZodTypeAny, value: unknown) {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a refusal');
  return inputError(r.error);
}

describe('payload validation speaks Chinese and names the field', () => {
  it('names a bad phone number', () => {
    const e = errorOf(updateProfilePayload, { phone: '123' });
    expect(e.code).toBe('INPUT.INVALID');
    expect(e.field).toBe('payload.phone');
    expect(e.message).toContain('11 位手机号');
  });
  it('refuses unknown fields by name', () => {
    const e = errorOf(updateProfilePayload, { name: '李明', role: 'admin' });
    expect(e.field).toBe('payload');
    expect(e.message).toContain('角色');
  });
  it('explains a wrong type in Chinese', () => {
    const e = errorOf(updateProfilePayload, { name: 42 });
    expect(e.field).toBe('payload.name');
    expect(e.message).toMatch(/类型不正确/);
  });
  it('requires a scope for staff and grid workers, not for admins', () => {
    expect(errorOf(grantRolePayload, { openid: 'u1', role: 'staff' }).field).toBe('payload.scope');
    expect(grantRolePayload.safeParse({ openid: 'u1', role: 'admin' }).success).toBe(true);
  });
  it('refuses operator objects where a string is expected', () => {
    expect(errorOf(grantRolePayload, { openid: { $ne: null }, role: 'admin' }).field).toBe('payload.openid');
  });
});
