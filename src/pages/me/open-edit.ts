import Taro from '@tarojs/taro';

/** What the 编辑资料 form is opened for: the whole profile, or the 所在社区 field in particular. */
export type EditFocus = 'profile' | 'community';

const KEY = 'me.openEdit';

/**
 * Takes the user to 我的 with 编辑资料 already open (the onboarding prompts: 完善资料, 选择所在社区).
 * switchTab drops query params in WeChat, so the wish travels as a one-shot storage flag that the
 * 我的 page takes (and clears) when it shows; that works the same on weapp and H5.
 */
export function openProfileEdit(focus: EditFocus = 'profile'): void {
  Taro.setStorageSync(KEY, focus);
  void Promise.resolve(Taro.switchTab({ url: '/pages/me/index' })).catch(() => undefined);
}

/** The pending wish, cleared as it is read so a later visit to 我的 opens the page as usual. */
export function takeEditRequest(): EditFocus | null {
  const v = Taro.getStorageSync(KEY) as unknown;
  if (!v) return null;
  Taro.removeStorageSync(KEY);
  return v === 'community' ? 'community' : 'profile';
}
