// The reward form marks the field that stops the save and scrolls to it (the name sits far above the
// button), refuses an over-long name with its count instead of cutting it, and marks the field a
// refusal from the function names.
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import RewardsPage from '../../src/pkg-points/rewards';
import { ApiCallError } from '../../src/services/errors';
import { manageRewards, upsertReward } from '../../src/services/points';
import { resetSession, setUser } from '../../src/services/session';
import { makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => require('./taro-mock'));
jest.mock('../../src/services/points', () => ({ ...jest.requireActual('../../src/services/points'), manageRewards: jest.fn(), upsertReward: jest.fn() }));
jest.mock('../../src/services/call', () => ({ call: jest.fn(async () => ({ items: [], nextCursor: null })) }));

const typeInto = (testId: string, value: string) => {
  const box = screen.getByTestId(testId);
  fireEvent.input(box.querySelector('input') ?? box, { target: { value }, detail: { value } });
};

beforeEach(() => {
  resetTaroMock();
  resetSession();
  setUser(makeUser({ roles: ['worker', 'staff'], scopes: { staff: ['community-hecheng'], gridworker: [], merchant: [] } }));
  (manageRewards as jest.Mock).mockResolvedValue({ items: [], nextCursor: null });
});

test('an empty or over-long name is marked where it is, with the count; a refused field is marked too', async () => {
  render(<RewardsPage />);
  fireEvent.click(await screen.findByTestId('reward-new'));
  await act(async () => {
    fireEvent.click(screen.getByTestId('reward-save'));
  });
  expect(screen.getByTestId('reward-error-title').textContent).toBe('请填写奖励名称');
  expect(Taro.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#reward-field-title' }));
  expect(document.querySelector('#reward-field-title')?.className).toContain('rewards__field--invalid');

  const long = '冰镇酸梅汤一杯'.repeat(5); // 35 characters, over the 30 allowed
  typeInto('reward-input-title', long);
  expect(document.querySelector('#reward-field-title')?.textContent).toContain('35/30');
  await act(async () => {
    fireEvent.click(screen.getByTestId('reward-save'));
  });
  expect(screen.getByTestId('reward-error-title').textContent).toBe('奖励名称最多 30 个字，现在 35 个字');
  expect(upsertReward).not.toHaveBeenCalled();

  // The function refuses the cost: its field is marked, not a line at the bottom.
  typeInto('reward-input-title', '冰镇酸梅汤一杯');
  for (const [k, v] of [['cost', '15'], ['stock', '10'], ['perUserLimit', '1'], ['validDays', '7']]) typeInto(`reward-input-${k}`, v);
  (upsertReward as jest.Mock).mockRejectedValue(new ApiCallError('INPUT.INVALID', '「所需积分」不能超过 100000', 'payload.cost'));
  await act(async () => {
    fireEvent.click(screen.getByTestId('reward-save'));
  });
  expect(screen.getByTestId('reward-error-cost').textContent).toBe('「所需积分」不能超过 100000');
  expect(Taro.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#reward-field-cost' }));
});
