import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import PageShell from '../../components/page-shell';
import { useLoaded } from '../../components/paged-list';
import ProfileForm from '../../components/profile-form';
import PointsLevel from '../../components/points-level';
import { ROLE_LABELS, needsWorkType, platformLabel, roleTags, workTypeLabel } from '../../constants/labels';
import { clearDevOpenid } from '../../services/dev-account';
import { resetSession, setUser } from '../../services/session';
import { communities } from '../../services/user';
import { scrollToField } from '../../components/form-field';
import { type EditFocus, takeEditRequest } from './open-edit';
import { DeleteAccount, ExportMyData } from './parts/my-data';
import './index.css';

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <View className="me__row">
      <Text className="me__row-label">{label}</Text>
      <Text className={`me__row-value${value ? '' : ' me__row-value--empty'}`} data-testid={testId}>
        {value || '未填写'}
      </Text>
    </View>
  );
}

function switchAccount() {
  if (process.env.TARO_APP_DEV_LOGIN === '1') {
    clearDevOpenid();
    resetSession();
    void Taro.reLaunch({ url: '/pages/dev-login/index' });
  }
}

function Me({ user }: { user: UserView }) {
  // A prompt elsewhere (完善资料, 选择所在社区) asked for the form: open it, not just the tab. Read
  // on mount (the page's first show may come before the signed-in page renders) and on every show
  // (the tab already open underneath).
  const [editing, setEditing] = useState(false);
  const [focus, setFocus] = useState<EditFocus | null>(null);
  const takeRequest = () => {
    const asked = takeEditRequest();
    if (!asked) return;
    setEditing(true);
    setFocus(asked);
  };
  useEffect(takeRequest, []);
  useDidShow(takeRequest);
  // The community prompt lands on the 所在社区 field, far below the name; wait for the form to render.
  useEffect(() => {
    if (!editing || focus !== 'community') return undefined;
    const t = setTimeout(() => scrollToField('profile-field-communityId'), 300);
    return () => clearTimeout(t);
  }, [editing, focus]);
  const { profile } = user;
  const rider = needsWorkType(user.roles);
  const choices = useLoaded(() => communities(undefined, { silent: true }));
  const communityName = profile.communityId ? (choices.data?.items.find((c) => c.id === profile.communityId)?.name ?? '') : '';

  if (editing) {
    return (
      <View className="yh-card">
        <Text className="yh-card__title">编辑资料</Text>
        <ProfileForm
          user={user}
          onSaved={(saved) => {
            setUser(saved);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </View>
    );
  }

  return (
    <View>
      <View className="yh-card me__head">
        <View className="me__avatar">
          <Text>{(profile.name || '友').slice(0, 1)}</Text>
        </View>
        <View className="me__head-text">
          <Text className="me__name" data-testid="me-name">
            {profile.name || '未填写姓名'}
          </Text>
          <View data-testid="me-roles">
            {/* As the people list tags them: 新就业群体 only for riders, couriers and drivers. */}
            {roleTags(user.roles, profile.workType).map((r) => (
              <Text key={r} className="yh-chip">
                {ROLE_LABELS[r]}
              </Text>
            ))}
          </View>
        </View>
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">我的资料</Text>
        <Row label="姓名" value={profile.name} testId="me-profile-name" />
        <Row label="手机号" value={profile.phone} testId="me-profile-phone" />
        {/* Work type, platform, points and stars are a rider's; staff, grid workers and admins are not asked for them. */}
        {rider ? <Row label="工作类型" value={workTypeLabel(profile.workType)} testId="me-profile-worktype" /> : null}
        {rider ? <Row label="所在平台" value={platformLabel(profile.platform)} testId="me-profile-platform" /> : null}
        <Row label="所在社区" value={profile.communityId ? communityName || '…' : ''} testId="me-profile-community" />
        {rider ? <Row label="积分" value={String(user.points.balance)} testId="me-profile-points" /> : null}
        {rider ? <PointsLevel /> : null}
        <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="me-edit" onClick={() => setEditing(true)}>
          编辑资料
        </Button>
      </View>

      <ExportMyData />
      <DeleteAccount user={user} />

      {process.env.TARO_APP_DEV_LOGIN === '1' ? (
        <View className="yh-card">
          <Text className="yh-muted">开发模式：当前账号 {user.openid}</Text>
          <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="me-switch-account" onClick={switchAccount}>
            切换账号
          </Button>
        </View>
      ) : null}
    </View>
  );
}

export default function MePage() {
  return <PageShell requireUser>{(user) => <Me user={user} />}</PageShell>;
}
