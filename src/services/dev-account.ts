import Taro from '@tarojs/taro';

// The caller identity the H5 build sends as `x-wx-openid` to the emulator gateway.
// Only the emulator build (TARO_APP_DEV_LOGIN=1) ever stores one; weapp gets identity from WeChat.
const KEY = 'dev.openid';

export function getDevOpenid(): string {
  try {
    const v = Taro.getStorageSync(KEY);
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}

export function setDevOpenid(openid: string): void {
  Taro.setStorageSync(KEY, openid);
}

export function clearDevOpenid(): void {
  Taro.removeStorageSync(KEY);
}
