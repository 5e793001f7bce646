import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { UserView } from '../../cloudfunctions/shared/contracts';
import type { AuditEntryView, RegionView } from '../../cloudfunctions/shared/contracts/admin';
import type { Overview } from '../../cloudfunctions/shared/contracts/stats';
import Workbench from '../../src/components/workbench';
import AuditPage from '../../src/pkg-admin/audit';
import DashboardPage from '../../src/pkg-admin/dashboard';
import ExportPage from '../../src/pkg-admin/export';
import { EXPORT_KIND_OPTIONS } from '../../src/pkg-admin/common/format';
import { EXPORT_LABELS } from '../../cloudfunctions/shared/contracts/stats';
import PeoplePage from '../../src/pkg-admin/people';
import { forgetRegions } from '../../src/pkg-admin/common/regions';
import RegionsPage from '../../src/pkg-admin/regions';
import { auditLog, grantRole, importRegions, listRegions, listUsers, setBanned } from '../../src/services/admin';
import { ApiCallError } from '../../src/services/errors';
import { manage as placeManage, queue as placeQueue } from '../../src/services/place';
import { manageRewards } from '../../src/services/points';
import { queueCounts } from '../../src/services/snapshot';
import { exportCsv, overview } from '../../src/services/stats';
import { resetSession, setUser } from '../../src/services/session';
import { fireTaroEvent, makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.default.getCurrentInstance = () => ({ router: { params: {} } });
  mock.default.showModal = jest.fn(async () => ({ confirm: true }));
  mock.default.setClipboardData = jest.fn(async () => ({}));
  mock.useReachBottom = jest.fn();
  return mock;
});
jest.mock('../../src/services/admin', () => ({ listRegions: jest.fn(), listUsers: jest.fn(), grantRole: jest.fn(), revokeRole: jest.fn(), setBanned: jest.fn(), importRegions: jest.fn(), auditLog: jest.fn() }));
jest.mock('../../src/services/stats', () => ({ overview: jest.fn(), exportCsv: jest.fn() }));
jest.mock('../../src/services/snapshot', () => ({ queueCounts: jest.fn() }));
jest.mock('../../src/services/place', () => ({ queue: jest.fn(), manage: jest.fn() }));
jest.mock('../../src/services/points', () => ({ manageRewards: jest.fn() }));

const REGIONS: RegionView[] = [
  { id: 'district-demo', level: 'district', name: '港北区（演示）', parentId: null },
  { id: 'street-gangcheng', level: 'street', name: '港城街道', parentId: 'district-demo' },
  { id: 'community-hecheng', level: 'community', name: '荷城社区', parentId: 'street-gangcheng' },
  { id: 'community-shiyangtang', level: 'community', name: '石羊塘社区', parentId: 'street-gangcheng' },
  { id: 'grid-hecheng-1', level: 'grid', name: '荷城一网格', parentId: 'community-hecheng' },
];

const admin = () => makeUser({ openid: 'demo-admin', roles: ['worker', 'admin'] }, { name: '覃敏' });
const staff = () => makeUser({ openid: 'demo-staff-1', roles: ['worker', 'staff'], scopes: { staff: ['community-hecheng'], gridworker: [], merchant: [] } }, { name: '黄芳' });
const worker = (over: Partial<UserView> = {}) => makeUser({ openid: 'demo-worker-2', ...over }, { name: '韦强', phone: '138****1002' });

function type(testId: string, value: string) {
  act(() => fireTaroEvent(screen.getByTestId(testId), 'input', { value }));
}

beforeEach(() => {
  resetTaroMock();
  resetSession();
  forgetRegions();
  (listRegions as jest.Mock).mockResolvedValue(REGIONS);
});

