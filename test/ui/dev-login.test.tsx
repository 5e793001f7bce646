import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import DevAccountPicker from '../../src/components/dev-account-picker';
import { DEMO_ACCOUNTS } from '../../src/components/dev-account-picker/accounts';
import DevLoginPage from '../../src/pages/dev-login';
import { getDevOpenid } from '../../src/services/dev-account';
import { getSession, resetSession } from '../../src/services/session';
import { login } from '../../src/services/user';
import { DEMO_ACCOUNTS as SEEDED } from '../../emulator/seed/accounts';
import { makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => require('./taro-mock'));
jest.mock('../../src/services/user', () => ({ login: jest.fn(), me: jest.fn(), updateProfile: jest.fn() }));

const loginMock = login as jest.Mock;

beforeEach(() => {
  resetTaroMock();
  resetSession();
  process.env.TARO_APP_DEV_LOGIN = '1';
});
afterAll(() => {
  delete process.env.TARO_APP_DEV_LOGIN;
});

describe('dev account picker (演示账号)', () => {
  it('lists the 9 demo accounts of the emulator seed', () => {
    const onPick = jest.fn();
    render(<DevAccountPicker onPick={onPick} />);
    expect(screen.getByText('选择演示账号')).toBeTruthy();
    const openids = DEMO_ACCOUNTS.map((a) => a.openid);
    expect(openids).toEqual([
      'demo-worker-1', 'demo-worker-2', 'demo-worker-3', 'demo-worker-4', 'demo-worker-5',
      'demo-merchant-1', 'demo-gridworker-1', 'demo-staff-1', 'demo-admin',
    ]);
    for (const a of DEMO_ACCOUNTS) expect(screen.getByTestId(`dev-account-${a.openid}`)).toBeTruthy();
    fireEvent.click(screen.getByText('网格员 周丽'));
    expect(onPick).toHaveBeenCalledWith('demo-gridworker-1');
  });

  it('matches the seeded accounts (openids and labels)', () => {
    expect(DEMO_ACCOUNTS.map((a) => [a.openid, a.label])).toEqual(SEEDED.map((a) => [a.openid, a.label]));
  });

  it('picking an account stores its openid, logs in and goes home', async () => {
    loginMock.mockResolvedValue(makeUser());
    render(<DevLoginPage />);
    fireEvent.click(screen.getByText('骑手 李明'));
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' }));
    expect(getDevOpenid()).toBe('demo-worker-1');
    expect(loginMock).toHaveBeenCalledTimes(1);
    expect(getSession()).toMatchObject({ status: 'ready', user: { openid: 'demo-worker-1' } });
  });

  it('stays on the picker with a toast when login fails', async () => {
    const { ApiCallError } = jest.requireActual('../../src/services/errors');
    loginMock.mockRejectedValue(new ApiCallError('NETWORK', '网络不太好，请稍后重试'));
    render(<DevLoginPage />);
    fireEvent.click(screen.getByText('区管理员 覃敏'));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络不太好，请稍后重试' })));
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });
});
