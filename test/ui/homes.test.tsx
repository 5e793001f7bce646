// Each role's home in jsdom: what it shows (counts, tasks, the place, the nearest station), where a
// tap goes, and that the figures are fetched again whenever the page is shown.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ReportSummary } from '../../cloudfunctions/shared/contracts/snapshot';
import IndexPage from '../../src/pages/index';
import MePage from '../../src/pages/me';
import { getSession, resetSession, setUser } from '../../src/services/session';
import { fireTaroEvent, makeReportSummary, makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

// Pages' useDidShow callbacks, so a test can "show the page again".
const shows: Array<() => void> = [];
jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.default.scanCode = jest.fn();
  mock.default.setClipboardData = jest.fn(async () => undefined);
  return { __esModule: true, ...mock, useDidShow: (cb: () => void) => shows.push(cb) };
});
jest.mock('../../src/services/snapshot', () => ({
  ...jest.requireActual('../../src/services/snapshot'),
  homeCounts: jest.fn(),
  tasks: jest.fn(),
  listMine: jest.fn(),
}));
jest.mock('../../src/services/place', () => ({
  ...jest.requireActual('../../src/services/place'),
  locate: jest.fn(async () => ({ location: { lat: 23.11, lng: 109.58 }, fallback: false })),
  mine: jest.fn(),
  nearby: jest.fn(),
}));
jest.mock('../../src/services/points', () => ({ ...jest.requireActual('../../src/services/points'), manageRewards: jest.fn() }));
jest.mock('../../src/services/user', () => ({
  ...jest.requireActual('../../src/services/user'),
  me: jest.fn(),
  communities: jest.fn(async () => ({ items: [{ id: 'community-hecheng', name: '荷城社区', streetName: '港城街道' }], suggested: null })),
  exportMine: jest.fn(),
  deleteMe: jest.fn(),
}));

const snapshot = jest.requireMock('../../src/services/snapshot') as Record<string, jest.Mock>;
const place = jest.requireMock('../../src/services/place') as Record<string, jest.Mock>;
const points = jest.requireMock('../../src/services/points') as Record<string, jest.Mock>;
const user = jest.requireMock('../../src/services/user') as Record<string, jest.Mock>;

const report = (id: string, over: Partial<ReportSummary> = {}): ReportSummary => makeReportSummary({ id, assigneeName: '周丽', ...over });

const showAgain = async () => {
  await act(async () => {
    for (const cb of [...shows]) cb();
  });
};

beforeEach(() => {
  resetTaroMock();
  resetSession();
  shows.length = 0;
  delete process.env.TARO_ENV;
  place.nearby.mockResolvedValue({ items: [], nextCursor: null });
  user.me.mockImplementation(async () => getSession().user);
});

describe('grid worker home', () => {
  it('shows open and overdue counts and the tasks, overdue first, each one tap from its report', async () => {
    setUser(makeUser({ openid: 'demo-gridworker-1', roles: ['worker', 'gridworker'] }, { name: '周丽' }));
    snapshot.homeCounts.mockResolvedValue({ toRate: 0, unread: 0, tasks: { open: 4, overdue: 2 }, feedback: null });
    snapshot.tasks.mockResolvedValue({ items: [report('t1', { overdue: true, dueAt: '2026-01-01T00:00:00.000Z' }), report('t2', { overdue: true }), report('t3')], nextCursor: null });
    render(<IndexPage />);
    await waitFor(() => expect(screen.getByTestId('home-count-open').textContent).toContain('4'));
    expect(screen.getByTestId('home-count-overdue').textContent).toContain('2');
    expect(screen.getByTestId('home-count-overdue').className).toContain('home-count--hot');
    const rows = await screen.findAllByTestId('home-task');
    expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(['t1', 't2', 't3']);
    expect(rows[0].textContent).toContain('已超时');
    expect(rows[0].textContent).toContain('荷城一网格 · 荷城路 102 号');
    expect(snapshot.tasks).toHaveBeenCalledWith({ status: 'todo', pageSize: 5 }, { silent: true });
    expect(screen.queryByText('即将开放')).toBeNull();
    expect(screen.queryByTestId('home-points')).toBeNull();
    fireEvent.click(rows[1]);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pkg-snapshot/detail/index?id=t2' });

    // Back from resolving one: the counts and the list are fetched again.
    snapshot.homeCounts.mockResolvedValue({ toRate: 0, unread: 0, tasks: { open: 3, overdue: 1 }, feedback: null });
    snapshot.tasks.mockResolvedValue({ items: [report('t2', { overdue: true }), report('t3')], nextCursor: null });
    await showAgain(); // first show: the page's own load
    await showAgain();
    await waitFor(() => expect(screen.getByTestId('home-count-open').textContent).toContain('3'));
    expect(screen.getAllByTestId('home-task')).toHaveLength(2);
  });
});