function makeOverview(): Overview {
  const weeks = Array.from({ length: 12 }, (_, i) => ({ week: `2026-0${i < 5 ? 1 : 2}-${String(1 + (i % 5) * 7).padStart(2, '0')}`, submitted: i, resolved: Math.floor(i / 2) }));
  return {
    scope: { label: '全区', communities: [{ id: 'community-hecheng', name: '荷城社区' }, { id: 'community-shiyangtang', name: '石羊塘社区' }] },
    range: { from: '2025-12-28T16:00:00.000Z', to: '2026-03-20T04:00:00.000Z' },
    workers: { registered: 340, active30d: 121 },
    reports: { submitted: 620, accepted: 600, resolved: 580, overdue: 7, rejected: 12, medianHoursToAccept: 2.5, medianHoursToResolve: 30, rated: 400, fixedShare: 0.925, avgStars: 4.6 },
    byCategory: [
      { key: 'road_damage', name: '道路破损', submitted: 300, resolved: 280, overdue: 3 },
      { key: 'garbage', name: '垃圾堆放', submitted: 150, resolved: 150, overdue: 0 },
    ],
    byCommunity: [
      { key: 'community-hecheng', name: '荷城社区', submitted: 400, resolved: 390, overdue: 5 },
      { key: 'community-shiyangtang', name: '石羊塘社区', submitted: 220, resolved: 190, overdue: 2 },
    ],
    byWeek: weeks,
    volunteer: { records: 80, verified: 70, hours: 215.5 },
    points: { issued: 9000, redeemed: 4200, expired: 300 },
    places: { merchant: { approved: 40, pending: 3, rejected: 1, suspended: 0 }, station: { approved: 99, pending: 0, rejected: 0, suspended: 1 } },
    redemptions: { issued: 300, fulfilled: 250, cancelled: 10, expired: 5, active: 35 },
    generatedAt: '2026-03-20T04:00:00.000Z',
  };
}

describe('dashboard', () => {
  it('shows the figures and the three charts, and asks again for another range', async () => {
    setUser(admin());
    (overview as jest.Mock).mockResolvedValue(makeOverview());
    render(<DashboardPage />);
    expect(await screen.findByTestId('kpi-submitted')).toHaveProperty('textContent', '620');
    expect(screen.getByTestId('kpi-registered').textContent).toBe('340');
    expect(screen.getByTestId('kpi-overdue').textContent).toBe('7');
    expect(screen.getByTestId('kpi-accept-hours').textContent).toBe('2.5 小时');
    expect(screen.getByTestId('kpi-resolve-hours').textContent).toBe('30 小时');
    expect(screen.getByTestId('kpi-fixed-share').textContent).toBe('92.5%');
    expect(screen.getByTestId('kpi-stars').textContent).toBe('4.6 星');
    expect(screen.getByTestId('chart-trend-series-0').querySelectorAll('.yh-line__dot')).toHaveLength(12);
    const road = screen.getByTestId('chart-category-road_damage');
    expect((road.querySelector('[data-role="value"]') as HTMLElement).style.width).toBe('100%');
    expect((screen.getByTestId('chart-category-garbage').querySelector('[data-role="value"]') as HTMLElement).style.width).toBe('50%');
    expect(screen.getByTestId('chart-community-community-shiyangtang').textContent).toContain('190/220');
    expect(screen.getByTestId('places-station').textContent).toContain('99');
    expect(overview).toHaveBeenLastCalledWith({}, { silent: true });

    fireEvent.click(screen.getByTestId('dashboard-range-w4'));
    await waitFor(() => expect(overview).toHaveBeenCalledTimes(2));
    const [payload] = (overview as jest.Mock).mock.calls[1];
    expect(payload.from).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+08:00$/);
    // A Monday, three weeks before this one.
    expect(new Date(payload.from).getUTCDay()).toBe(0); // Monday 00:00 +08:00 is Sunday 16:00 UTC
  });

  it('says so when the figures cannot be loaded, and retries', async () => {
    setUser(staff());
    (overview as jest.Mock).mockRejectedValueOnce(new ApiCallError('AUTH.FORBIDDEN', '只能查看本社区的数据')).mockResolvedValueOnce(makeOverview());
    render(<DashboardPage />);
    expect(await screen.findByText('只能查看本社区的数据')).toBeTruthy();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByTestId('kpi-submitted')).toBeTruthy();
  });
});

