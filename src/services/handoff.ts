import Taro from '@tarojs/taro';

// What one page hands to a tab page it opens (a place to give feedback on, a rejected report to file
// again, the form to open on 我的): switchTab takes no query string in WeChat, so the value travels
// through storage and the tab page takes it once, when it shows.

export function handOff(key: string, value: unknown): void {
  Taro.setStorageSync(key, value);
}

/** The value handed over under `key` if it has the expected shape, cleared as it is taken. */
export function takeHandOff<T>(key: string, valid: (v: unknown) => v is T): T | null {
  try {
    const v = Taro.getStorageSync(key) as unknown;
    if (!valid(v)) return null;
    Taro.removeStorageSync(key);
    return v;
  } catch {
    return null;
  }
}
