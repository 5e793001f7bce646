import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CategoryView } from '../../cloudfunctions/shared/contracts/snapshot';
import CategoriesPage from '../../src/pkg-snapshot/categories';
import { categories, upsertCategory } from '../../src/services/snapshot';
import { ApiCallError } from '../../src/services/errors';
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

test('a category name over 12 characters is kept as typed, counted and refused under the field; nothing is saved', async () => {
  render(<CategoriesPage />);
  fireEvent.click(await screen.findByText(/道路破损/));
  act(() => fireTaroEvent(screen.getByTestId('category-name'), 'input', { value: '道路破损与井盖缺失及路灯损坏' }));
  expect(screen.getByTestId('category-name-count').textContent).toContain('14/12');
  fireEvent.click(screen.getByText('保存'));
  expect(screen.getByTestId('category-error-name').textContent).toBe('名称最多 12 个字，现在 14 个字');
  expect(upsertCategory).not.toHaveBeenCalled();
});

test('an empty new category is refused field by field, as the other forms do: marked, said under it, scrolled to', async () => {
  render(<CategoriesPage />);
  fireEvent.click(await screen.findByText('新增分类'));
  act(() => fireTaroEvent(screen.getByTestId('category-sla'), 'input', { value: '' }));
  fireEvent.click(screen.getByText('保存'));
  expect(upsertCategory).not.toHaveBeenCalled();
  // Not a toast that names no field: each refused field is marked and says why.
  expect(Taro.showToast).not.toHaveBeenCalled();
  const name = document.getElementById('category-field-name')!;
  expect(name.className).toContain('cat-edit__field--invalid');
  expect(screen.getByTestId('category-error-name').textContent).toBe('请填写名称（至少 2 个字）');
  expect(document.getElementById('category-field-slaHours')!.className).toContain('cat-edit__field--invalid');
  expect(screen.getByTestId('category-error-slaHours').textContent).toBe('处理时限为 1–720 小时的整数');
  expect(document.getElementById('category-field-points')!.className).not.toContain('invalid');
  expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#category-field-name' }));
  // Typing in the field takes its mark away.
  act(() => fireTaroEvent(screen.getByTestId('category-name'), 'input', { value: '噪音扰民' }));
  expect(screen.queryByTestId('category-error-name')).toBeNull();
  expect(document.getElementById('category-field-name')!.className).not.toContain('invalid');
});

test('a refusal from the function that names a field is shown under that field', async () => {
  (upsertCategory as jest.Mock).mockRejectedValue(new ApiCallError('INPUT.INVALID', '名称最多 12 个字', 'payload.name'));
  render(<CategoriesPage />);
  fireEvent.click(await screen.findByText(/道路破损/));
  await act(async () => {
    fireEvent.click(screen.getByText('保存'));
  });
  expect(upsertCategory).toHaveBeenCalledWith(expect.objectContaining({ code: 'road_damage', name: '道路破损' }), { silent: true });
  expect(screen.getByTestId('category-error-name').textContent).toBe('名称最多 12 个字');
  expect(document.getElementById('category-field-name')!.className).toContain('cat-edit__field--invalid');
});

test('a volunteer category reads as volunteer work, not as a deadline and a photo rule', async () => {
  render(<CategoriesPage />);
  expect(await screen.findByText('志愿服务记录 · 社区认定后按时长计分')).toBeTruthy();
  expect(screen.getByText('72 小时内处理 · 必须拍照')).toBeTruthy(); // the issue category keeps its rule
  expect(screen.getAllByText(/小时内处理/)).toHaveLength(1);
});