describe('people', () => {
  it('filters by role, status and search text, and hides role management from staff', async () => {
    setUser(staff());
    (listUsers as jest.Mock).mockResolvedValue({ items: [worker()], nextCursor: null });
    render(<PeoplePage />);
    expect(await screen.findByTestId('user-demo-worker-2')).toBeTruthy();
    expect(listUsers).toHaveBeenLastCalledWith({ pageSize: 20 }, { silent: true });
    expect(screen.getByText('138****1002 · 外卖骑手 · 美团')).toBeTruthy();
    expect(screen.queryByTestId('user-manage')).toBeNull();

    fireEvent.click(screen.getByTestId('people-role-gridworker'));
    await waitFor(() => expect(listUsers).toHaveBeenLastCalledWith({ role: 'gridworker', pageSize: 20 }, { silent: true }));
    fireEvent.click(screen.getByTestId('people-status-banned'));
    await waitFor(() => expect(listUsers).toHaveBeenLastCalledWith({ role: 'gridworker', status: 'banned', pageSize: 20 }, { silent: true }));
    (listUsers as jest.Mock).mockResolvedValue({ items: [], nextCursor: null });
    type('people-search', ' 韦 ');
    fireEvent.click(screen.getByTestId('people-search-btn'));
    await waitFor(() => expect(listUsers).toHaveBeenLastCalledWith({ q: '韦', role: 'gridworker', status: 'banned', pageSize: 20 }, { silent: true }));
    expect(await screen.findByText('没有找到人员')).toBeTruthy();
  });

  it('loads more with the cursor', async () => {
    setUser(staff());
    (listUsers as jest.Mock).mockResolvedValueOnce({ items: [worker()], nextCursor: 'c1' }).mockResolvedValueOnce({ items: [worker({ openid: 'demo-worker-3' })], nextCursor: null });
    render(<PeoplePage />);
    fireEvent.click(await screen.findByTestId('load-more'));
    expect(await screen.findByTestId('user-demo-worker-3')).toBeTruthy();
    expect(listUsers).toHaveBeenLastCalledWith({ pageSize: 20, cursor: 'c1' }, { silent: true });
    expect(screen.getByText('没有更多了')).toBeTruthy();
  });

  it('refuses a ban reason over 200 characters with the count, keeping the text, and bans nobody', async () => {
    setUser(admin());
    (listUsers as jest.Mock).mockResolvedValue({ items: [worker()], nextCursor: null });
    render(<PeoplePage />);
    const card = await screen.findByTestId('user-demo-worker-2');
    fireEvent.click(card.querySelector('[data-testid="user-manage"]')!);
    type('ban-reason', '虚'.repeat(201));
    fireEvent.click(screen.getByTestId('ban-submit'));
    expect(screen.getByTestId('people-panel-error').textContent).toBe('原因最多 200 个字，现在 201 个字');
    expect(screen.getByTestId('ban-reason-count').textContent).toContain('201/200');
    expect(setBanned).not.toHaveBeenCalled();
  });

  it('lets an admin grant staff with a community, then shows the new role on the card', async () => {
    setUser(admin());
    (listUsers as jest.Mock).mockResolvedValue({ items: [worker()], nextCursor: null });
    render(<PeoplePage />);
    const card = await screen.findByTestId('user-demo-worker-2');
    fireEvent.click(card.querySelector('[data-testid="user-manage"]')!);
    fireEvent.click(screen.getByTestId('grant-submit'));
    expect(screen.getByTestId('people-panel-error').textContent).toBe('请选择负责的社区');
    expect(grantRole).not.toHaveBeenCalled();

    await screen.findByTestId('grant-scope-community-shiyangtang');
    fireEvent.click(screen.getByTestId('grant-scope-community-shiyangtang'));
    (grantRole as jest.Mock).mockResolvedValue(worker({ roles: ['worker', 'staff'], scopes: { staff: ['community-shiyangtang'], gridworker: [], merchant: [] } }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('grant-submit'));
    });
    expect(grantRole).toHaveBeenCalledWith({ openid: 'demo-worker-2', role: 'staff', scope: ['community-shiyangtang'] }, { silent: true });
    expect(screen.getByTestId('user-demo-worker-2').textContent).toContain('社区工作人员');
    expect(screen.getByTestId('user-scopes').textContent).toBe('负责社区：石羊塘社区');
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已授予' }));
  });

  it('shows why a grant was refused next to the button', async () => {
    setUser(admin());
    (listUsers as jest.Mock).mockResolvedValue({ items: [worker()], nextCursor: null });
    (grantRole as jest.Mock).mockRejectedValue(new ApiCallError('USER.NOT_FOUND', '用户不存在，请确认对方已登录过小程序'));
    render(<PeoplePage />);
    fireEvent.click(await screen.findByTestId('user-manage'));
    fireEvent.click(screen.getByTestId('grant-role-admin'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('grant-submit'));
    });
    expect(grantRole).toHaveBeenCalledWith({ openid: 'demo-worker-2', role: 'admin' }, { silent: true });
    expect(screen.getByTestId('people-panel-error').textContent).toBe('用户不存在，请确认对方已登录过小程序');
  });
});

