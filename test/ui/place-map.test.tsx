import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { NearbyItem } from '../../cloudfunctions/shared/contracts/place';
import { project } from '../../src/components/place-schematic';
import { changesOf, emptyPlaceForm, validatePlaceForm } from '../../src/components/place-form';
import { dayHoursText } from '../../src/constants/place';
import { distanceText } from '../../cloudfunctions/shared/isomorphic/geo';
import MapPage from '../../src/pages/map';
import { locate, nearby } from '../../src/services/place';
import { resetSession, setUser } from '../../src/services/session';
import { makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.default.pageScrollTo = jest.fn(async () => undefined);
  return mock;
});
jest.mock('../../src/services/place', () => ({
  ...jest.requireActual('../../src/services/place'),
  locate: jest.fn(),
  nearby: jest.fn(),
}));

const nearbyMock = nearby as jest.Mock;
const locateMock = locate as jest.Mock;

const item = (id: string, over: Partial<NearbyItem> = {}): NearbyItem => ({
  id,
  name: `地点${id}`,
  type: 'station',
  services: ['water', 'charging'],
  distance: 420,
  openNow: true,
  statusText: '营业中 · 至 21:00',
  is24h: false,
  location: { lat: 23.101, lng: 109.601 },
  address: '荷城路 1 号',
  highlight: '免费饮水',
  ...over,
});

beforeEach(() => {
  resetTaroMock();
  resetSession();
  setUser(makeUser());
  locateMock.mockResolvedValue({ location: { lat: 23.1, lng: 109.6 }, fallback: true });
  nearbyMock.mockReset();
});

describe('the map page (H5 in jsdom)', () => {
  it('says it fell back to the district centre, draws each place on the schematic and lists them', async () => {
    nearbyMock.mockResolvedValue({ items: [item('a'), item('b', { type: 'merchant', openNow: false, statusText: '已打烊 · 明天 08:00 开门' })], nextCursor: null, radius: 3000 });
    render(<MapPage />);
    expect(await screen.findByText('无法获取定位，已使用街区中心')).toBeTruthy();
    await screen.findByTestId('place-list');
    expect(screen.getAllByTestId('place-card')).toHaveLength(2);
    expect(screen.getAllByTestId('schematic-dot')).toHaveLength(2);
    expect(screen.getByText('已打烊 · 明天 08:00 开门')).toBeTruthy();
    expect(nearbyMock).toHaveBeenCalledWith({ location: { lat: 23.1, lng: 109.6 }, radius: 3000, pageSize: 20 }, { silent: true });
  });

  it('sends the chosen services and 营业中 with the search, and offers to clear filters when nothing matches', async () => {
    nearbyMock.mockResolvedValue({ items: [item('a')], nextCursor: null, radius: 3000 });
    render(<MapPage />);
    await screen.findByTestId('place-list');
    nearbyMock.mockResolvedValue({ items: [], nextCursor: null, radius: 3000 });
    await act(async () => {
      fireEvent.click(screen.getByTestId('filter-service-charging'));
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('filter-open-now'));
    });
    expect(nearbyMock).toHaveBeenLastCalledWith(expect.objectContaining({ services: ['charging'], openNow: true }), { silent: true });
    expect(await screen.findByText('附近没有符合条件的地点')).toBeTruthy();
    nearbyMock.mockResolvedValue({ items: [item('a')], nextCursor: null, radius: 3000 });
    await act(async () => {
      fireEvent.click(screen.getByText('清除筛选'));
    });
    await screen.findByTestId('place-list');
    expect(nearbyMock.mock.calls.at(-1)![0]).toEqual({ location: { lat: 23.1, lng: 109.6 }, radius: 3000, pageSize: 20 });
  });

  it('loads the next page with the cursor and appends it; a tapped dot selects its card', async () => {
    nearbyMock.mockResolvedValueOnce({ items: [item('a')], nextCursor: 'c1', radius: 3000 });
    render(<MapPage />);
    await screen.findByTestId('place-list');
    nearbyMock.mockResolvedValueOnce({ items: [item('b')], nextCursor: null, radius: 3000 });
    await act(async () => {
      fireEvent.click(screen.getByTestId('load-more'));
    });
    await waitFor(() => expect(screen.getAllByTestId('place-card')).toHaveLength(2));
    expect(nearbyMock).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: 'c1' }), { silent: true });
    expect(screen.getByText('没有更多了')).toBeTruthy();
    fireEvent.click(screen.getAllByTestId('schematic-dot')[1]);
    expect(screen.getAllByTestId('place-card')[1].className).toContain('place-card--selected');
    expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#place-b' }));
  });

  it('shows an error with a retry', async () => {
    const { ApiCallError } = jest.requireActual('../../src/services/errors');
    nearbyMock.mockRejectedValueOnce(new ApiCallError('NETWORK', '网络不太好，请稍后重试'));
    render(<MapPage />);
    expect(await screen.findByText('网络不太好，请稍后重试')).toBeTruthy();
    nearbyMock.mockResolvedValueOnce({ items: [item('a')], nextCursor: null, radius: 3000 });
    await act(async () => {
      fireEvent.click(screen.getByText('重试'));
    });
    await screen.findByTestId('place-list');
  });

  it('shows staff the review and management entries, and workers only the merchant entry', async () => {
    nearbyMock.mockResolvedValue({ items: [], nextCursor: null, radius: 3000 });
    const { unmount } = render(<MapPage />);
    await screen.findByTestId('entry-my-places');
    expect(screen.queryByTestId('entry-review')).toBeNull();
    unmount();
    act(() => setUser(makeUser({ roles: ['worker', 'staff'] })));
    render(<MapPage />);
    await screen.findByTestId('entry-review');
    fireEvent.click(screen.getByTestId('entry-review'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pkg-place/review/index' });
  });
});

