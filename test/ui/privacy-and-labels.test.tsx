import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import PrivacySheet from '../../src/components/privacy-sheet';
import { isPrivacyPending, requestPrivacy } from '../../src/services/privacy';
import { PLATFORM_OPTIONS, WORK_TYPE_OPTIONS, PHONE_PATTERN } from '../../src/constants/labels';
import { PLATFORM_LABELS, WORK_TYPE_LABELS, updateProfilePayload } from '../../cloudfunctions/shared/contracts/user';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => require('./taro-mock'));

beforeEach(() => resetTaroMock());

describe('privacy sheet', () => {
  it('is hidden until WeChat asks, links the guideline, and resolves disagree on 拒绝', () => {
    render(<PrivacySheet />);
    expect(screen.queryByText('隐私保护提示')).toBeNull();
    const resolve = jest.fn();
    act(() => requestPrivacy(resolve));
    expect(screen.getByText('隐私保护提示')).toBeTruthy();
    fireEvent.click(screen.getByText('《用户隐私保护指引》'));
    expect(Taro.openPrivacyContract).toHaveBeenCalled();
    const agree = screen.getByText('同意并继续').closest('taro-button-core');
    expect(agree?.getAttribute('open-type') ?? (agree as unknown as { openType?: string })?.openType).toBe('agreePrivacyAuthorization');
    fireEvent.click(screen.getByText('拒绝'));
    expect(resolve).toHaveBeenCalledWith({ event: 'disagree' });
    expect(isPrivacyPending()).toBe(false);
    expect(screen.queryByText('隐私保护提示')).toBeNull();
  });

  it('resolves agree with the button id when the agree button fires', () => {
    render(<PrivacySheet />);
    const resolve = jest.fn();
    act(() => requestPrivacy(resolve));
    const agree = screen.getByText('同意并继续').closest('taro-button-core')!;
    act(() => {
      agree.dispatchEvent(new CustomEvent('agreeprivacyauthorization', { detail: {}, bubbles: true }));
    });
    expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: 'privacy-agree-btn' });
  });
});

describe('labels copied from the contracts', () => {
  it('match PLATFORM_LABELS and WORK_TYPE_LABELS', () => {
    expect(Object.fromEntries(PLATFORM_OPTIONS.map((o) => [o.value, o.label]))).toEqual(PLATFORM_LABELS);
    expect(Object.fromEntries(WORK_TYPE_OPTIONS.map((o) => [o.value, o.label]))).toEqual(WORK_TYPE_LABELS);
  });

  it('phone rule agrees with the updateProfile schema', () => {
    for (const phone of ['13807751001', '19912345678', '12345678901', '1380775100', 'abc']) {
      expect(PHONE_PATTERN.test(phone)).toBe(updateProfilePayload.safeParse({ phone }).success);
    }
  });
});