describe('regions', () => {
  const FC = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'grid-x', level: 'grid', name: '新网格', parentId: 'community-hecheng' }, geometry: null }] };

  it('shows the district tree to staff without the import card', async () => {
    setUser(staff());
    render(<RegionsPage />);
    expect(await screen.findByTestId('region-community-hecheng')).toBeTruthy();
    expect(screen.getByTestId('region-summary').textContent).toContain('社区 2 个 · 网格 1 个');
    expect(screen.queryByTestId('region-import')).toBeNull();
  });

  it('refuses a file that is not GeoJSON before sending, and shows the function’s refusal naming the feature', async () => {
    setUser(admin());
    render(<RegionsPage />);
    await screen.findByTestId('region-import');
    type('region-paste', '{ not json');
    expect(screen.getByTestId('region-parse-error').textContent).toContain('不是有效的 JSON');
    fireEvent.click(screen.getByTestId('region-import-submit'));
    expect(importRegions).not.toHaveBeenCalled();

    type('region-paste', JSON.stringify({ type: 'Feature' }));
    expect(screen.getByTestId('region-parse-error').textContent).toContain('FeatureCollection');

    type('region-paste', JSON.stringify(FC));
    expect(screen.getByTestId('region-preview').textContent).toBe('共 1 个区域：网格 1 个');
    (importRegions as jest.Mock).mockRejectedValue(new ApiCallError('REGION.INVALID', '第 1 个要素（新网格）：网格必须有边界（Polygon）'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('region-import-submit'));
    });
    expect(importRegions).toHaveBeenCalledWith({ geojson: FC }, { silent: true });
    const err = screen.getByTestId('region-import-error').textContent!;
    expect(err).toContain('第 1 个要素（新网格）：网格必须有边界（Polygon）');
    expect(err).toContain('整个文件都没有导入');
  });

  it('reports what was imported and reloads the tree', async () => {
    setUser(admin());
    render(<RegionsPage />);
    await screen.findByTestId('region-import');
    type('region-paste', JSON.stringify(FC));
    (importRegions as jest.Mock).mockResolvedValue({ imported: 1, byLevel: { grid: 1 } });
    (listRegions as jest.Mock).mockResolvedValue([...REGIONS, { id: 'grid-x', level: 'grid', name: '新网格', parentId: 'community-hecheng' }]);
    await act(async () => {
      fireEvent.click(screen.getByTestId('region-import-submit'));
    });
    expect(screen.getByTestId('region-import-done').textContent).toBe('已导入 1 个区域（网格 1 个）');
    await waitFor(() => expect(screen.getByTestId('region-summary').textContent).toContain('网格 2 个'));
  });
});