describe('drawing and wording helpers', () => {
  it('puts a place 1.5 km east at three quarters across a 3 km schematic, north up', () => {
    const c = { lat: 23.1, lng: 109.6 };
    const east = project(c, 3000, { lat: 23.1, lng: 109.6 + 1500 / (111320 * Math.cos((23.1 * Math.PI) / 180)) });
    expect(east.x).toBeCloseTo(75, 0);
    expect(east.y).toBeCloseTo(50, 5);
    expect(project(c, 3000, { lat: 23.11, lng: 109.6 }).y).toBeLessThan(50);
  });

  it('words distances and hours', () => {
    expect(distanceText(87)).toBe('90 米');
    expect(distanceText(1234)).toBe('1.2 公里');
    const hours = { weekly: [[{ open: '18:00', close: '02:00' }], [], [{ open: '08:00', close: '24:00' }], [], [], [], []] };
    expect(dayHoursText(hours, 0)).toBe('18:00–次日 02:00');
    expect(dayHoursText(hours, 1)).toBe('休息');
    expect(dayHoursText(hours, 2)).toBe('08:00–24:00');
    expect(dayHoursText({ ...hours, is24h: true }, 1)).toBe('24 小时');
  });

  it('validates the application and sends only what changed on an edit', () => {
    const empty = emptyPlaceForm();
    expect(Object.keys(validatePlaceForm(empty, 'merchant')).sort()).toEqual(['address', 'licence', 'location', 'name', 'phone', 'services']);
    expect(validatePlaceForm(empty, 'station').licence).toBeUndefined();
    const before = { ...empty, name: '黄记牛腩粉', address: '荷城路 102 号', phone: '13807752001', location: { lat: 23.1, lng: 109.59 }, services: ['water' as const] };
    const after = { ...before, offers: [{ title: '骑手套餐', detail: '', workerDiscount: '12 元' }] };
    expect(changesOf('p1', before, after)).toEqual({ id: 'p1', offers: [{ title: '骑手套餐', detail: '', workerDiscount: '12 元' }] });
  });

  it('refuses text over the contract’s limits with the count, naming the offer', () => {
    const ok = { ...emptyPlaceForm(), name: '黄记牛腩粉', address: '荷城路 102 号', phone: '13807752001', location: { lat: 23.1, lng: 109.59 }, services: ['water' as const] };
    expect(validatePlaceForm(ok, 'station')).toEqual({});
    expect(validatePlaceForm({ ...ok, name: '店'.repeat(31) }, 'station')).toEqual({ name: '名称最多 30 个字，现在 31 个字' });
    expect(validatePlaceForm({ ...ok, address: '路'.repeat(81) }, 'station')).toEqual({ address: '地址最多 80 个字，现在 81 个字' });
    const offers = [
      { title: '免费饮水', detail: '', workerDiscount: '' },
      { title: '骑手套餐', detail: '说'.repeat(201), workerDiscount: '' },
    ];
    expect(validatePlaceForm({ ...ok, offers }, 'station')).toEqual({ offers: '第 2 条优惠的说明最多 200 个字，现在 201 个字' });
  });
});
