import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { AssigneeView } from '../../cloudfunctions/shared/contracts/snapshot';
import type { ReportView } from '../../cloudfunctions/shared/contracts/snapshot';
import DetailPage from '../../src/pkg-snapshot/detail';
import { resetSession, setUser } from '../../src/services/session';
import { assignees, getReport } from '../../src/services/snapshot';
import { makeReportSummary, makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.default.showModal = jest.fn(async () => ({ confirm: false }));
  mock.useRouter = () => ({ params: { id: 'r-crack' } });
  return mock;
});
jest.mock('../../src/services/snapshot', () => ({
  ...jest.requireActual('../../src/services/snapshot'),
  getReport: jest.fn(),
  assignees: jest.fn(),
  nearby: jest.fn(async () => []),
}));

const RATED_UNFIXED = { score: 2, fixed: false, comment: '下了一场雨又裂开了', at: '2026-11-28T02:00:00.000Z' };

function report(over: Partial<ReportView>): ReportView {
  return {
    ...makeReportSummary({
      id: 'r-crack', category: 'road_damage', categoryName: '道路破损', status: 'resolved', description: '路面裂缝', address: '荷城路 88 号',
      region: { level: 'grid', gridId: 'g1', gridName: '荷城一网格', communityId: 'c1', communityName: '荷城社区' },
      createdAt: '2026-11-26T02:00:00.000Z', dueAt: '2026-11-29T02:00:00.000Z', assigneeName: '黄伟',
    }),
    photos: [], hiddenPhotos: 0, location: { lat: 23.1, lng: 109.6 }, place: null,
    resolution: { note: '重新浇筑了路面', photos: [], hiddenPhotos: 0, at: '2026-11-30T02:00:00.000Z', byName: '黄伟' },
    rating: RATED_UNFIXED, rejectReason: '', duplicateOf: null, timeline: [], mine: true, meTooByMe: false, reporter: null, textUnderReview: false, can: ['close'],
    ...over,
  };
}

beforeEach(() => {
  resetTaroMock();
  resetSession();
  setUser(makeUser());
});

describe('the rating on a report’s detail page', () => {
  it('after a 未解决 rating sent it back and it was fixed again, the old rating is labelled as about the earlier fix', async () => {
    (getReport as jest.Mock).mockResolvedValue(report({}));
    render(<DetailPage />);
    const card = await screen.findByTestId('detail-rating');
    expect(card.textContent).toContain('上次处理的评价');
    expect(card.textContent).toContain('已退回网格员重新处理');
    expect(card.textContent).not.toMatch(/^评价/);
    // It comes before the new 处理结果, not under it as if it judged the new fix.
    const resolution = screen.getByTestId('detail-resolution');
    expect(card.compareDocumentPosition(resolution) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('a rating given after the latest fix is shown as its rating, under it', async () => {
    (getReport as jest.Mock).mockResolvedValue(report({ status: 'closed', can: [], rating: { score: 5, fixed: true, comment: '修好了', at: '2026-12-01T02:00:00.000Z' } }));
    render(<DetailPage />);
    const card = await screen.findByTestId('detail-rating');
    expect(card.textContent).toContain('评价');
    expect(card.textContent).not.toContain('上次处理的评价');
    const resolution = screen.getByTestId('detail-resolution');
    expect(resolution.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});

describe('dispatching a report whose grid has no grid worker', () => {
  const accepted = () => report({ status: 'accepted', resolution: null, rating: null, mine: false, can: ['dispatch'], region: { level: 'grid', gridId: 'g3', gridName: '荷城三网格', communityId: 'c1', communityName: '荷城社区' } });

  beforeEach(() => setUser(makeUser({ roles: ['worker', 'staff'], scopes: { staff: ['c1'], gridworker: [], merchant: [] } })));

  it('says whom to ask, and the 派单 button is off', async () => {
    (getReport as jest.Mock).mockResolvedValue(accepted());
    (assignees as jest.Mock).mockResolvedValue([]);
    render(<DetailPage />);
    expect((await screen.findByTestId('dispatch-nobody')).textContent).toBe('荷城三网格还没有网格员，请联系区管理员在「人员与角色」中设置，设置后再来派单。');
    expect(screen.getByTestId('detail-dispatch').hasAttribute('disabled')).toBe(true);
  });

  it('with grid workers to choose from, 派单 is on', async () => {
    const zhouLi: AssigneeView = { openid: 'gw-1', name: '周丽', grids: ['荷城三网格'], openTasks: 2 };
    (getReport as jest.Mock).mockResolvedValue(accepted());
    (assignees as jest.Mock).mockResolvedValue([zhouLi]);
    render(<DetailPage />);
    expect((await screen.findByTestId('detail-assignee-gw-1')).textContent).toContain('荷城三网格 · 手上 2 单');
    expect(screen.getByTestId('detail-dispatch').hasAttribute('disabled')).toBe(false);
  });
});

describe('重新上报 a rejected report', () => {
  const storage = (Taro as unknown as { __storage: Map<string, unknown> }).__storage;
  const rejected = () => report({ status: 'rejected', rejectReason: '照片看不清，请补充现场照片后重新上报', resolution: null, rating: null, can: [], description: '路面裂缝约两米长' });

  it('opens 随手拍 with what was said and where, without the photos, as a new report', async () => {
    (getReport as jest.Mock).mockResolvedValue(rejected());
    render(<DetailPage />);
    const button = await screen.findByTestId('detail-resubmit');
    await act(async () => {
      fireEvent.click(button);
    });
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/snapshot/index' });
    const draft = storage.get('snapshot.resubmit.v1') as { category: string; description: string; photos: unknown[]; address: string; location: { lat: number }; requestId: string };
    expect(draft).toMatchObject({ category: 'road_damage', description: '路面裂缝约两米长', photos: [], address: '荷城路 88 号', location: { lat: 23.1 } });
    expect(draft.requestId).toEqual(expect.any(String));
  });

  it('asks before replacing an unsent draft, and keeps it when the person says no', async () => {
    storage.set('snapshot.draft.v2.demo-worker-1', { kind: 'issue', category: 'other', description: '还没写完的另一件事', photos: [], location: null, address: '', placeId: '', placeName: '', hours: 1, activity: '', requestId: 'req-other', savedAt: 1 });
    (getReport as jest.Mock).mockResolvedValue(rejected());
    render(<DetailPage />);
    const button = await screen.findByTestId('detail-resubmit');
    await act(async () => {
      fireEvent.click(button);
    });
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '替换未提交的草稿？' }));
    expect(storage.has('snapshot.resubmit.v1')).toBe(false);
    expect(Taro.switchTab).not.toHaveBeenCalled();
  });

  it('is not offered on someone else’s rejected report', async () => {
    (getReport as jest.Mock).mockResolvedValue({ ...rejected(), mine: false });
    render(<DetailPage />);
    await screen.findByTestId('detail-page');
    expect(screen.queryByTestId('detail-resubmit')).toBeNull();
  });
});
