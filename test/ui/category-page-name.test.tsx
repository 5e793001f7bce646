// One page, one name: the category admin page is 随手拍分类 in its title, on the workbench tile and on
// the link from the points rules page.
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import RulesPage from '../../src/pkg-points/rules';
import { rules } from '../../src/services/points';
import { resetSession, setUser } from '../../src/services/session';
import { makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => require('./taro-mock'));
jest.mock('../../src/services/points', () => ({ rules: jest.fn(), updateRules: jest.fn() }));

const NAME = '随手拍分类';
const read = (file: string) => fs.readFileSync(path.join(__dirname, '../../src', file), 'utf8');

beforeEach(() => {
  resetTaroMock();
  resetSession();
  setUser(makeUser({ openid: 'demo-admin', roles: ['worker', 'admin'] }, { name: '覃敏' }));
  (rules as jest.Mock).mockResolvedValue({ dailyCap: 200, perVolunteerHour: 10, expiryMonths: 12 });
});

test('the rules page links to the category page by the name the page has', async () => {
  render(<RulesPage />);
  const link = await screen.findByText(/里设置/);
  expect(link.textContent).toContain(`「${NAME}」`);
  expect(document.body.textContent).not.toMatch(/随手拍类别|分类管理/);
  fireEvent.click(link);
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pkg-snapshot/categories/index' });
  // The page it opens is titled so, and so is its tile on the workbench.
  expect(read('pkg-snapshot/categories/index.config.ts')).toContain(`navigationBarTitleText: '${NAME}'`);
  expect(read('components/workbench/index.tsx')).toMatch(new RegExp(`title: '${NAME}', url: '/pkg-snapshot/categories/index'`));
  // And the admin's link on the 随手拍 tab.
  expect(read('pages/snapshot/index.tsx')).toContain(`key: 'categories', label: '${NAME}', url: \`\${PKG}/categories/index\``);
});
