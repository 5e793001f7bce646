import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CategoryView, NearbyItem, ReportView } from '../../cloudfunctions/shared/contracts/snapshot';
import SnapshotPage, { missingFor } from '../../src/pages/snapshot';
import { resetSession, setUser } from '../../src/services/session';
import { cachedSettings, categories, currentLocation, emptyDraft, meToo, nearby, submit, unreadCount } from '../../src/services/snapshot';
import { fireTaroEvent, makeUser } from './fixtures';
import { ApiCallError } from '../../src/services/errors';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.default.showModal = jest.fn(async () => ({ confirm: true }));
  return mock;
});
jest.mock('../../src/services/user', () => ({
  ...jest.requireActual('../../src/services/user'),
  communities: jest.fn(async () => ({ items: [{ id: 'community-hecheng', name: '荷城社区', streetName: '港城街道' }], suggested: 'community-hecheng' })),
}));
jest.mock('../../src/services/snapshot', () => ({
  ...jest.requireActual('../../src/services/snapshot'),
  categories: jest.fn(),
  cachedSettings: jest.fn(),
  unreadCount: jest.fn(),
  nearby: jest.fn(),
  meToo: jest.fn(),
  submit: jest.fn(),
  currentLocation: jest.fn(),
}));

const cat = (code: string, name: string, over: Partial<CategoryView> = {}): CategoryView => ({ code, name, kind: 'issue', points: 10, slaHours: 72, photoRequired: true, routing: 'location', enabled: true, order: 1, glyph: name.slice(0, 1), ...over });
const CATS = [cat('road_damage', '道路破损'), cat('other', '其他', { photoRequired: false, points: 3 }), cat('volunteer', '志愿服务', { kind: 'volunteer', points: 0 })];
const near = (over: Partial<NearbyItem> = {}): NearbyItem => ({ id: 'r-near', category: 'road_damage', categoryName: '道路破损', status: 'accepted', description: '路口有个坑', thumb: '', distance: 35, meTooCount: 1, mine: false, meTooByMe: false, createdAt: '2026-11-20T01:00:00.000Z', ...over });
const storage = (Taro as unknown as { __storage: Map<string, unknown> }).__storage;
const DRAFT = 'snapshot.draft.v2.demo-worker-1';

beforeEach(() => {
  resetTaroMock();
  resetSession();
  setUser(makeUser());
  (categories as jest.Mock).mockResolvedValue(CATS);
  (cachedSettings as jest.Mock).mockResolvedValue({ templates: {}, uploadDir: 'snapshot/uabc' });
  (unreadCount as jest.Mock).mockResolvedValue({ unread: 3 });
  (nearby as jest.Mock).mockResolvedValue([]);
  (currentLocation as jest.Mock).mockResolvedValue({ lat: 23.112, lng: 109.565, address: '' });
});

