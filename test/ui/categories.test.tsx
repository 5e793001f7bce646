import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CategoryView } from '../../cloudfunctions/shared/contracts/snapshot';
import CategoriesPage from '../../src/pkg-snapshot/categories';
import { categories, upsertCategory } from '../../src/services/snapshot';
import { resetSession, setUser } from '../../src/services/session';
import { fireTaroEvent, makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => require('./taro-mock'));
jest.mock('../../src/services/snapshot', () => ({ categories: jest.fn(), upsertCategory: jest.fn() }));

const ISSUE = { code: 'road_damage', name: '道路破损', kind: 'issue', points: 5, slaHours: 72, photoRequired: true, enabled: true } as CategoryView;
const VOLUNTEER = { code: 'volunteer', name: '志愿服务', kind: 'volunteer', points: 0, slaHours: 72, photoRequired: true, enabled: true } as CategoryView;

beforeEach(() => {
  resetTaroMock();
  resetSession();
  setUser(makeUser({ openid: 'demo-admin', roles: ['worker', 'admin'] }, { name: '覃敏' }));
  (categories as jest.Mock).mockResolvedValue([ISSUE, VOLUNTEER]);
});

test('a category name over 12 characters is kept as typed, counted and refused; nothing is saved', async () => {
  render(<CategoriesPage />);
  fireEvent.click(await screen.findByText(/道路破损/));
  act(() => fireTaroEvent(screen.getByTestId('category-name'), 'input', { value: '道路破损与井盖缺失及路灯损坏' }));
  expect(screen.getByTestId('category-name-count').textContent).toContain('14/12');
  fireEvent.click(screen.getByText('保存'));
  expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '名称最多 12 个字，现在 14 个字' }));
  expect(upsertCategory).not.toHaveBeenCalled();
});

test('a volunteer category reads as volunteer work, not as a deadline and a photo rule', async () => {
  render(<CategoriesPage />);
  expect(await screen.findByText('志愿服务记录 · 社区认定后按时长计分')).toBeTruthy();
  expect(screen.getByText('72 小时内处理 · 必须拍照')).toBeTruthy(); // the issue category keeps its rule
  expect(screen.getAllByText(/小时内处理/)).toHaveLength(1);
});
