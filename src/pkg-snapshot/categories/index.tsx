import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Switch, Text, View } from '@tarojs/components';
import Icon, { categoryIcon } from '../../components/icon';
import type { CategoryView } from '../../../cloudfunctions/shared/contracts/snapshot';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { ApiCallError } from '../../services/errors';
import { categories, upsertCategory } from '../../services/snapshot';
import { busyProps } from '../../components/button-props';
import { newCategoryCode } from './code';
import { LengthCount, scrollToField, tooLong } from '../../components/form-field';

/** The functions' limit on a category name (contracts/snapshot.ts): refused with the count, never cut. */
const NAME_MAX = 12;
import './index.css';

interface Form {
  code: string;
  name: string;
  points: string;
  slaHours: string;
  photoRequired: boolean;
  enabled: boolean;
  isNew: boolean;
}

const toForm = (c: CategoryView): Form => ({ code: c.code, name: c.name, points: String(c.points), slaHours: String(c.slaHours), photoRequired: c.photoRequired, enabled: c.enabled, isNew: false });

/** The fields a save can refuse, top to bottom, by the payload key the functions name in their errors. */
const FIELDS = ['name', 'points', 'slaHours'] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field, string>>;

/** Every refused field at once, in the words the other forms use: a person fixes them in one pass. */
function validate(f: Form): Errors {
  const errors: Errors = {};
  const points = f.points.trim() === '' ? NaN : Number(f.points);
  const sla = f.slaHours.trim() === '' ? NaN : Number(f.slaHours);
  if (f.name.trim().length < 2) errors.name = f.name.trim() ? '名称至少 2 个字' : '请填写名称（至少 2 个字）';
  else {
    const over = tooLong('名称', f.name, NAME_MAX);
    if (over) errors.name = over;
  }
  if (!Number.isInteger(points) || points < 0 || points > 100) errors.points = '受理积分为 0–100 的整数';
  if (!Number.isInteger(sla) || sla < 1 || sla > 720) errors.slaHours = '处理时限为 1–720 小时的整数';
  return errors;
}

