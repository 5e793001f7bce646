import { useEffect, useRef, type ReactNode } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import { ensureLogin, login, refreshUser, useSession } from '../../services/session';
import PrivacySheet from '../privacy-sheet';
import EmptyState from '../empty-state';
import './index.css';

export interface PageShellProps {
  /** Render children only once the user is logged in; they get the user. */
  children: ReactNode | ((user: UserView) => ReactNode);
  requireUser?: boolean;
}

/**
 * Every page's frame: the privacy sheet (weapp), the login loading / error states, and — in the H5 emulator
 * build only — the jump to the demo account picker when no account is picked yet.
 */
export default function PageShell({ children, requireUser = false }: PageShellProps) {
  const session = useSession();

  useEffect(() => {
    if (session.status === 'idle') void ensureLogin();
  }, [session.status]);

  // Shown again (back from another page, a tab switch): the balance and roles may have changed there.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && requireUser) void refreshUser();
    shown.current = true;
  });

  useEffect(() => {
    if (process.env.TARO_APP_DEV_LOGIN === '1') {
      if (session.status === 'needs-account') void Taro.reLaunch({ url: '/pages/dev-login/index' });
    }
  }, [session.status]);

  let body: ReactNode;
  if (!requireUser) {
    body = typeof children === 'function' ? null : children;
  } else if (session.status === 'ready' && session.user) {
    body = typeof children === 'function' ? children(session.user) : children;
  } else if (session.status === 'error') {
    body = (
      <EmptyState
        glyph="!"
        title="登录没有成功"
        description={session.error}
        action={
          <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => void login()}>
            重新登录
          </Button>
        }
      />
    );
  } else {
    body = <EmptyState glyph="…" title="正在登录" description="请稍候" />;
  }

  return (
    <View className="yh-page page-shell">
      {body}
      {process.env.TARO_ENV === 'weapp' ? <PrivacySheet /> : null}
    </View>
  );
}
