import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { Platform, UserView, WorkType } from '../../../cloudfunctions/shared/contracts';
import { PHONE_PATTERN, PLATFORM_OPTIONS, WORK_TYPE_OPTIONS, needsWorkType } from '../../constants/labels';
import { ApiCallError } from '../../services/errors';
import { locate } from '../../services/place';
import { communities, updateProfile, type CommunityChoices, type UpdateProfilePayload } from '../../services/user';
import { busyProps } from '../button-props';
import { scrollToField, tooLong } from '../form-field';
import './index.css';

type Field = 'name' | 'phone' | 'platform' | 'workType' | 'communityId';
type Errors = Partial<Record<Field, string>>;

export interface ProfileFormValues {
  name: string;
  phone: string;
  platform: Platform | '';
  workType: WorkType | '';
  communityId: string;
}

// The contract's limit (updateProfilePayload): shown as a count, refused with the count, never cut.
export const NAME_MAX = 20;

export function validateProfile(v: ProfileFormValues, requireWorkType = true): Errors {
  const errors: Errors = {};
  const name = v.name.trim();
  if (!name) errors.name = '请填写姓名';
  else {
    const over = tooLong('姓名', name, NAME_MAX);
    if (over) errors.name = over;
  }
  const phone = v.phone.trim();
  // A phone is not cut at 11 digits either: a 12th digit means a typo somewhere, which the person must find.
  if (phone && !PHONE_PATTERN.test(phone)) errors.phone = /^\d+$/.test(phone) && phone.length !== 11 ? `请输入 11 位手机号（现在 ${phone.length} 位）` : '请输入 11 位手机号';
  if (requireWorkType && !v.workType) errors.workType = '请选择工作类型';
  return errors;
}

/** Only what changed: the phone comes back masked for non-owners, and unchanged fields need no write. */
export function changedFields(before: ProfileFormValues, after: ProfileFormValues): UpdateProfilePayload {
  const p: UpdateProfilePayload = {};
  if (after.name.trim() !== before.name) p.name = after.name.trim();
  if (after.phone.trim() && after.phone.trim() !== before.phone) p.phone = after.phone.trim();
  if (after.platform && after.platform !== before.platform) p.platform = after.platform;
  if (after.workType && after.workType !== before.workType) p.workType = after.workType;
  if (after.communityId && after.communityId !== before.communityId) p.communityId = after.communityId;
  return p;
}

const FIELDS: readonly Field[] = ['name', 'phone', 'platform', 'workType', 'communityId'];
/** The order the form asks in: the first refused field is brought into view. */
const FORM_ORDER: readonly Field[] = ['name', 'phone', 'workType', 'platform', 'communityId'];

/**
 * The communities to choose from, and the one where the person is now (through the stored grids and
 * community boundaries, as a report from here would be routed). Only a real position suggests: the
 * district-centre stand-in for an unknown position would suggest a community at random.
 */
function useCommunityChoices(): { choices: CommunityChoices | null; error: string } {
  const [choices, setChoices] = useState<CommunityChoices | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    communities(undefined, { silent: true })
      .then((c) => live && setChoices((old) => old ?? c))
      .catch((e: unknown) => live && setError(e instanceof ApiCallError ? e.message : '社区列表没有加载成功'));
    locate()
      .then((w) => (w.fallback ? null : communities(w.location, { silent: true })))
      .then((c) => live && c && setChoices(c))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return { choices, error };
}

function fieldOf(path?: string): Field | undefined {
  const last = path?.split('.').pop();
  return FIELDS.find((f) => f === last);
}

export interface ProfileFormProps {
  user: UserView;
  onSaved: (user: UserView) => void;
  onCancel?: () => void;
}

