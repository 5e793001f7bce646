import { Text, View } from '@tarojs/components';
import { DEMO_ACCOUNTS } from './accounts';
import './index.css';

export interface DevAccountPickerProps {
  current?: string;
  /** openid being logged in: that row shows a spinner text and all rows are inert. */
  busy?: string;
  onPick: (openid: string) => void;
}

/** Dev-only list of the emulator's demo accounts (演示账号). */
export default function DevAccountPicker({ current, busy, onPick }: DevAccountPickerProps) {
  return (
    <View className="dev-picker" data-testid="dev-account-picker">
      <Text className="dev-picker__title">选择演示账号</Text>
      <Text className="dev-picker__hint">本地模拟环境专用，正式版本不包含此页面。</Text>
      {DEMO_ACCOUNTS.map((a) => (
        <View
          key={a.openid}
          className={`dev-picker__item${current === a.openid ? ' dev-picker__item--current' : ''}`}
          data-testid={`dev-account-${a.openid}`}
          role="button"
          onClick={() => {
            if (!busy) onPick(a.openid);
          }}
        >
          <View className="dev-picker__item-text">
            <Text className="dev-picker__label">{a.label}</Text>
            <Text className="dev-picker__openid">
              {a.desc} · {a.openid}
            </Text>
          </View>
          <Text className="dev-picker__go">{busy === a.openid ? '登录中…' : '›'}</Text>
        </View>
      ))}
    </View>
  );
}
