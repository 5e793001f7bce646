// The onboarding prompts (完善资料 and 选择所在社区 on the home, 去选择社区 on the leaderboard) land
// on 我的 with 编辑资料 already open — the community one with the 所在社区 field brought into view —
// not on 我的 with one more button to find. switchTab carries no query in WeChat, so the wish
// travels in storage; a later visit to 我的 opens it as usual.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import IndexPage from '../../src/pages/index';
import MePage from '../../src/pages/me';
import LeaderboardPage from '../../src/pkg-points/leaderboard';
import { getSession, resetSession, setUser } from '../../src/services/session';
import { makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

// Pages' useDidShow callbacks, so a test can "show the page again" (a tab already open underneath).
const shows: Array<() => void> = [];
jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  return { __esModule: true, ...mock, useDidShow: (cb: () => void) => shows.push(cb) };
});
jest.mock('../../src/services/snapshot', () => ({
  ...jest.requireActual('../../src/services/snapshot'),
  homeCounts: jest.fn(async () => ({ toRate: 0, unread: 0, tasks: null, feedback: null })),
  listMine: jest.fn(async () => ({ items: [], nextCursor: null })),
}));
jest.mock('../../src/services/place', () => ({
  ...jest.requireActual('../../src/services/place'),
  locate: jest.fn(async () => ({ location: { lat: 23.11, lng: 109.58 }, fallback: true })),
  nearby: jest.fn(async () => ({ items: [], nextCursor: null })),
}));
jest.mock('../../src/services/points', () => ({
  ...jest.requireActual('../../src/services/points'),
  leaderboard: jest.fn(async () => ({ communityId: '', communityName: '', month: '2026-12', items: [], me: { rank: null, earned: 0 } })),
}));
jest.mock('../../src/services/user', () => ({
  ...jest.requireActual('../../src/services/user'),
  me: jest.fn(),
  communities: jest.fn(async () => ({ items: [{ id: 'community-hecheng', name: '荷城社区', streetName: '港城街道' }], suggested: null })),
}));
const user = jest.requireMock('../../src/services/user') as Record<string, jest.Mock>;

const showAgain = async () => {
  await act(async () => {
    for (const cb of [...shows]) cb();
  });
};

/** Taps the prompt, then 我的 is shown as switchTab would: freshly, after the home. */
async function tapAndLand(prompt: string, page: JSX.Element) {
  const { unmount } = render(page);
  fireEvent.click(await screen.findByTestId(prompt));
  expect(Taro.switchTab).toHaveBeenLastCalledWith({ url: '/pages/me/index' });
  unmount();
  shows.length = 0;
  return render(<MePage />);
}

beforeEach(() => {
  resetTaroMock();
  resetSession();
  shows.length = 0;
  user.me.mockImplementation(async () => getSession().user);
});

it('完善资料 opens 我的 with the edit form open', async () => {
  setUser(makeUser({}, { name: '', workType: '' }));
  const me = await tapAndLand('home-complete-profile', <IndexPage />);
  expect(screen.getByTestId('profile-form')).toBeTruthy();
  expect(screen.getByText('编辑资料')).toBeTruthy();
  expect(screen.queryByTestId('me-edit')).toBeNull();
  await screen.findByTestId('community-community-hecheng'); // the form's choices settled
  me.unmount();

  // Once: the next visit to 我的 is the page itself.
  render(<MePage />);
  expect(screen.queryByTestId('profile-form')).toBeNull();
  expect(screen.getByTestId('me-edit')).toBeTruthy();
});

it('选择所在社区 opens the form at the 所在社区 field', async () => {
  setUser(makeUser({}, { communityId: '' }));
  await tapAndLand('home-choose-community', <IndexPage />);
  expect(screen.getByTestId('profile-form')).toBeTruthy();
  expect(await screen.findByTestId('community-community-hecheng')).toBeTruthy();
  await waitFor(() => expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#profile-field-communityId' })));
  expect(document.getElementById('profile-field-communityId')).toBeTruthy();
});

it('the leaderboard’s 去选择社区 opens the form too, also when 我的 is already open underneath', async () => {
  setUser(makeUser({}, { communityId: '' }));
  // 我的 was visited before: the tab page stays mounted, and is only shown again.
  render(<MePage />);
  expect(screen.queryByTestId('profile-form')).toBeNull();
  await showAgain(); // its first show

  render(<LeaderboardPage />);
  fireEvent.click(await screen.findByTestId('board-choose-community'));
  expect(Taro.switchTab).toHaveBeenLastCalledWith({ url: '/pages/me/index' });
  await showAgain();
  expect(screen.getByTestId('profile-form')).toBeTruthy();
  await screen.findByTestId('community-community-hecheng');
  await waitFor(() => expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#profile-field-communityId' })));
});