export default function ProfileForm({ user, onSaved, onCancel }: ProfileFormProps) {
  const initial: ProfileFormValues = {
    name: user.profile.name,
    phone: user.profile.phone,
    platform: user.profile.platform,
    workType: user.profile.workType,
    communityId: user.profile.communityId,
  };
  const [values, setValues] = useState<ProfileFormValues>(initial);
  const { choices, error: choicesError } = useCommunityChoices();
  const suggested = choices?.suggested ?? null;
  // Nothing chosen yet: start from where the person is; they can change it.
  useEffect(() => {
    if (suggested && !values.communityId) setValues((v) => (v.communityId ? v : { ...v, communityId: suggested }));
  }, [suggested]);
  const communityOptions = choices ? [...choices.items].sort((a, b) => Number(b.id === suggested) - Number(a.id === suggested)) : [];
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);

  /** Marks the refused fields and brings the first into view (编辑资料 is long: the button is far below the name). */
  const refuse = (found: Errors) => {
    setErrors(found);
    const first = FORM_ORDER.find((f) => found[f]);
    if (first) scrollToField(`profile-field-${first}`);
  };

  const update = <K extends Field>(key: K, value: ProfileFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async () => {
    if (saving) return;
    const found = validateProfile(values, needsWorkType(user.roles));
    if (Object.keys(found).length > 0) {
      refuse(found);
      return;
    }
    setErrors({});
    const payload = changedFields(initial, values);
    if (Object.keys(payload).length === 0) {
      Taro.showToast({ title: '没有需要保存的修改', icon: 'none' });
      onSaved(user);
      return;
    }
    setSaving(true);
    try {
      const saved = await updateProfile(payload, { silent: true });
      Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved(saved);
    } catch (err) {
      const e = err instanceof ApiCallError ? err : new ApiCallError('INTERNAL', '保存失败，请稍后重试');
      const field = fieldOf(e.field);
      if (field) refuse({ [field]: e.message });
      else Taro.showToast({ title: e.message, icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  const field = (f: Field) => ({ id: `profile-field-${f}`, className: `profile-form__field${errors[f] ? ' profile-form__field--invalid' : ''}` });
  const error = (f: Field) =>
    errors[f] ? (
      <Text className="profile-form__error" data-testid={`profile-error-${f}`}>
        {errors[f]}
      </Text>
    ) : null;

  return (
    <View className="profile-form" data-testid="profile-form">
      <View {...field('name')}>
        <View className="profile-form__label-row">
          <Text className="profile-form__label">姓名</Text>
          <Text className={`profile-form__count${values.name.trim().length > NAME_MAX ? ' profile-form__count--over' : ''}`} data-testid="name-count">
            {values.name.trim().length}/{NAME_MAX}
          </Text>
        </View>
        {error('name')}
        <Input
          className={`profile-form__input${errors.name ? ' profile-form__input--error' : ''}`}
          data-testid="input-name"
          value={values.name}
          maxlength={-1}
          placeholder="请输入姓名"
          onInput={(e) => update('name', e.detail.value)}
        />
      </View>

      <View {...field('phone')}>
        <Text className="profile-form__label">手机号（选填）</Text>
        {error('phone')}
        <Input
          className={`profile-form__input${errors.phone ? ' profile-form__input--error' : ''}`}
          data-testid="input-phone"
          type="number"
          value={values.phone}
          maxlength={-1}
          placeholder="11 位手机号"
          onInput={(e) => update('phone', e.detail.value)}
        />
      </View>

      <View {...field('workType')}>
        <Text className="profile-form__label">工作类型</Text>
        <View className="profile-form__options" role="radiogroup" aria-label="工作类型">
          {WORK_TYPE_OPTIONS.map((o) => (
            <View
              key={o.value}
              role="radio"
              aria-checked={values.workType === o.value}
              className={`profile-form__option${values.workType === o.value ? ' profile-form__option--on' : ''}`}
              onClick={() => update('workType', o.value)}
            >
              <Text>{o.label}</Text>
            </View>
          ))}
        </View>
        {error('workType')}
      </View>

      <View {...field('platform')}>
        <Text className="profile-form__label">所在平台</Text>
        <View className="profile-form__options" role="radiogroup" aria-label="所在平台">
          {PLATFORM_OPTIONS.map((o) => (
            <View
              key={o.value}
              role="radio"
              aria-checked={values.platform === o.value}
              className={`profile-form__option${values.platform === o.value ? ' profile-form__option--on' : ''}`}
              onClick={() => update('platform', o.value)}
            >
              <Text>{o.label}</Text>
            </View>
          ))}
        </View>
        {error('platform')}
      </View>

      <View {...field('communityId')}>
        <Text className="profile-form__label">所在社区</Text>
        <Text className="profile-form__hint">社区工作人员据此联系你，排行榜也按社区排名。{suggested ? '已按你现在的位置推荐，可以更改。' : ''}</Text>
        {choicesError && !choices ? <Text className="profile-form__error">{choicesError}</Text> : null}
        {!choices && !choicesError ? <Text className="profile-form__hint">正在加载社区…</Text> : null}
        <View className="profile-form__options" role="radiogroup" aria-label="所在社区" data-testid="input-community">
          {communityOptions.map((c) => (
            <View
              key={c.id}
              role="radio"
              aria-checked={values.communityId === c.id}
              data-testid={`community-${c.id}`}
              className={`profile-form__option${values.communityId === c.id ? ' profile-form__option--on' : ''}`}
              onClick={() => update('communityId', c.id)}
            >
              <Text>
                {c.name}
                {c.id === suggested ? '（推荐）' : ''}
              </Text>
            </View>
          ))}
        </View>
        {error('communityId')}
      </View>

      <Button
        className={`yh-btn yh-btn--primary yh-btn--block${saving ? ' yh-btn--disabled' : ''}`}
        data-testid="profile-save"
        {...busyProps(saving)}
        onClick={() => void submit()}
      >
        {saving ? '保存中…' : '保存'}
      </Button>
      {onCancel ? (
        <Button
          className={`yh-btn yh-btn--ghost yh-btn--block${saving ? ' yh-btn--disabled' : ''}`}
          onClick={() => {
            if (!saving) onCancel();
          }}
        >
          取消
        </Button>
      ) : null}
    </View>
  );
}