describe('the 随手拍 form', () => {
  it('says what is missing before anything is sent', () => {
    const d = emptyDraft();
    expect(missingFor(d, undefined)).toBe('请选择问题类型');
    expect(missingFor({ ...d, category: 'road_damage' }, CATS[0])).toBe('请至少拍 1 张照片');
    expect(missingFor({ ...d, category: 'other', description: '坑' }, CATS[1])).toBe('请简单描述一下情况');
    expect(missingFor({ ...d, category: 'other', description: '路口有坑' }, CATS[1])).toBe('请先获取位置');
    expect(missingFor({ ...d, kind: 'volunteer', category: 'volunteer', photos: [{ fileID: 'cloud://x', preview: '' }], description: '帮忙' }, CATS[2])).toBe('请填写服务内容');
  });

  it('restores the saved draft, shows the unread count, and refuses to send without a location', async () => {
    storage.set(DRAFT, { ...emptyDraft(), category: 'other', description: '小区门口井盖松动', requestId: 'req-draft-1' });
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-other');
    expect((screen.getByTestId('snapshot-description') as HTMLTextAreaElement).value ?? screen.getByTestId('snapshot-description').getAttribute('value')).toBe('小区门口井盖松动');
    expect(await screen.findByTestId('snapshot-badge-messages')).toHaveProperty('textContent', '3');
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已恢复未提交的草稿' }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-submit'));
    });
    expect(Taro.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '请先获取位置' }));
    expect(submit).not.toHaveBeenCalled();
  });

  it('offers 我也遇到了 on a nearby report of the same kind, then files with the draft requestId and clears the draft', async () => {
    storage.set(DRAFT, { ...emptyDraft(), category: 'other', description: '路口有个坑，很危险', requestId: 'req-draft-2' });
    (nearby as jest.Mock).mockResolvedValue([near({ category: 'other', categoryName: '其他' }), near({ id: 'r-mine', mine: true })]);
    (meToo as jest.Mock).mockResolvedValue({ id: 'r-near', meTooCount: 2, meTooByMe: true });
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-other');
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-locate'));
    });
    await screen.findByTestId('snapshot-nearby');
    expect(nearby).toHaveBeenCalledWith({ location: { lat: 23.112, lng: 109.565 }, category: 'other' }, { silent: true });
    // The worker's own report is not offered back to them.
    expect(screen.getAllByTestId('snapshot-nearby-item')).toHaveLength(1);
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-metoo-r-near'));
    });
    expect(meToo).toHaveBeenCalledWith('r-near');
    expect(await screen.findByText('已附议')).toBeTruthy();
    expect(screen.getByText(/我也遇到了 ×2/)).toBeTruthy();

    (submit as jest.Mock).mockResolvedValue({ id: 'r-new', kind: 'issue', region: { gridName: '荷城一网格', communityName: '荷城社区' } } as unknown as ReportView);
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-submit'));
    });
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ kind: 'issue', category: 'other', description: '路口有个坑，很危险', location: { lat: 23.112, lng: 109.565 }, requestId: 'req-draft-2', photos: [] }), { silent: true });
    await screen.findByTestId('snapshot-success');
    expect(screen.getByText(/已转给荷城一网格/)).toBeTruthy();
    // The result is brought into view (the page was scrolled down to the submit button).
    expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ scrollTop: 0 }));
    await waitFor(() => expect(storage.has(DRAFT)).toBe(false));
  });

  it('shows the place in words, never coordinates, with the address editable', async () => {
    storage.set(DRAFT, { ...emptyDraft(), category: 'other', description: '路口有个坑', requestId: 'req-draft-3' });
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-other');
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-locate'));
    });
    await waitFor(() => expect(screen.getByTestId('snapshot-area').textContent).toContain('荷城社区'));
    const where = screen.getByTestId('snapshot-location').textContent ?? '';
    expect(where).toContain('荷城社区附近');
    expect(where).not.toMatch(/北纬|东经|23\.112/);
    act(() => fireTaroEvent(screen.getByTestId('snapshot-address'), 'input', { value: '荷城路 102 号门口' }));
    await waitFor(() => expect(screen.getByTestId('snapshot-location').textContent).toContain('荷城路 102 号门口'));
  });

  it('says 提交中… while waiting, and after no reply retries with the same requestId', async () => {
    storage.set(DRAFT, { ...emptyDraft(), category: 'other', description: '路口有个坑，很危险', requestId: 'req-slow-1', location: { lat: 23.112, lng: 109.565, address: '' } });
    let fail: (e: unknown) => void = () => undefined;
    (submit as jest.Mock).mockImplementationOnce(() => new Promise((_, reject) => (fail = reject)));
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-other');
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-submit'));
    });
    expect(screen.getByTestId('snapshot-submit').textContent).toBe('提交中…');
    await act(async () => fail(new ApiCallError('TIMEOUT', '网络较慢，没有等到回复，请重试')));
    expect(screen.getByTestId('snapshot-unanswered').textContent).toContain('不会重复上报');
    expect(screen.getByTestId('snapshot-submit').textContent).toBe('重新提交');

    (submit as jest.Mock).mockResolvedValueOnce({ id: 'r-slow', kind: 'issue', region: { gridName: '荷城一网格', communityName: '荷城社区' } } as unknown as ReportView);
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-submit'));
    });
    await screen.findByTestId('snapshot-success');
    expect(submit).toHaveBeenCalledTimes(2);
    expect((submit as jest.Mock).mock.calls.map((c) => c[0].requestId)).toEqual(['req-slow-1', 'req-slow-1']);
  });

  it('keeps each account’s draft to itself: after 切换账号 the other account starts empty', async () => {
    storage.set(DRAFT, { ...emptyDraft(), category: 'other', description: '李明写了一半的上报', requestId: 'req-mine' });
    resetSession();
    setUser(makeUser({ openid: 'demo-worker-2' }, { name: '王芳' }));
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-other');
    expect(screen.queryByText('李明写了一半的上报')).toBeNull();
    expect(screen.getByTestId('snapshot-description').getAttribute('value') ?? '').toBe('');
    expect(Taro.showToast).not.toHaveBeenCalledWith(expect.objectContaining({ title: '已恢复未提交的草稿' }));
    // Writing there saves under the other account, leaving the first account's draft as it was.
    act(() => fireTaroEvent(screen.getByTestId('snapshot-description'), 'input', { value: '王芳的新上报' }));
    await waitFor(() => expect((storage.get('snapshot.draft.v2.demo-worker-2') as { description: string } | undefined)?.description).toBe('王芳的新上报'));
    expect((storage.get(DRAFT) as { description: string }).description).toBe('李明写了一半的上报');
  });

  it('opened from a place page (反馈问题), a fresh form is not announced as a restored draft', async () => {
    (categories as jest.Mock).mockResolvedValue([...CATS, cat('place_feedback', '站点反馈', { routing: 'place', photoRequired: false })]);
    storage.set('snapshot.prefill.v1', { placeId: 'p-station', placeName: '金港大道骑手之家' });
    render(<SnapshotPage />);
    expect((await screen.findByTestId('snapshot-place-picked')).textContent).toContain('金港大道骑手之家');
    expect(Taro.showToast).not.toHaveBeenCalledWith(expect.objectContaining({ title: '已恢复未提交的草稿' }));
  });

  it('a draft left from before is announced, also when a place page then fills in the place', async () => {
    storage.set(DRAFT, { ...emptyDraft(), category: 'other', description: '门口台阶坏了', requestId: 'req-draft-2' });
    storage.set('snapshot.prefill.v1', { placeId: 'p-station', placeName: '金港大道骑手之家' });
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-other');
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已恢复未提交的草稿' }));
  });

  it('without a position on the web, says to allow the browser and use the schematic', async () => {
    (currentLocation as jest.Mock).mockRejectedValueOnce(new Error('denied'));
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-other');
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-locate'));
    });
    expect(Taro.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '没有获取到位置', content: expect.stringContaining('示意图选点') }));
    expect((Taro.showModal as jest.Mock).mock.calls.at(-1)[0].content).not.toContain('小程序');
  });

  it('重新上报 fills the form from the rejected report, with a new request id, and says to add photos', async () => {
    storage.set(DRAFT, { ...emptyDraft(), category: 'other', description: '旧草稿', requestId: 'req-old' });
    storage.set('snapshot.resubmit.v1', { ...emptyDraft(), category: 'road_damage', description: '路面裂缝约两米长', location: { lat: 23.112, lng: 109.565, address: '荷城路 88 号' }, address: '荷城路 88 号', requestId: 'req-resubmit' });
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-road_damage');
    expect(screen.getByTestId('snapshot-description').getAttribute('value') ?? (screen.getByTestId('snapshot-description') as HTMLTextAreaElement).value).toBe('路面裂缝约两米长');
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已按原上报填好，请补充照片后提交' }));
    expect(Taro.showToast).not.toHaveBeenCalledWith(expect.objectContaining({ title: '已恢复未提交的草稿' }));
    await waitFor(() => expect((storage.get(DRAFT) as { requestId: string }).requestId).toBe('req-resubmit'));
    expect(storage.has('snapshot.resubmit.v1')).toBe(false);
  });

  it('drops a draft saved before drafts had an owner', async () => {
    storage.set('snapshot.draft.v1', { ...emptyDraft(), category: 'other', description: '不知道是谁的草稿', requestId: 'req-legacy' });
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-other');
    expect(screen.queryByText('不知道是谁的草稿')).toBeNull();
    expect(storage.has('snapshot.draft.v1')).toBe(false);
  });

  it('marks the field that stops the submit and scrolls to it; text over the limit is refused with its count, not cut', async () => {
    render(<SnapshotPage />);
    await screen.findByTestId('snapshot-category-other');
    // Nothing chosen: the category grid (far above the button) is marked and brought into view.
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-submit'));
    });
    expect(screen.getByTestId('snapshot-error-category').textContent).toBe('请选择问题类型');
    expect(Taro.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#snap-field-category' }));
    expect(document.querySelector('#snap-field-category')?.className).toContain('snap-field--invalid');

    // Choosing fixes it; a description of 505 characters is kept whole and refused with the count.
    fireEvent.click(screen.getByTestId('snapshot-category-other'));
    expect(screen.queryByTestId('snapshot-error-category')).toBeNull();
    const long = '路'.repeat(505);
    const box = screen.getByTestId('snapshot-description');
    fireEvent.input(box.querySelector('textarea') ?? box, { target: { value: long }, detail: { value: long } });
    await waitFor(() => expect(screen.getByTestId('snapshot-description-count').textContent).toContain('超出 5 字'));
    expect(screen.getByTestId('snapshot-description-count').textContent).toContain('505/500');
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-locate'));
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('snapshot-submit'));
    });
    expect(screen.getByTestId('snapshot-error-description').textContent).toBe('情况描述最多 500 个字，现在 505 个字，请删减');
    expect(Taro.pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#snap-field-description' }));
    expect(submit).not.toHaveBeenCalled();
  });
});
