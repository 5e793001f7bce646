import Taro from '@tarojs/taro';
import { handOff, takeHandOff } from '../../services/handoff';

/** What the 编辑资料 form is opened for: the whole profile, or the 所在社区 field in particular. */
export type EditFocus = 'profile' | 'community';

const KEY = 'me.openEdit';

/**
 * Takes the user to 我的 with 编辑资料 already open (the onboarding prompts: 完善资料, 选择所在社区).
 * The wish is handed over (services/handoff) for the 我的 page to take when it shows; that works the
 * same on weapp and H5.
 */
export function openProfileEdit(focus: EditFocus = 'profile'): void {
  handOff(KEY, focus);
  void Promise.resolve(Taro.switchTab({ url: '/pages/me/index' })).catch(() => undefined);
}

/** The pending wish, cleared as it is read so a later visit to 我的 opens the page as usual. */
export function takeEditRequest(): EditFocus | null {
  const v = takeHandOff(KEY, (x): x is string => typeof x === 'string' && x !== '');
  if (!v) return null;
  return v === 'community' ? 'community' : 'profile';
}
