import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { answerPrivacy, usePrivacyPending } from '../../services/privacy';
import './index.css';

export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree-btn';

/** Bottom sheet asking for agreement to 《用户隐私保护指引》 while a privacy-gated API waits. */
export default function PrivacySheet() {
  const pending = usePrivacyPending();
  if (!pending) return null;
  return (
    <View className="privacy-sheet__mask">
      <View className="privacy-sheet" role="dialog" aria-label="隐私保护提示">
        <Text className="privacy-sheet__title">隐私保护提示</Text>
        <View className="privacy-sheet__body">
          <Text>使用定位、拍照上报等功能前，请阅读并同意</Text>
          <Text className="privacy-sheet__link" onClick={() => Taro.openPrivacyContract({})}>
            《用户隐私保护指引》
          </Text>
          <Text>。我们只在提供相应服务时使用这些信息。</Text>
        </View>
        <View className="privacy-sheet__actions">
          <Button className="yh-btn yh-btn--ghost privacy-sheet__btn" onClick={() => answerPrivacy({ event: 'disagree' })}>
            拒绝
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className="yh-btn yh-btn--primary privacy-sheet__btn"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={() => answerPrivacy({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID })}
          >
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  );
}
