import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import DevAccountPicker from '../../components/dev-account-picker';
import { getDevOpenid, setDevOpenid } from '../../services/dev-account';
import { getSession, login, resetSession } from '../../services/session';

/**
 * Emulator build only (listed in app.config only when TARO_APP_DEV_LOGIN=1): pick a demo account, whose openid
 * the H5 build then sends as x-wx-openid, log in, and go home.
 */
export default function DevLoginPage() {
  const [busy, setBusy] = useState('');

  const pick = async (openid: string) => {
    setBusy(openid);
    setDevOpenid(openid);
    resetSession();
    const user = await login();
    setBusy('');
    if (user) {
      void Taro.reLaunch({ url: '/pages/index/index' });
    } else {
      Taro.showToast({ title: getSession().error || '登录失败，请稍后重试', icon: 'none' });
    }
  };

  return (
    <View className="yh-page">
      <DevAccountPicker current={getDevOpenid()} busy={busy} onPick={(id) => void pick(id)} />
    </View>
  );
}
