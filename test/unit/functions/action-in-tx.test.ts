// The entry's guard for actions that identify their caller inside their own transaction
// (runtime/handler.ts actionInTx): one that never asks who is calling answers nobody. Real actions
// are walked by the authorization matrix (test/integration/authz-matrix.test.ts); this is the
// mistake the matrix would only catch for a caller it happens to refuse.
import { z } from 'zod';
import { actionInTx, createFunction } from '../../../cloudfunctions/shared/runtime/handler';

const saved = { ...process.env };
beforeAll(() => {
  process.env.TENCENTCLOUD = 'true';
  process.env.TCB_ENV = 'unit-env';
  // As the platform sets them: the SDK reads the caller from the keys WX_CONTEXT_KEYS names.
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID';
  process.env.WX_OPENID = 'unit-rider';
});
afterAll(() => {
  process.env = saved;
});

test('an actionInTx that never identified its caller is answered with INTERNAL, not its data', async () => {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  // `points.redeem` has a policy row; the action below stands in for a use-case that forgot to identify.
  const main = createFunction('points', { redeem: actionInTx(z.object({ rewardId: z.string() }), async () => ({ secret: 'given away' })) });
  const reply = await main({ action: 'redeem', payload: { rewardId: 'rw-1' } });
  expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务繁忙，请稍后重试' } });
  expect(String(errors.mock.calls[0]?.[1])).toContain('never identified its caller');
  errors.mockRestore();
});
