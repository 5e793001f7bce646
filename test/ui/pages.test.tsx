import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import IndexPage from '../../src/pages/index';
import MePage from '../../src/pages/me';
import { setDevOpenid } from '../../src/services/dev-account';
import { getSession, resetSession, setUser } from '../../src/services/session';
import { login } from '../../src/services/user';
import { makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => require('./taro-mock'));
jest.mock('../../src/services/user', () => ({
  login: jest.fn(),
  me: jest.fn(),
  updateProfile: jest.fn(),
  communities: jest.fn(async () => ({ items: [{ id: 'community-hecheng', name: '荷城社区', streetName: '港城街道' }], suggested: null })),
  exportMine: jest.fn(),
  deleteMe: jest.fn(),
}));
jest.mock('../../src/services/place', () => ({ ...jest.requireActual('../../src/services/place'), locate: jest.fn(async () => ({ location: { lat: 23.1, lng: 109.6 }, fallback: true })) }));

const loginMock = login as jest.Mock;

beforeEach(() => {
  resetTaroMock();
  resetSession();
  delete process.env.TARO_APP_DEV_LOGIN;
});

describe('home page', () => {
  it('logs in, shows a loading state, then greets the worker with quick entries and no staff cards', async () => {
    let finish!: (u: unknown) => void;
    loginMock.mockReturnValue(new Promise((r) => (finish = r)));
    render(<IndexPage />);
    expect(screen.getByText('正在登录')).toBeTruthy();
    await act(async () => finish(makeUser()));
    expect(screen.getByTestId('home-greeting').textContent).toBe('你好，李明');
    expect(screen.getByText('外卖骑手 · 美团')).toBeTruthy();
    for (const t of ['随手拍', '找驿站/商户', '积分兑换']) expect(screen.getByText(t)).toBeTruthy();
    expect(screen.queryByTestId('card-gridworker')).toBeNull();
    expect(screen.queryByTestId('card-staff')).toBeNull();
    fireEvent.click(screen.getByText('找驿站/商户'));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/map/index' });
  });

  it('shows 我的待办 to a grid worker and the 工作台 to staff, with the first tab renamed', () => {
    setUser(makeUser({ roles: ['worker', 'gridworker'] }, { name: '周丽' }));
    const { unmount } = render(<IndexPage />);
    expect(screen.getByText('我的待办')).toBeTruthy();
    expect(screen.getByText('网格员')).toBeTruthy();
    expect(screen.queryByText('工作台')).toBeNull();
    unmount();
    act(() => setUser(makeUser({ roles: ['worker', 'admin'] }, { name: '覃敏' })));
    render(<IndexPage />);
    expect(screen.getByText('工作台')).toBeTruthy();
    expect(screen.getByTestId('workbench')).toBeTruthy();
    expect(screen.queryByText('即将开放')).toBeNull();
    expect(Taro.setTabBarItem).toHaveBeenLastCalledWith({ index: 0, text: '工作台' });
  });

  it('offers a retry when login fails', async () => {
    const { ApiCallError } = jest.requireActual('../../src/services/errors');
    loginMock.mockRejectedValueOnce(new ApiCallError('NETWORK', '网络不太好，请稍后重试'));
    render(<IndexPage />);
    expect(await screen.findByText('登录没有成功')).toBeTruthy();
    expect(screen.getByText('网络不太好，请稍后重试')).toBeTruthy();
    loginMock.mockResolvedValueOnce(makeUser());
    fireEvent.click(screen.getByText('重新登录'));
    await waitFor(() => expect(screen.getByTestId('home-greeting')).toBeTruthy());
  });

  it('in the H5 dev build with no account picked, goes to the account picker first', async () => {
    process.env.TARO_APP_DEV_LOGIN = '1';
    render(<IndexPage />);
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/dev-login/index' }));
    expect(loginMock).not.toHaveBeenCalled();
    expect(getSession().status).toBe('needs-account');
  });
});

describe('我的 page', () => {
  it('shows the profile, edits it and keeps the saved user in the session', async () => {
    setUser(makeUser());
    const { updateProfile } = jest.requireMock('../../src/services/user');
    updateProfile.mockResolvedValue(makeUser({}, { name: '李明', workType: 'courier' }));
    render(<MePage />);
    expect(screen.getByTestId('me-name').textContent).toBe('李明');
    expect(screen.getByTestId('me-profile-worktype').textContent).toBe('外卖骑手');
    expect(screen.queryByText('切换账号')).toBeNull();
    fireEvent.click(screen.getByText('编辑资料'));
    fireEvent.click(screen.getByRole('radio', { name: '快递员' }));
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(screen.getByTestId('me-profile-worktype').textContent).toBe('快递员'));
    expect(getSession().user?.profile.workType).toBe('courier');
  });

  it('tags staff as staff only and shows them no rider rows (work type, platform, points, stars)', () => {
    setUser(makeUser({ roles: ['worker', 'staff'], scopes: { staff: ['community-hecheng'], gridworker: [], merchant: [] } }, { name: '韦强', workType: '', platform: '' }));
    render(<MePage />);
    expect(screen.getByTestId('me-roles').textContent).toBe('社区工作人员');
    expect(screen.queryByTestId('me-profile-worktype')).toBeNull();
    expect(screen.queryByTestId('me-profile-platform')).toBeNull();
    expect(screen.queryByTestId('me-profile-points')).toBeNull();
    expect(screen.getByTestId('me-profile-name').textContent).toBe('韦强');
  });

  it('offers 切换账号 in the dev build, which forgets the account and opens the picker', () => {
    process.env.TARO_APP_DEV_LOGIN = '1';
    setDevOpenid('demo-worker-1');
    setUser(makeUser());
    render(<MePage />);
    fireEvent.click(screen.getByText('切换账号'));
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/dev-login/index' });
    expect(Taro.getStorageSync('dev.openid')).toBe('');
  });
});
