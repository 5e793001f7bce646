import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { RegionView } from '../../cloudfunctions/shared/contracts/admin';
import type { ApiKeyView } from '../../cloudfunctions/shared/contracts/open311';
import { forgetRegions } from '../../src/pkg-admin/common/regions';
import Open311Page from '../../src/pkg-admin/open311';
import { listRegions } from '../../src/services/admin';
import { issueApiKey, listApiKeys, open311Settings, revokeApiKey, setOpen311Public } from '../../src/services/open311';
import { resetSession, setUser } from '../../src/services/session';
import { fireTaroEvent, makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.default.getCurrentInstance = () => ({ router: { params: {} } });
  mock.default.showModal = jest.fn(async () => ({ confirm: true }));
  mock.default.setClipboardData = jest.fn(async () => ({}));
  return mock;
});
jest.mock('../../src/services/admin', () => ({ listRegions: jest.fn() }));
jest.mock('../../src/services/open311', () => ({ listApiKeys: jest.fn(), issueApiKey: jest.fn(), revokeApiKey: jest.fn(), open311Settings: jest.fn(), setOpen311Public: jest.fn() }));

const REGIONS: RegionView[] = [
  { id: 'district-demo', level: 'district', name: '港北区（演示）', parentId: null },
  { id: 'community-hecheng', level: 'community', name: '荷城社区', parentId: 'district-demo' },
  { id: 'community-shiyangtang', level: 'community', name: '石羊塘社区', parentId: 'district-demo' },
];
const KEY: ApiKeyView = { id: 'a1b2c3d4e5f6', name: '12345 热线', prefix: 'o311_a1b2c3d4e5f6', communities: [{ id: 'community-hecheng', name: '荷城社区' }], ratePerMinute: 60, dailyLimit: 500, status: 'active', createdAt: '2026-12-01T02:00:00.000Z', revokedAt: null };

beforeEach(() => {
  resetTaroMock();
  resetSession();
  forgetRegions();
  (listRegions as jest.Mock).mockResolvedValue(REGIONS);
  (open311Settings as jest.Mock).mockResolvedValue({ basePath: '/open311/v2/', districts: [{ districtId: 'district-demo', name: '港北区（演示）', publicRead: true }] });
  (listApiKeys as jest.Mock).mockResolvedValue([KEY]);
});

test('an admin issues a key for chosen communities, sees it once, revokes keys and turns public reading off', async () => {
  setUser(makeUser({ openid: 'demo-admin', roles: ['worker', 'admin'] }, { name: '覃敏' }));
  render(<Open311Page />);
  expect(await screen.findByTestId('o311-page')).toBeTruthy();
  expect(screen.getByText('12345 热线')).toBeTruthy();

  // Nothing chosen: a clear message and no call.
  act(() => fireTaroEvent(screen.getByTestId('o311-name'), 'input', { value: '城市运行平台' }));
  fireEvent.click(screen.getByTestId('o311-submit'));
  expect((await screen.findByTestId('o311-error')).textContent).toContain('至少选择 1 个社区');
  expect(issueApiKey).not.toHaveBeenCalled();

  (issueApiKey as jest.Mock).mockResolvedValue({ key: 'o311_ffffffffffff_secret-shown-once', item: { ...KEY, id: 'ffffffffffff', name: '城市运行平台', prefix: 'o311_ffffffffffff' } });
  fireEvent.click(await screen.findByTestId('o311-community-community-shiyangtang'));
  fireEvent.click(screen.getByTestId('o311-submit'));
  await waitFor(() => expect(screen.getByTestId('o311-key').textContent).toBe('o311_ffffffffffff_secret-shown-once'));
  expect((issueApiKey as jest.Mock).mock.calls[0][0]).toMatchObject({ name: '城市运行平台', communities: ['community-shiyangtang'], ratePerMinute: 60, dailyLimit: 500 });
  expect(screen.getByText(/只显示这一次/)).toBeTruthy();
  fireEvent.click(screen.getByTestId('o311-done'));
  expect(screen.queryByTestId('o311-key')).toBeNull();

  (revokeApiKey as jest.Mock).mockResolvedValue({ ...KEY, status: 'revoked', revokedAt: '2026-12-01T03:00:00.000Z' });
  const card = screen.getByTestId(`o311-key-${KEY.id}`);
  fireEvent.click(card.querySelector('[data-testid="o311-revoke"]')!);
  await waitFor(() => expect(screen.getByTestId(`o311-key-${KEY.id}`).textContent).toContain('已吊销'));
  expect(Taro.showModal).toHaveBeenCalled();
  expect(revokeApiKey).toHaveBeenCalledWith(KEY.id);

  (setOpen311Public as jest.Mock).mockResolvedValue({ districtId: 'district-demo', name: '港北区（演示）', publicRead: false });
  act(() => fireTaroEvent(screen.getByTestId('o311-public-district-demo'), 'change', { value: false }));
  await waitFor(() => expect(setOpen311Public).toHaveBeenCalledWith({ districtId: 'district-demo', publicRead: false }));
});

test('staff see that the screen is for district admins only', async () => {
  setUser(makeUser({ openid: 'demo-staff-1', roles: ['worker', 'staff'] }, { name: '黄芳' }));
  render(<Open311Page />);
  expect(await screen.findByText('仅区管理员可查看')).toBeTruthy();
  expect(listApiKeys).not.toHaveBeenCalled();
});

test('a key name over 30 characters is kept as typed, counted and refused; nothing is issued', async () => {
  setUser(makeUser({ openid: 'demo-admin', roles: ['worker', 'admin'] }, { name: '覃敏' }));
  render(<Open311Page />);
  expect(await screen.findByTestId('o311-page')).toBeTruthy();
  const long = '城'.repeat(31);
  act(() => fireTaroEvent(screen.getByTestId('o311-name'), 'input', { value: long }));
  fireEvent.click(await screen.findByTestId('o311-community-community-shiyangtang'));
  fireEvent.click(screen.getByTestId('o311-submit'));
  expect((await screen.findByTestId('o311-error')).textContent).toBe('接入系统名称最多 30 个字，现在 31 个字');
  expect(screen.getByTestId('o311-name-count').textContent).toContain('31/30');
  expect(issueApiKey).not.toHaveBeenCalled();
});
