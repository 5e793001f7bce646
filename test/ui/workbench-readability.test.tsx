// What an admin reads on the workbench pages: grids in their natural order, whole category names on
// the dashboard, and an audit trail that names reports and fields in Chinese, never by id or key.
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { AuditEntryView, RegionView } from '../../cloudfunctions/shared/contracts/admin';
import { BarChart } from '../../src/components/charts';
import AuditPage from '../../src/pkg-admin/audit';
import { forgetRegions } from '../../src/pkg-admin/common/regions';
import RegionsPage from '../../src/pkg-admin/regions';
import { auditLog, listRegions } from '../../src/services/admin';
import { resetSession, setUser } from '../../src/services/session';
import { makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.default.getCurrentInstance = () => ({ router: { params: {} } });
  mock.useReachBottom = jest.fn();
  return mock;
});
jest.mock('../../src/services/admin', () => ({ listRegions: jest.fn(), auditLog: jest.fn() }));

const admin = () => makeUser({ openid: 'demo-admin', roles: ['worker', 'admin'] }, { name: '覃敏' });

beforeEach(() => {
  resetTaroMock();
  resetSession();
  forgetRegions();
});

describe('区域与网格', () => {
  const grid = (id: string, name: string): RegionView => ({ id, level: 'grid', name, parentId: 'community-hecheng' });
  it('lists a community’s grids in their natural order, 一 二 三 and 9 before 10', async () => {
    setUser(admin());
    (listRegions as jest.Mock).mockResolvedValue([
      { id: 'district-demo', level: 'district', name: '港北区（演示）', parentId: null },
      { id: 'street-gangcheng', level: 'street', name: '港城街道', parentId: 'district-demo' },
      { id: 'community-hecheng', level: 'community', name: '荷城社区', parentId: 'street-gangcheng' },
      // As stored and as a pinyin sort would have them: 二 (èr), 三 (sān), 十 (shí), 一 (yī).
      grid('g2', '荷城二网格'),
      grid('g3', '荷城三网格'),
      grid('g10', '荷城十网格'),
      grid('g1', '荷城一网格'),
      grid('n10', '第10网格'),
      grid('n9', '第9网格'),
    ]);
    render(<RegionsPage />);
    const community = await screen.findByTestId('region-community-hecheng');
    fireEvent.click(community.querySelector('.reg-node__row')!);
    // The community's own row, then its grids (第 dì before 荷 hé, as any sort of the text has it).
    const names = Array.from(community.querySelectorAll('.reg-node__name')).map((n) => n.textContent);
    expect(names).toEqual(['荷城社区', '第9网格', '第10网格', '荷城一网格', '荷城二网格', '荷城三网格', '荷城十网格']);
  });
});

describe('dashboard bars', () => {
  it('shows a long category name whole, wrapping it rather than cutting it with an ellipsis', () => {
    // The chart's own stylesheet, as the page loads it (jest stubs CSS imports).
    const style = document.createElement('style');
    style.textContent = fs.readFileSync(path.join(__dirname, '../../src/components/charts/index.css'), 'utf8');
    document.head.appendChild(style);
    try {
      render(<BarChart testId="chart-category" items={[{ key: 'need_help', label: '需要帮助的群众', value: 12, part: 10 }]} />);
      const label = within(screen.getByTestId('chart-category-need_help')).getByText('需要帮助的群众');
      const css = getComputedStyle(label);
      expect({ whiteSpace: css.whiteSpace, textOverflow: css.textOverflow }).toEqual({ whiteSpace: 'normal', textOverflow: '' });
      expect(css.wordBreak).toBe('break-all');
    } finally {
      style.remove();
    }
  });
});

describe('audit trail', () => {
  const entry = (over: Partial<AuditEntryView>): AuditEntryView => ({
    id: 'a1',
    actor: { openid: 'demo-staff-1', name: '韦强' },
    action: 'snapshot.accept',
    target: { type: 'report', id: 'seed-report-108' },
    before: { status: 'submitted' },
    after: { status: 'accepted' },
    at: '2026-03-05T06:07:00.000Z',
    names: {},
    ...over,
  });

  it('names a report by what the entry recorded, an older entry as 一条上报, and a reward’s place in Chinese', async () => {
    setUser(admin());
    (listRegions as jest.Mock).mockResolvedValue([]);
    (auditLog as jest.Mock).mockResolvedValue({
      items: [
        entry({ id: 'r1', names: { 'seed-report-108': '占道经营/违停 · 荷城路 130 号门口' } }),
        entry({ id: 'r2', action: 'snapshot.verify', target: { type: 'report', id: 'seed-volunteer-7' }, after: { status: 'verified' } }),
        entry({
          id: 'w1',
          action: 'points.createReward',
          target: { type: 'reward', id: 'rw_1' },
          before: null,
          after: { title: '牛腩粉一碗', placeId: 'place-demo-merchant-1', placeName: '黄记牛腩粉', cost: 30 },
          names: { rw_1: '牛腩粉一碗', 'place-demo-merchant-1': '黄记牛腩粉' },
        }),
      ],
      nextCursor: null,
    });
    render(<AuditPage />);
    const sentence = async (id: string) => within(await screen.findByTestId(`audit-${id}`)).getByTestId('audit-sentence').textContent;
    expect(await sentence('r1')).toBe('韦强 受理了上报「占道经营/违停 · 荷城路 130 号门口」');
    expect(await sentence('r2')).toBe('韦强 认定了一条上报');
    const reward = screen.getByTestId('audit-w1');
    const labels = within(reward).getAllByTestId('audit-change').map((c) => c.children[0].textContent);
    expect(labels).toEqual(['标题', '地点', '所需积分']);
    expect(document.body.textContent).not.toMatch(/seed-|placeName|placeNa/);
  });
});