function Editor({ form, onCancel, onSaved }: { form: Form; onCancel: () => void; onSaved: () => void }) {
  const [f, setF] = useState(form);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  /** Marks the refused fields and brings the first into view, as the profile, place and reward forms do. */
  const refuse = (found: Errors) => {
    setErrors(found);
    const first = FIELDS.find((k) => found[k]);
    if (first) scrollToField(`category-field-${first}`);
  };
  // Typing in a marked field clears its mark: the message was about what was there before.
  const update = (key: Field, value: string) => {
    setF((prev) => ({ ...prev, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const save = async () => {
    const found = validate(f);
    if (Object.keys(found).length > 0) return refuse(found);
    setErrors({});
    setBusy(true);
    try {
      await upsertCategory(
        { code: f.code, name: f.name.trim(), points: Number(f.points), slaHours: Number(f.slaHours), photoRequired: f.photoRequired, enabled: f.enabled, ...(f.isNew ? { kind: 'issue' as const } : {}) },
        { silent: true },
      );
      void Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved();
    } catch (err) {
      // The function names the field it refused (payload.name …): mark that one; anything else is a toast.
      const e = err instanceof ApiCallError ? err : new ApiCallError('INTERNAL', '保存失败，请稍后重试');
      const key = (e.field ?? '').replace(/^payload\./, '').split('.')[0];
      if ((FIELDS as readonly string[]).includes(key)) refuse({ [key]: e.message });
      else void Taro.showToast({ title: e.message, icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  const field = (key: Field) => ({ id: `category-field-${key}`, className: `cat-edit__field${errors[key] ? ' cat-edit__field--invalid' : ''}` });
  const inputClass = (key: Field) => `cat-edit__input${errors[key] ? ' cat-edit__input--error' : ''}`;
  const error = (key: Field) =>
    errors[key] ? (
      <Text className="cat-edit__error" data-testid={`category-error-${key}`}>
        {errors[key]}
      </Text>
    ) : null;
  return (
    <View className="yh-card cat-edit" data-testid="category-editor">
      <Text className="yh-card__title">{f.isNew ? '新增分类' : `编辑「${form.name}」`}</Text>
      <View {...field('name')}>
        <View className="cat-edit__row">
          <Text className="cat-edit__label">名称</Text>
          <Input className={inputClass('name')} value={f.name} maxlength={-1} onInput={(e) => update('name', e.detail.value)} data-testid="category-name" />
        </View>
        {error('name')}
        <LengthCount text={f.name} max={NAME_MAX} testId="category-name-count" />
      </View>
      <View {...field('points')}>
        <View className="cat-edit__row">
          <Text className="cat-edit__label">受理积分</Text>
          <Input className={inputClass('points')} type="number" value={f.points} onInput={(e) => update('points', e.detail.value)} data-testid="category-points" />
        </View>
        {error('points')}
      </View>
      <View {...field('slaHours')}>
        <View className="cat-edit__row">
          <Text className="cat-edit__label">处理时限（小时）</Text>
          <Input className={inputClass('slaHours')} type="number" value={f.slaHours} onInput={(e) => update('slaHours', e.detail.value)} data-testid="category-sla" />
        </View>
        {error('slaHours')}
      </View>
      <View className="cat-edit__row">
        <Text className="cat-edit__label">必须拍照</Text>
        <Switch className="yh-switch" checked={f.photoRequired} color="#0b5cad" onChange={(e) => setF({ ...f, photoRequired: e.detail.value })} />
      </View>
      <View className="cat-edit__row">
        <Text className="cat-edit__label">启用</Text>
        <Switch className="yh-switch" checked={f.enabled} color="#0b5cad" onChange={(e) => setF({ ...f, enabled: e.detail.value })} />
      </View>
      <Button className="yh-btn yh-btn--primary yh-btn--block" {...busyProps(busy)} onClick={() => void save()}>
        保存
      </Button>
      <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}

/** Admin: the 随手拍 categories, their points, deadlines and photo rule. */
function Categories() {
  const [list, setList] = useState<CategoryView[] | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<Form | null>(null);
  const load = useCallback(() => {
    categories({ silent: true, includeDisabled: true })
      .then(setList)
      .catch((e: unknown) => setError(e instanceof ApiCallError ? e.message : '加载失败'));
  }, []);
  useEffect(load, [load]);

  if (editing) return <Editor form={editing} onCancel={() => setEditing(null)} onSaved={() => (setEditing(null), load())} />;
  if (error) return <EmptyState glyph="!" title="没有加载成功" description={error} />;
  if (!list) return <EmptyState glyph="…" title="正在加载" />;
  return (
    <View data-testid="categories-page">
      {list.map((c) => (
        <View key={c.code} className={`yh-card cat${c.enabled ? '' : ' cat--off'}`} onClick={() => c.kind === 'issue' && setEditing(toForm(c))}>
          <View className="cat__head">
            <Text className="cat__name">
              <Icon name={categoryIcon(c.code)} size="sm" /> {c.name}
            </Text>
            <Text className="yh-chip">{c.enabled ? (c.kind === 'volunteer' ? '按时长计分' : `${c.points} 积分`) : '已停用'}</Text>
          </View>
          <Text className="yh-muted">
            {c.kind === 'volunteer' ? '志愿服务记录 · 社区认定后按时长计分' : `${c.slaHours} 小时内处理 · ${c.photoRequired ? '必须拍照' : '照片选填'}`}
          </Text>
        </View>
      ))}
      <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => setEditing({ code: newCategoryCode(), name: '', points: '5', slaHours: '72', photoRequired: true, enabled: true, isNew: true })}>
        新增分类
      </Button>
    </View>
  );
}

export default function CategoriesPage() {
  return <PageShell requireUser>{() => <Categories />}</PageShell>;
}