describe('audit log', () => {
  const entry = (over: Partial<AuditEntryView> = {}): AuditEntryView => ({
    id: 'a1',
    actor: { openid: 'demo-admin', name: '覃敏' },
    action: 'admin.grantRole',
    target: { type: 'user', id: 'demo-worker-2', name: '韦小龙' },
    before: { roles: ['worker'], scopes: { staff: [], gridworker: [], merchant: [] } },
    after: { roles: ['worker', 'staff'], scopes: { staff: ['community-hecheng'], gridworker: [], merchant: [] } },
    at: '2026-03-05T06:07:00.000Z',
    names: {},
    ...over,
  });

  it('tells who did what as a sentence, with a before/after table in words, and filters by target', async () => {
    setUser(admin());
    (auditLog as jest.Mock).mockResolvedValue({
      items: [
        entry(),
        entry({ id: 'a2', action: 'points.updateRules', target: { type: 'settings', id: 'points-rules' }, before: { perVolunteerHour: 10, dailyCap: 200 }, after: { perVolunteerHour: 12, dailyCap: 200 } }),
      ],
      nextCursor: null,
    });
    render(<AuditPage />);
    const row = await screen.findByTestId('audit-a1');
    expect(row.textContent).toContain('授予角色');
    expect(row.textContent).toContain('2026-03-05 14:07');
    expect(within(row).getByTestId('audit-sentence').textContent).toBe('覃敏 给用户「韦小龙」授予了角色');
    const cells = (r: HTMLElement) => within(r).getAllByTestId('audit-change').map((c) => Array.from(c.children).map((x) => x.textContent));
    await waitFor(() => expect(cells(row)).toEqual([
      ['角色', '新就业群体', '新就业群体、社区工作人员'],
      ['负责范围', '无', '社区：荷城社区'],
    ]));
    // Only what changed, named as on the rules screen; no JSON anywhere.
    const rules = screen.getByTestId('audit-a2');
    expect(within(rules).getByTestId('audit-sentence').textContent).toBe('覃敏 修改了积分规则');
    expect(cells(rules)).toEqual([['每小时志愿积分', '10', '12']]);
    expect(document.body.textContent).not.toMatch(/[{}"]|perVolunteerHour/);

    type('audit-target-input', 'demo-worker-2');
    fireEvent.click(screen.getByTestId('audit-apply'));
    await waitFor(() => expect(auditLog).toHaveBeenLastCalledWith({ targetId: 'demo-worker-2', pageSize: 20 }, { silent: true }));
  });

  it('names places and rewards by the names each entry recorded and a fulfilled code as 一张兑换码, not by ids', async () => {
    setUser(admin());
    (auditLog as jest.Mock).mockResolvedValue({
      items: [
        entry({ id: 'a3', actor: { openid: 'demo-merchant-1', name: '黄建国' }, action: 'points.fulfill', target: { type: 'redemption', id: 'rd_9042e03d542cd4d3849a7dd2' }, before: { status: 'issued' }, after: { status: 'fulfilled', rewardId: 'rw-demo-drink', placeId: 'place-demo-merchant-1' }, names: { 'rw-demo-drink': '冰镇酸梅汤一杯', 'place-demo-merchant-1': '黄记牛腩粉' } }),
        // The 51st place of a district is named as well as the first: nothing is looked up by list.
        entry({ id: 'a4', actor: { openid: 'demo-staff-1', name: '覃敏' }, action: 'place.suspend', target: { type: 'place', id: 'place-51' }, before: { status: 'approved' }, after: { status: 'suspended', reason: '卫生不合格' }, names: { 'place-51': '第五十一家小店' } }),
      ],
      nextCursor: null,
    });
    render(<AuditPage />);
    const row = await screen.findByTestId('audit-a3');
    expect(within(row).getByTestId('audit-sentence').textContent).toBe('黄建国 核销了一张兑换码');
    expect(row.textContent).toContain('黄记牛腩粉');
    expect(row.textContent).toContain('冰镇酸梅汤一杯');
    expect(row.textContent).not.toMatch(/rd_|rw-demo|place-demo/);
    expect(within(screen.getByTestId('audit-a4')).getByTestId('audit-sentence').textContent).toContain('「第五十一家小店」');
    expect(placeManage).not.toHaveBeenCalled();
    expect(manageRewards).not.toHaveBeenCalled();
  });

  it('is closed to staff', async () => {
    setUser(staff());
    render(<AuditPage />);
    expect(screen.getByText('仅区管理员可查看')).toBeTruthy();
    expect(auditLog).not.toHaveBeenCalled();
  });
});

describe('workbench on the home tab', () => {
  it('shows live queue counts and every entry; audit and categories only for admins', async () => {
    (queueCounts as jest.Mock).mockResolvedValue({ submitted: 4, overdue: 2, reopened: 0, volunteer: 1 });
    (placeQueue as jest.Mock).mockResolvedValue({ items: [{}, {}, {}], nextCursor: null });
    (manageRewards as jest.Mock).mockResolvedValue({ items: new Array(20).fill({}), nextCursor: 'more' });
    const { unmount } = render(<Workbench user={staff()} />);
    await waitFor(() => expect(screen.getByTestId('wb-count-queue').textContent).toBe('4'));
    expect(screen.getByTestId('wb-count-overdue').textContent).toBe('2');
    expect(screen.getByTestId('wb-count-volunteer').textContent).toBe('1');
    await waitFor(() => expect(screen.getByTestId('wb-count-places').textContent).toBe('3'));
    await waitFor(() => expect(screen.getByTestId('wb-count-rewards').textContent).toBe('20+'));
    expect(manageRewards).toHaveBeenCalledWith({ status: 'pending', pageSize: 20 }, { silent: true });
    expect(screen.queryByTestId('wb-audit')).toBeNull();
    fireEvent.click(screen.getByTestId('wb-dashboard'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pkg-admin/dashboard/index' });
    fireEvent.click(screen.getByTestId('wb-volunteer'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pkg-snapshot/queue/index?kind=volunteer' });
    unmount();

    (queueCounts as jest.Mock).mockRejectedValue(new ApiCallError('NETWORK', '网络不太好'));
    render(<Workbench user={admin()} />);
    expect(screen.getByTestId('wb-audit')).toBeTruthy();
    expect(screen.getByTestId('wb-categories')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('wb-count-places').textContent).toBe('3'));
    expect(screen.getByTestId('wb-count-queue').textContent).toBe('–');
  });
});

describe('export', () => {
  it('uses the contract’s names for what can be exported', () => {
    expect(Object.fromEntries(EXPORT_KIND_OPTIONS.map((k) => [k.key, k.label]))).toEqual(EXPORT_LABELS);
  });

  it('asks for the chosen kind over whole Shanghai days and hands over the link', async () => {
    setUser(staff());
    (exportCsv as jest.Mock).mockResolvedValue({ fileID: 'cloud://x/exports/a.csv', url: 'http://127.0.0.1/files/a.csv', fileName: '积分兑换_2026-03-01_2026-03-20.csv', rows: 42 });
    render(<ExportPage />);
    fireEvent.click(screen.getByTestId('export-kind-redemptions'));
    const from = screen.getByTestId('export-from').textContent!.replace(' ›', '');
    const to = screen.getByTestId('export-to').textContent!.replace(' ›', '');
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-run'));
    });
    const [payload] = (exportCsv as jest.Mock).mock.calls[0];
    expect(payload.kind).toBe('redemptions');
    expect(payload.from).toBe(`${from}T00:00:00+08:00`);
    // The end day is included: the range ends at the next midnight.
    expect(Date.parse(payload.to) - Date.parse(`${to}T00:00:00+08:00`)).toBe(86_400_000);
    expect(payload.communityId).toBeUndefined();
    expect(screen.getByTestId('export-rows').textContent).toBe('42');
    fireEvent.click(screen.getByTestId('export-copy'));
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'http://127.0.0.1/files/a.csv' });
  });

  it('shows a refusal in place', async () => {
    setUser(staff());
    (exportCsv as jest.Mock).mockRejectedValue(new ApiCallError('AUTH.FORBIDDEN', '只能导出本社区的数据'));
    render(<ExportPage />);
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-run'));
    });
    expect(screen.getByTestId('export-error').textContent).toBe('只能导出本社区的数据');
    expect(screen.queryByTestId('export-result')).toBeNull();
  });
});
