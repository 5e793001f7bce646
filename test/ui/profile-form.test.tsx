import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ProfileForm from '../../src/components/profile-form';
import { ApiCallError } from '../../src/services/errors';
import { updateProfile } from '../../src/services/user';
import { fireTaroEvent, makeUser } from './fixtures';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => require('./taro-mock'));
const CHOICES = {
  items: [
    { id: 'community-hecheng', name: '荷城社区', streetName: '港城街道' },
    { id: 'community-shiyangtang', name: '石羊塘社区', streetName: '港城街道' },
  ],
  suggested: null as string | null,
};
jest.mock('../../src/services/user', () => ({ updateProfile: jest.fn(), communities: jest.fn() }));
jest.mock('../../src/services/place', () => ({ locate: jest.fn() }));
const { communities } = jest.requireMock('../../src/services/user') as { communities: jest.Mock };
const { locate } = jest.requireMock('../../src/services/place') as { locate: jest.Mock };

const update = updateProfile as jest.Mock;
const toast = Taro.showToast as unknown as jest.Mock;

function type(testId: string, value: string) {
  act(() => fireTaroEvent(screen.getByTestId(testId), 'input', { value }));
}

beforeEach(() => {
  resetTaroMock();
  communities.mockImplementation(async (loc?: unknown) => (loc ? { ...CHOICES, suggested: 'community-shiyangtang' } : CHOICES));
  locate.mockResolvedValue({ location: { lat: 23.115, lng: 109.62 }, fallback: false });
});

describe('ProfileForm', () => {
  it('shows the current profile with the Chinese options selected', () => {
    render(<ProfileForm user={makeUser()} onSaved={jest.fn()} />);
    expect(screen.getByTestId('input-name').getAttribute('value')).toBe('李明');
    expect(screen.getByRole('radio', { name: '外卖骑手' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('radio', { name: '美团' }).getAttribute('aria-checked')).toBe('true');
    for (const label of ['快递员', '网约车司机', '货车司机', '饿了么', '顺丰', '京东', '滴滴']) {
      expect(screen.getByRole('radio', { name: label })).toBeTruthy();
    }
  });

  it('validates name and phone before calling the service', async () => {
    render(<ProfileForm user={makeUser()} onSaved={jest.fn()} />);
    type('input-name', '   ');
    type('input-phone', '12345');
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('请填写姓名')).toBeTruthy();
    expect(screen.getByText('请输入 11 位手机号（现在 5 位）')).toBeTruthy();
    expect(update).not.toHaveBeenCalled();
  });

  it('refuses a name over 20 characters with the count instead of cutting it, and brings it into view', async () => {
    render(<ProfileForm user={makeUser()} onSaved={jest.fn()} />);
    const long = '欧阳'.repeat(10) + '娜';
    type('input-name', long);
    expect(screen.getByTestId('input-name').getAttribute('value')).toBe(long);
    expect(screen.getByTestId('name-count').textContent).toBe('21/20');
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('姓名最多 20 个字，现在 21 个字')).toBeTruthy();
    expect(Taro.pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '#profile-field-name' }));
    expect(update).not.toHaveBeenCalled();
  });

  it('requires a work type for a new user', async () => {
    render(<ProfileForm user={makeUser({}, { name: '', phone: '', platform: '', workType: '' })} onSaved={jest.fn()} />);
    type('input-name', '新骑手');
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('请选择工作类型')).toBeTruthy();
    expect(update).not.toHaveBeenCalled();
  });

  it('sends only the changed fields, shows a loading state, then toasts 已保存', async () => {
    let finish!: (u: unknown) => void;
    const saved = makeUser({}, { name: '李明明', workType: 'courier', platform: 'sf' });
    update.mockReturnValue(new Promise((r) => (finish = r)));
    const onSaved = jest.fn();
    render(<ProfileForm user={makeUser()} onSaved={onSaved} />);

    type('input-name', '李明明');
    fireEvent.click(screen.getByRole('radio', { name: '快递员' }));
    fireEvent.click(screen.getByRole('radio', { name: '顺丰' }));
    fireEvent.click(screen.getByText('保存'));

    expect(await screen.findByText('保存中…')).toBeTruthy();
    expect(update).toHaveBeenCalledWith({ name: '李明明', workType: 'courier', platform: 'sf' }, { silent: true });

    await act(async () => finish(saved));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存', icon: 'success' }));
    expect(screen.getByText('保存')).toBeTruthy();
  });

  it('shows a server field error next to the field, and other errors as a toast', async () => {
    render(<ProfileForm user={makeUser()} onSaved={jest.fn()} />);
    update.mockRejectedValueOnce(new ApiCallError('INPUT.INVALID', '手机号已被使用', 'phone'));
    type('input-phone', '13900000000');
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('手机号已被使用')).toBeTruthy();
    expect(toast).not.toHaveBeenCalled();

    update.mockRejectedValueOnce(new ApiCallError('NETWORK', '网络不太好，请稍后重试'));
    type('input-phone', '13900000001');
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络不太好，请稍后重试', icon: 'none' })));
  });

  it('does not call the service when nothing changed', async () => {
    const onSaved = jest.fn();
    render(<ProfileForm user={makeUser()} onSaved={onSaved} />);
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(update).not.toHaveBeenCalled();
  });
});

describe('ProfileForm: 所在社区', () => {
  it('suggests the community where the rider is, changeable, and saves the one chosen', async () => {
    const saved = makeUser({}, { communityId: 'community-hecheng' });
    update.mockResolvedValue(saved);
    const onSaved = jest.fn();
    render(<ProfileForm user={makeUser({}, { communityId: '' })} onSaved={onSaved} />);
    const suggested = await screen.findByRole('radio', { name: '石羊塘社区（推荐）' });
    expect(communities).toHaveBeenCalledWith({ lat: 23.115, lng: 109.62 }, { silent: true });
    await waitFor(() => expect(suggested.getAttribute('aria-checked')).toBe('true'));
    expect(screen.getByText(/已按你现在的位置推荐/)).toBeTruthy();
    // The rider lives elsewhere: they pick another one.
    fireEvent.click(screen.getByRole('radio', { name: '荷城社区' }));
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(update).toHaveBeenCalledWith({ communityId: 'community-hecheng' }, { silent: true });
  });

  it('suggests nothing when the position is unknown, and keeps a community already chosen', async () => {
    locate.mockResolvedValue({ location: { lat: 23.1, lng: 109.6 }, fallback: true });
    render(<ProfileForm user={makeUser({}, { communityId: 'community-hecheng' })} onSaved={jest.fn()} />);
    const mine = await screen.findByRole('radio', { name: '荷城社区' });
    expect(mine.getAttribute('aria-checked')).toBe('true');
    expect(screen.queryByText(/推荐/)).toBeNull();
    expect(communities).not.toHaveBeenCalledWith(expect.anything(), expect.anything());
  });
});

describe('ProfileForm for district roles', () => {

  it('does not require a work type from a grid worker', async () => {
    const saved = makeUser({ roles: ['worker', 'gridworker'] }, { name: '周丽', workType: '' });
    update.mockResolvedValue(saved);
    const onSaved = jest.fn();
    render(<ProfileForm user={makeUser({ roles: ['worker', 'gridworker'] }, { name: '周', workType: '', platform: '' })} onSaved={onSaved} />);
    type('input-name', '周丽');
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(update).toHaveBeenCalledWith({ name: '周丽' }, { silent: true });
  });
});
