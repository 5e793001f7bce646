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
import { LengthCount, tooLong } from '../../components/form-field';

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

function Editor({ form, onCancel, onSaved }: { form: Form; onCancel: () => void; onSaved: () => void }) {
  const [f, setF] = useState(form);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const points = Number(f.points);
    const sla = Number(f.slaHours);
    if (f.name.trim().length < 2) return void Taro.showToast({ title: '名称至少 2 个字', icon: 'none' });
    const nameOver = tooLong('名称', f.name, NAME_MAX);
    if (nameOver) return void Taro.showToast({ title: nameOver, icon: 'none' });
    if (!Number.isInteger(points) || points < 0 || points > 100) return void Taro.showToast({ title: '积分为 0–100 的整数', icon: 'none' });
    if (!Number.isInteger(sla) || sla < 1 || sla > 720) return void Taro.showToast({ title: '处理时限为 1–720 小时', icon: 'none' });
    setBusy(true);
    try {
      await upsertCategory({ code: f.code, name: f.name.trim(), points, slaHours: sla, photoRequired: f.photoRequired, enabled: f.enabled, ...(f.isNew ? { kind: 'issue' as const } : {}) });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      onSaved();
    } catch {
      // toasted
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="yh-card cat-edit" data-testid="category-editor">
      <Text className="yh-card__title">{f.isNew ? '新增分类' : `编辑「${form.name}」`}</Text>
      <View className="cat-edit__row">
        <Text className="cat-edit__label">名称</Text>
        <Input className="cat-edit__input" value={f.name} maxlength={-1} onInput={(e) => setF({ ...f, name: e.detail.value })} data-testid="category-name" />
      </View>
      <LengthCount text={f.name} max={NAME_MAX} testId="category-name-count" />
      <View className="cat-edit__row">
        <Text className="cat-edit__label">受理积分</Text>
        <Input className="cat-edit__input" type="number" value={f.points} onInput={(e) => setF({ ...f, points: e.detail.value })} />
      </View>
      <View className="cat-edit__row">
        <Text className="cat-edit__label">处理时限（小时）</Text>
        <Input className="cat-edit__input" type="number" value={f.slaHours} onInput={(e) => setF({ ...f, slaHours: e.detail.value })} />
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
