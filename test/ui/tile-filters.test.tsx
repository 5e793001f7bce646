// A count tile on a home opens its list already filtered to what it counts: the number on the tile
// and the reports in the list agree, and the filter is shown selected on the list page so the user
// sees why the list is shorter (and can widen it). The calls are answered by a small fake backend
// over one set of reports, counting and filtering the way the snapshot functions do.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { UserView } from '../../cloudfunctions/shared/contracts';
import type { ListMinePayload, QueuePayload, ReportSummary, TasksPayload } from '../../cloudfunctions/shared/contracts/snapshot';
import Workbench from '../../src/components/workbench';
import IndexPage from '../../src/pages/index';
import MinePage from '../../src/pkg-snapshot/mine';
import QueuePage from '../../src/pkg-snapshot/queue';
import TasksPage from '../../src/pkg-snapshot/tasks';
import { resetSession, setUser } from '../../src/services/session';
import { makeReportSummary, makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

// The route of the page being rendered, as Taro hands it to getCurrentInstance().
let route: Record<string, string> = {};
jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.default.getCurrentInstance = () => ({ router: { params: route } });
  mock.useReachBottom = jest.fn();
  return mock;
});
jest.mock('../../src/services/snapshot', () => ({
  ...jest.requireActual('../../src/services/snapshot'),
  categories: jest.fn(async () => []),
  queue: jest.fn(),
  queueCounts: jest.fn(),
  homeCounts: jest.fn(),
  tasks: jest.fn(),
  listMine: jest.fn(),
}));
jest.mock('../../src/services/place', () => ({
  ...jest.requireActual('../../src/services/place'),
  queue: jest.fn(async () => ({ items: [], nextCursor: null })),
  locate: jest.fn(async () => ({ location: { lat: 23.11, lng: 109.58 }, fallback: false })),
  nearby: jest.fn(async () => ({ items: [], nextCursor: null })),
}));
jest.mock('../../src/services/points', () => ({ ...jest.requireActual('../../src/services/points'), manageRewards: jest.fn(async () => ({ items: [], nextCursor: null })) }));

const snapshot = jest.requireMock('../../src/services/snapshot') as Record<string, jest.Mock>;

const NOW = Date.now();
const at = (hours: number) => new Date(NOW + hours * 3600_000).toISOString();
const OPEN = ['submitted', 'accepted', 'dispatched', 'reopened'];

type Doc = ReportSummary & { reporter: string; assignee: string | null };
let seq = 0;
const doc = (status: string, dueIn: number, over: Partial<Doc> = {}): Doc => {
  seq += 1;
  const dueAt = at(dueIn);
  return {
    ...makeReportSummary({
      id: `r${seq}`,
      status: status as ReportSummary['status'],
      description: `上报 ${seq}`,
      createdAt: at(-100 + seq),
      dueAt,
      // As the functions compute it: still open and past the deadline.
      overdue: OPEN.includes(status) && Date.parse(dueAt) < NOW,
    }),
    reporter: 'demo-worker-9',
    assignee: null,
    ...over,
  };
};

/** Pages of `size` in the given order, the cursor being the next index. */
const paged = (items: Doc[], cursor: string | undefined, size: number) => {
  const from = Number(cursor ?? 0);
  const next = from + size;
  return { items: items.slice(from, next), nextCursor: next < items.length ? String(next) : null };
};
const byDue = (a: Doc, b: Doc) => Date.parse(a.dueAt) - Date.parse(b.dueAt);