describe('merchant home', () => {
  const merchant = () => setUser(makeUser({ openid: 'demo-merchant-1', roles: ['worker', 'merchant'] }, { name: '黄建国' }));
  beforeEach(() => {
    snapshot.homeCounts.mockResolvedValue({ toRate: 0, unread: 0, tasks: null, feedback: { open: 2 } });
    place.mine.mockResolvedValue({
      items: [{ id: 'p1', name: '黄记螺蛳粉', status: 'approved', openNow: true, statusText: '营业中 · 至 22:00', offers: [{ id: 'o1', title: '免费热水', detail: '', workerDiscount: '骑手 9 折' }], pendingChange: null }],
      nextCursor: null,
    });
    points.manageRewards.mockResolvedValue({ items: [{ id: 'w1', status: 'active' }, { id: 'w2', status: 'pending' }], nextCursor: null });
  });

  it('shows the place (status, open now, offers), feedback and rewards, each one tap', async () => {
    merchant();
    render(<IndexPage />);
    const card = await screen.findByTestId('home-place');
    expect(screen.getByTestId('home-place-status').textContent).toBe('已通过');
    expect(screen.getByTestId('home-place-open').textContent).toBe('营业中 · 至 22:00');
    expect(card.textContent).toContain('免费热水 · 骑手 9 折');
    await waitFor(() => expect(screen.getByTestId('home-count-feedback').textContent).toContain('2'));
    expect(screen.getByTestId('home-count-rewards').textContent).toContain('1 个待审核');
    // Not the rider home: no points hero, no 新手 level.
    expect(screen.queryByTestId('home-points')).toBeNull();
    expect(screen.queryByTestId('card-rider')).toBeNull();
    fireEvent.click(card);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pkg-place/detail/index?id=p1' });
    fireEvent.click(screen.getByTestId('home-count-feedback'));
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pkg-snapshot/feedback/index' });
    fireEvent.click(screen.getByTestId('home-count-rewards'));
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pkg-points/rewards/index' });
    // The quick entries speak a merchant's work: 核销, not 积分兑换.
    expect(screen.getByTestId('home-entry-points').textContent).toContain('核销兑换码');
    expect(screen.queryByText('积分兑换')).toBeNull();
    fireEvent.click(screen.getByTestId('home-entry-points'));
    expect(Taro.switchTab).toHaveBeenLastCalledWith({ url: '/pages/points/index' });
  });

  it('on H5 takes a typed code to 核销', async () => {
    merchant();
    render(<IndexPage />);
    await screen.findByTestId('home-place');
    expect(screen.queryByTestId('home-fulfil-scan')).toBeNull();
    act(() => fireTaroEvent(screen.getByTestId('home-fulfil-input'), 'input', { value: ' H8K2-M4Q7-R9T3 ' }));
    fireEvent.click(screen.getByTestId('home-fulfil-check'));
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pkg-points/fulfil/index?code=H8K2-M4Q7-R9T3' });
  });

  it('on weapp opens the scanner straight from the tap, then 核销 the scanned code', async () => {
    process.env.TARO_ENV = 'weapp';
    merchant();
    (Taro as unknown as { scanCode: jest.Mock }).scanCode.mockResolvedValue({ result: 'H8K2M4Q7R9T3' });
    render(<IndexPage />);
    await screen.findByTestId('home-place');
    fireEvent.click(screen.getByTestId('home-fulfil-scan'));
    // Called synchronously in the tap handler, before anything is awaited (WeChat needs the gesture).
    expect((Taro as unknown as { scanCode: jest.Mock }).scanCode).toHaveBeenCalledWith(expect.objectContaining({ scanType: ['qrCode'] }));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pkg-points/fulfil/index?code=H8K2M4Q7R9T3' }));
  });
});

