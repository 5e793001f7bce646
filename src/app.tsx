import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { login } from './services/session';
import { requestPrivacy } from './services/privacy';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      const env = process.env.TARO_APP_CLOUD_ENV;
      // No env id configured → the mini-program's default CloudBase environment.
      Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
      // Privacy-gated APIs (getLocation, chooseImage …) wait here until the user answers the sheet.
      if (typeof Taro.onNeedPrivacyAuthorization === 'function') {
        Taro.onNeedPrivacyAuthorization((resolve) => requestPrivacy(resolve));
      }
    }
    void login();
  });

  return children;
}

export default App;