function fakeBackend(reports: Doc[], me: string, pageSize = 20) {
  snapshot.queueCounts.mockImplementation(async () => {
    const open = reports.filter((r) => OPEN.includes(r.status));
    return {
      submitted: open.filter((r) => r.status === 'submitted' && r.kind === 'issue').length,
      overdue: open.filter((r) => Date.parse(r.dueAt) < NOW).length,
      reopened: open.filter((r) => r.status === 'reopened').length,
      volunteer: open.filter((r) => r.status === 'submitted' && r.kind === 'volunteer').length,
    };
  });
  snapshot.queue.mockImplementation(async (p: QueuePayload) => {
    const status = p.status ?? 'open';
    const list = reports
      .filter((r) => (status === 'open' ? OPEN.includes(r.status) : status === 'all' || r.status === status))
      .filter((r) => !p.overdue || (OPEN.includes(r.status) && Date.parse(r.dueAt) < NOW))
      .filter((r) => !p.kind || r.kind === p.kind)
      .sort(byDue);
    return paged(list, p.cursor, p.pageSize ?? pageSize);
  });
  snapshot.homeCounts.mockImplementation(async () => {
    const tasks = reports.filter((r) => r.assignee === me && ['dispatched', 'reopened'].includes(r.status));
    return {
      toRate: reports.filter((r) => r.reporter === me && r.status === 'resolved').length,
      unread: 0,
      tasks: { open: tasks.length, overdue: tasks.filter((r) => Date.parse(r.dueAt) < NOW).length },
      feedback: null,
    };
  });
  snapshot.tasks.mockImplementation(async (p: TasksPayload) => {
    const todo = (p.status ?? 'todo') === 'todo';
    const list = reports.filter((r) => r.assignee === me && (todo ? ['dispatched', 'reopened'] : ['resolved', 'closed']).includes(r.status)).sort(byDue);
    return paged(list, p.cursor, p.pageSize ?? pageSize);
  });
  snapshot.listMine.mockImplementation(async (p: ListMinePayload) => {
    const statuses = { open: [...OPEN, 'resolved'], toRate: ['resolved'], done: ['closed', 'rejected', 'duplicate', 'verified'] };
    const list = reports
      .filter((r) => r.reporter === me && (!p.status || p.status === 'all' || statuses[p.status].includes(r.status)))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    // The fake's pages stay small whatever is asked, so a filter over them must page on correctly.
    return paged(list, p.cursor, Math.min(p.pageSize ?? pageSize, pageSize));
  });
}

/** Where the tap went, as the route the next page is opened with. */
function lastRoute(): Record<string, string> {
  const calls = (Taro.navigateTo as jest.Mock).mock.calls;
  const url: string = calls[calls.length - 1][0].url;
  const query = url.split('?')[1] ?? '';
  return Object.fromEntries(new URLSearchParams(query));
}

const ids = () => screen.queryAllByTestId('report-card').map((c) => c.getAttribute('data-id'));
const isOn = (testId: string) => screen.getByTestId(testId).className.includes('tabs__item--on');

const staff = (): UserView => makeUser({ openid: 'demo-staff-1', roles: ['worker', 'staff'], scopes: { staff: ['community-hecheng'], gridworker: [], merchant: [] } }, { name: '黄芳' });

beforeEach(() => {
  resetTaroMock();
  resetSession();
  route = {};
  seq = 0;
});

describe('staff workbench tiles', () => {
  // Seven open reports, three of them overdue, two waiting to be accepted (one of those overdue).
  const reports = () => [
    doc('submitted', -5),
    doc('submitted', 20),
    doc('accepted', -30),
    doc('accepted', 10),
    doc('dispatched', -2),
    doc('dispatched', 40),
    doc('reopened', 30),
    doc('submitted', 50, { kind: 'volunteer', category: 'vol_traffic', activity: '交通劝导' }),
    doc('closed', -300),
  ];

  async function openFromTile(tile: string): Promise<string> {
    setUser(staff());
    const { unmount } = render(<Workbench user={staff()} />);
    await waitFor(() => expect(screen.getByTestId(`wb-count-${tile}`).textContent).not.toBe('–'));
    const shown = screen.getByTestId(`wb-count-${tile}`).textContent!;
    fireEvent.click(screen.getByTestId(`wb-${tile}`));
    unmount();
    route = lastRoute();
    render(<QueuePage />);
    await waitFor(() => expect(screen.queryAllByTestId('report-card').length).toBeGreaterThan(0));
    return shown;
  }

  it('超时督办 opens only the overdue reports, with 只看已超时 on', async () => {
    fakeBackend(reports(), 'demo-staff-1');
    const shown = await openFromTile('overdue');
    expect(shown).toBe('3');
    expect(ids()).toEqual(['r3', 'r1', 'r5']); // most overdue first
    expect(screen.getAllByTestId('report-card').every((c) => c.textContent!.includes('已超时'))).toBe(true);
    expect(isOn('queue-status-open')).toBe(true);
    expect((screen.getByTestId('queue-overdue') as unknown as { checked: boolean }).checked).toBe(true);

    // The filter can be taken off on the page: all seven open reports.
    await act(async () => {
      screen.getByTestId('queue-overdue').dispatchEvent(new CustomEvent('change', { detail: { value: false }, bubbles: true }));
    });
    await waitFor(() => expect(ids()).toHaveLength(7));
  });

  it('审核派单 opens the reports waiting to be accepted, on the 待受理 chip', async () => {
    fakeBackend(reports(), 'demo-staff-1');
    const shown = await openFromTile('queue');
    expect(shown).toBe('2');
    expect(ids()).toEqual(['r1', 'r2']);
    expect(isOn('queue-status-submitted')).toBe(true);
    expect(isOn('queue-status-open')).toBe(false);
    fireEvent.click(screen.getByTestId('queue-status-open'));
    await waitFor(() => expect(ids()).toHaveLength(7));
  });
});