describe('rider home', () => {
  it('puts 待评价, unread messages and the nearest open station first', async () => {
    setUser(makeUser());
    snapshot.homeCounts.mockResolvedValue({ toRate: 1, unread: 3, tasks: null, feedback: null });
    snapshot.listMine.mockResolvedValue({ items: [report('r1', { status: 'resolved', categoryName: '路灯不亮' }), report('r2', { status: 'dispatched' })], nextCursor: null });
    place.nearby.mockResolvedValue({ items: [{ id: 's1', name: '荷城骑手驿站', distance: 320, statusText: '营业中 · 24 小时', address: '荷城路 88 号', type: 'station', openNow: true }], nextCursor: null });
    render(<IndexPage />);
    await waitFor(() => expect(screen.getByTestId('home-count-torate').textContent).toContain('1'));
    expect(screen.getByTestId('home-count-unread').textContent).toContain('3');
    const toRate = await screen.findAllByTestId('home-torate');
    expect(toRate).toHaveLength(1);
    expect(toRate[0].textContent).toContain('路灯不亮');
    const station = await screen.findByText('荷城骑手驿站');
    expect(screen.getByTestId('home-station').textContent).toContain('320 米');
    expect(place.nearby).toHaveBeenCalledWith(expect.objectContaining({ type: 'station', openNow: true, location: { lat: 23.11, lng: 109.58 } }), { silent: true });
    fireEvent.click(toRate[0]);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pkg-snapshot/detail/index?id=r1&focus=rate' });
    fireEvent.click(screen.getByTestId('home-count-unread'));
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pkg-snapshot/messages/index' });
    fireEvent.click(station);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pkg-place/detail/index?id=s1' });
    expect(screen.getByTestId('home-entry-points').textContent).toContain('积分兑换');
  });

  it('asks a rider without a community to choose one', async () => {
    setUser(makeUser({}, { communityId: '' }));
    snapshot.homeCounts.mockResolvedValue({ toRate: 0, unread: 0, tasks: null, feedback: null });
    snapshot.listMine.mockResolvedValue({ items: [], nextCursor: null });
    render(<IndexPage />);
    fireEvent.click(await screen.findByTestId('home-choose-community'));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' });
  });
});

describe('我的: fresh balance, export and account deletion', () => {
  it('shows the balance spent elsewhere when the page is shown again', async () => {
    setUser(makeUser({ points: { balance: 120 } }));
    render(<MePage />);
    expect(screen.getByTestId('me-profile-points').textContent).toBe('120');
    user.me.mockResolvedValue(makeUser({ points: { balance: 60 } }));
    await showAgain();
    expect(user.me).not.toHaveBeenCalled(); // the first show is the page's own load
    await showAgain();
    await waitFor(() => expect(screen.getByTestId('me-profile-points').textContent).toBe('60'));
  });

  it('exports the data: opens the file on H5, copies the link on weapp', async () => {
    setUser(makeUser());
    user.exportMine.mockResolvedValue({ fileID: 'cloud://x/exports/me.json', url: 'http://127.0.0.1/files/exports/me.json?t=1', counts: { reports: 6, ledger: 9 } });
    const open = jest.spyOn(window, 'open').mockImplementation(() => null);
    const { unmount } = render(<MePage />);
    await act(async () => {
      fireEvent.click(screen.getByTestId('me-export-run'));
    });
    expect(screen.getByTestId('me-export-ready').textContent).toContain('随手拍上报 6 条');
    fireEvent.click(screen.getByTestId('me-export-open'));
    expect(open).toHaveBeenCalledWith('http://127.0.0.1/files/exports/me.json?t=1', '_blank');
    unmount();

    process.env.TARO_ENV = 'weapp';
    render(<MePage />);
    await act(async () => {
      fireEvent.click(screen.getByTestId('me-export-run'));
    });
    fireEvent.click(screen.getByTestId('me-export-copy'));
    expect((Taro as unknown as { setClipboardData: jest.Mock }).setClipboardData).toHaveBeenCalledWith({ data: 'http://127.0.0.1/files/exports/me.json?t=1' });
  });

  it('deletes the account only after 「注销」 is typed, then signs out to a fresh start', async () => {
    setUser(makeUser());
    user.deleteMe.mockResolvedValue({ deleted: true });
    render(<MePage />);
    fireEvent.click(screen.getByTestId('me-delete-open'));
    expect(screen.getByTestId('me-delete').textContent).toContain('积分清零');
    fireEvent.click(screen.getByTestId('me-delete-confirm'));
    expect(user.deleteMe).not.toHaveBeenCalled();
    act(() => fireTaroEvent(screen.getByTestId('me-delete-input'), 'input', { value: '注销' }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('me-delete-confirm'));
    });
    expect(user.deleteMe).toHaveBeenCalledWith('注销', { silent: true });
    expect(getSession().status).not.toBe('ready');
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });

  it('says why an account with duties cannot be deleted, and stays signed in', async () => {
    const { ApiCallError } = jest.requireActual('../../src/services/errors');
    setUser(makeUser({ roles: ['worker', 'gridworker'] }));
    user.deleteMe.mockRejectedValue(new ApiCallError('USER.HAS_DUTIES', '你还担任社区工作人员、网格员或管理员，请先由管理员撤销后再注销'));
    render(<MePage />);
    fireEvent.click(screen.getByTestId('me-delete-open'));
    act(() => fireTaroEvent(screen.getByTestId('me-delete-input'), 'input', { value: '注销' }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('me-delete-confirm'));
    });
    expect(screen.getByTestId('me-delete-error').textContent).toContain('请先由管理员撤销');
    expect(getSession().status).toBe('ready');
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });
});
