// A stand-in for @tarojs/taro in jsdom: the APIs the app uses, as jest mocks, with storage in a Map.
// Use in a test file: jest.mock('@tarojs/taro', () => require('./taro-mock'));
const storage = new Map<string, unknown>();

const Taro = {
  showToast: jest.fn(),
  request: jest.fn(),
  reLaunch: jest.fn(async () => undefined),
  switchTab: jest.fn(async () => undefined),
  navigateTo: jest.fn(async () => undefined),
  pageScrollTo: jest.fn(async () => undefined),
  setTabBarItem: jest.fn(async () => undefined),
  openPrivacyContract: jest.fn(),
  onNeedPrivacyAuthorization: jest.fn(),
  cloud: { init: jest.fn(), callFunction: jest.fn() },
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, value);
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key);
  }),
  __storage: storage,
};

export const useLaunch = jest.fn();
export const useDidShow = jest.fn();
export default Taro;

/** Clear calls and storage between tests. */
export function resetTaroMock(): void {
  storage.clear();
  jest.clearAllMocks();
}