describe('grid worker home', () => {
  it('已超时 opens the overdue tasks only, and paging stops where the tasks in time begin', async () => {
    const me = 'demo-gridworker-1';
    fakeBackend(
      [
        doc('dispatched', -40, { assignee: me }),
        doc('reopened', -3, { assignee: me }),
        doc('dispatched', -1, { assignee: me }),
        doc('dispatched', 30, { assignee: me }),
        doc('dispatched', 50, { assignee: me }),
        doc('resolved', -90, { assignee: me }),
        doc('dispatched', -60, { assignee: 'demo-gridworker-2' }),
      ],
      me,
      2, // two tasks a page: the overdue list spans pages
    );
    setUser(makeUser({ openid: me, roles: ['worker', 'gridworker'] }, { name: '周丽' }));
    const { unmount } = render(<IndexPage />);
    await waitFor(() => expect(screen.getByTestId('home-count-overdue').textContent).toContain('3'));
    fireEvent.click(screen.getByTestId('home-count-overdue'));
    unmount();
    route = lastRoute();

    render(<TasksPage />);
    await waitFor(() => expect(ids()).toEqual(['r1', 'r2']));
    expect(isOn('tasks-filter-overdue')).toBe(true);
    fireEvent.click(screen.getByTestId('load-more'));
    await waitFor(() => expect(ids()).toEqual(['r1', 'r2', 'r3']));
    // Nothing after the first task still in time can be overdue: no more to load.
    expect(screen.queryByTestId('load-more')).toBeNull();
    expect(screen.getByText('没有更多了')).toBeTruthy();

    fireEvent.click(screen.getByTestId('tasks-filter-todo'));
    await waitFor(() => expect(ids()).toEqual(['r1', 'r2']));
    expect(screen.getByTestId('load-more')).toBeTruthy(); // all five to-do tasks, two a page
  });
});

describe('rider home', () => {
  it('待评价 opens 我的上报 on 待评价 with just the reports to rate, found across pages', async () => {
    const me = 'demo-worker-1';
    // Newest first, the one to rate is the 6th of 我的上报; 进行中 pages hold three each.
    const mine = [
      doc('submitted', 10, { reporter: me, createdAt: at(-1) }),
      doc('accepted', 10, { reporter: me, createdAt: at(-2) }),
      doc('closed', 10, { reporter: me, createdAt: at(-3) }),
      doc('dispatched', 10, { reporter: me, createdAt: at(-4) }),
      doc('reopened', 10, { reporter: me, createdAt: at(-5) }),
      doc('resolved', 10, { reporter: me, createdAt: at(-6), categoryName: '路灯不亮' }),
      doc('verified', 10, { reporter: me, createdAt: at(-7) }),
      doc('submitted', 10, { reporter: me, createdAt: at(-8) }),
      doc('resolved', -10, { reporter: 'someone-else' }),
    ];
    fakeBackend(mine, me, 3);
    setUser(makeUser({ openid: me }));
    const { unmount } = render(<IndexPage />);
    await waitFor(() => expect(screen.getByTestId('home-count-torate').textContent).toContain('1'));
    fireEvent.click(screen.getByTestId('home-count-torate'));
    unmount();
    route = lastRoute();

    render(<MinePage />);
    await waitFor(() => expect(ids()).toEqual(['r6']));
    expect(screen.getByTestId('report-card').textContent).toContain('路灯不亮');
    expect(isOn('mine-filter-toRate')).toBe(true);
    expect(screen.queryByTestId('load-more')).toBeNull();

    fireEvent.click(screen.getByTestId('mine-filter-all'));
    await waitFor(() => expect(ids()).toEqual(['r1', 'r2', 'r3']));
  });
});
