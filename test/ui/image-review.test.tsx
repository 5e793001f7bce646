import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ImageReviewItem } from '../../cloudfunctions/shared/contracts/snapshot';
import ImageReviewPage from '../../src/pkg-snapshot/images';
import { ApiCallError } from '../../src/services/errors';
import { resetSession, setUser } from '../../src/services/session';
import { imageQueue, reviewImage } from '../../src/services/snapshot';
import { makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => {
  const mock = require('./taro-mock');
  mock.default.getCurrentInstance = () => ({ router: { params: {} } });
  mock.usePullDownRefresh = jest.fn();
  mock.default.stopPullDownRefresh = jest.fn();
  mock.default.showToast = jest.fn(async () => ({}));
  return mock;
});
jest.mock('../../src/services/snapshot', () => ({ imageQueue: jest.fn(), reviewImage: jest.fn() }));

jest.setTimeout(60_000);
// A shared, busy machine: give the page time to render instead of testing its speed.
const WAIT = { timeout: 10_000 };

const item = (n: number, over: Partial<ImageReviewItem> = {}): ImageReviewItem => ({
  kind: 'report',
  id: `r-${n}`,
  title: '道路破损',
  communityId: 'community-hecheng',
  fileID: `cloud://env.bucket/media/${String(n).padStart(24, '0')}/p.jpg`,
  url: `https://files.example/p${n}.jpg`,
  createdAt: '2026-11-30T02:05:00.000Z',
  ...over,
});

beforeEach(() => {
  resetTaroMock();
  resetSession();
  setUser(makeUser({ openid: 'demo-staff-1', roles: ['worker', 'staff'], scopes: { staff: ['community-hecheng'], gridworker: [], merchant: [] } }, { name: '黄芳' }));
  (imageQueue as jest.Mock).mockReset();
  (reviewImage as jest.Mock).mockReset();
});

test('lists the waiting images in Chinese with their kind and Shanghai time, and a decision removes one', async () => {
  (imageQueue as jest.Mock).mockResolvedValue({ items: [item(1), item(2, { kind: 'place', title: '阿周修车' })] });
  (reviewImage as jest.Mock).mockResolvedValue({ fileID: item(1).fileID, check: 'approved' });
  render(<ImageReviewPage />);
  await waitFor(() => expect(screen.getAllByTestId('image-review-item')).toHaveLength(2), WAIT);
  expect(screen.getByText('随手拍照片 · 11月30日 10:05')).toBeTruthy();
  expect(screen.getByText(/商户\/站点图片/)).toBeTruthy();
  fireEvent.click(screen.getAllByTestId('image-approve')[0]);
  await waitFor(() => expect(screen.getAllByTestId('image-review-item')).toHaveLength(1), WAIT);
  expect(reviewImage).toHaveBeenCalledWith({ kind: 'report', id: 'r-1', fileID: item(1).fileID, decision: 'approve' }, { silent: true });
});

test('says so when nothing waits, and shows a refusal next to the image it concerns', async () => {
  (imageQueue as jest.Mock).mockResolvedValueOnce({ items: [] });
  const { unmount } = render(<ImageReviewPage />);
  await waitFor(() => expect(screen.getByText('没有待审核的图片')).toBeTruthy(), WAIT);
  unmount();

  (imageQueue as jest.Mock).mockResolvedValue({ items: [item(3)] });
  (reviewImage as jest.Mock).mockRejectedValue(new ApiCallError('IMAGE.NOT_WAITING', '这张图片不在待审核列表中，可能已被其他人处理'));
  render(<ImageReviewPage />);
  await waitFor(() => expect(screen.getAllByTestId('image-review-item')).toHaveLength(1), WAIT);
  fireEvent.click(screen.getByTestId('image-reject'));
  await waitFor(() => expect(screen.getByText('这张图片不在待审核列表中，可能已被其他人处理')).toBeTruthy(), WAIT);
  expect(screen.getAllByTestId('image-review-item')).toHaveLength(1);
});
