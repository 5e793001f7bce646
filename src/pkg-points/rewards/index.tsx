import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import type { RewardStatus } from '../../../cloudfunctions/shared/contracts/points';
import { busyProps, loadingProps } from '../../components/button-props';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { call } from '../../services/call';
import { ApiCallError } from '../../services/errors';
import * as points from '../../services/points';
import type { RewardView, UpsertRewardPayload } from '../../services/points';
import { usePaged } from '../../pages/points/use-paged';
import { scrollToField } from '../../components/form-field';
import { pickPhotos, uploadPhoto } from '../../services/snapshot';
import './index.css';

const FILTERS: Array<{ key: RewardStatus | ''; label: string }> = [
  { key: '', label: '全部' },
  { key: 'pending', label: '待审核' },
  { key: 'active', label: '已上架' },
  { key: 'archived', label: '已下架' },
  { key: 'rejected', label: '未通过' },
];

interface PlaceOption {
  id: string | null;
  name: string;
}

interface FormState {
  title: string;
  description: string;
  cost: string;
  stock: string;
  perUserLimit: string;
  validDays: string;
  placeId: string | null;
  /** cloud:// fileID, '' for none, and what to show for it. */
  image: string;
  imagePreview: string;
}

const EMPTY_FORM: FormState = { title: '', description: '', cost: '', stock: '', perUserLimit: '1', validDays: '7', placeId: null, image: '', imagePreview: '' };

/** The form's fields, by the payload key the functions name in their errors. */
const REWARD_FIELDS = ['title', 'description', 'cost', 'stock', 'perUserLimit', 'validDays', 'placeId'] as const;
type RewardField = (typeof REWARD_FIELDS)[number];
// The contract's limits (upsertRewardPayload), shown as counts.
const TITLE_MAX = 30;
const DESCRIPTION_MAX = 300;

const isStaff = (u: UserView) => u.roles.includes('staff') || u.roles.includes('admin');

/** Where a reward can be fulfilled: a merchant's own places; for staff, any station of the community or one of its stations. */
async function placeOptions(user: UserView): Promise<PlaceOption[]> {
  if (isStaff(user)) {
    const stations = await call('place', 'manage', { type: 'station', status: 'approved', pageSize: 50 }, { silent: true }).catch(() => ({ items: [] as Array<{ id: string; name: string }> }));
    return [{ id: null, name: '本社区任一服务站' }, ...stations.items.map((p) => ({ id: p.id, name: p.name }))];
  }
  const mine = await call('place', 'mine', { pageSize: 50 }, { silent: true }).catch(() => ({ items: [] as Array<{ id: string; name: string; status: string }> }));
  return mine.items.filter((p) => p.status === 'approved').map((p) => ({ id: p.id, name: p.name }));
}

function RewardForm({ user, editing, onDone }: { user: UserView; editing: RewardView | null; onDone: (saved: RewardView | null) => void }) {
  const [form, setForm] = useState<FormState>(
    editing
      ? {
          title: editing.title,
          description: editing.description,
          cost: String(editing.cost),
          stock: String(editing.stock),
          perUserLimit: String(editing.perUserLimit),
          validDays: String(editing.validDays),
          placeId: editing.placeId,
          image: editing.image?.fileID ?? '',
          imagePreview: editing.image?.url ?? '',
        }
      : EMPTY_FORM,
  );
  const [options, setOptions] = useState<PlaceOption[] | null>(null);
  const [error, setErrorState] = useState<{ field: RewardField | ''; message: string }>({ field: '', message: '' });
  // A message about one field shows under it, and the page scrolls there (the name is far above the button).
  const setError = (message: string, field: RewardField | '' = '') => {
    setErrorState({ field, message });
    if (message && field) scrollToField(`reward-field-${field}`);
  };
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const requestId = useRef(points.newRequestId());

  const chooseImage = async () => {
    let picked;
    try {
      [picked] = await pickPhotos(1);
    } catch {
      return; // closed the picker
    }
    if (!picked) return;
    setUploading(true);
    setError('');
    try {
      const fileID = await uploadPhoto(picked, () => undefined);
      setForm((f) => ({ ...f, image: fileID, imagePreview: picked.path }));
    } catch {
      setError('图片没有上传成功，请重试');
    } finally {
      setUploading(false);
    }
  };

  useEffect(() => {
    void placeOptions(user).then((opts) => {
      setOptions(opts);
      if (!editing && !isStaff(user) && opts[0]) setForm((f) => ({ ...f, placeId: opts[0].id }));
    });
  }, [user, editing]);

  const set = (k: keyof FormState) => (e: { detail: { value: string } }) => setForm((f) => ({ ...f, [k]: e.detail.value }));
  const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

  const save = async () => {
    const payload: UpsertRewardPayload = {
      ...(editing ? { id: editing.id } : { requestId: requestId.current }),
      title: form.title.trim(),
      description: form.description.trim(),
      cost: num(form.cost),
      stock: num(form.stock),
      perUserLimit: num(form.perUserLimit),
      validDays: num(form.validDays),
      placeId: form.placeId,
      image: form.image,
      ...(editing?.communityId && !form.placeId ? { communityId: editing.communityId } : {}),
    };
    if (!payload.title) return setError('请填写奖励名称', 'title');
    // Over a limit: refused with the count, never cut.
    if (payload.title.length > TITLE_MAX) return setError(`奖励名称最多 ${TITLE_MAX} 个字，现在 ${payload.title.length} 个字`, 'title');
    if ((payload.description ?? '').length > DESCRIPTION_MAX) return setError(`说明最多 ${DESCRIPTION_MAX} 个字，现在 ${(payload.description ?? '').length} 个字`, 'description');
    for (const [k, label] of [['cost', '所需积分'], ['stock', '库存'], ['perUserLimit', '每人每月限兑'], ['validDays', '兑换码有效天数']] as const) {
      if (!Number.isInteger(payload[k])) return setError(`请填写${label}（整数）`, k);
    }
    if (!isStaff(user) && !form.placeId) return setError('请选择在哪家店兑换', 'placeId');
    setSaving(true);
    setError('');
    try {
      const saved = await points.upsertReward(payload, { silent: true });
      void Taro.showToast({ title: saved.status === 'pending' ? '已提交，等待社区审核' : '已保存', icon: 'none' });
      onDone(saved);
    } catch (err) {
      // The function names the field it refused (payload.title …): mark that one.
      const field = err instanceof ApiCallError ? (err.field ?? '').replace(/^payload\./, '').split('.')[0] : '';
      setError(err instanceof ApiCallError ? err.message : '保存失败，请稍后重试', (REWARD_FIELDS as readonly string[]).includes(field) ? (field as RewardField) : '');
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (key: RewardField) =>
    error.field === key ? (
      <Text className="rewards__error rewards__error--field" data-testid={`reward-error-${key}`}>
        {error.message}
      </Text>
    ) : null;
  const fieldClass = (key: RewardField) => `rewards__field${error.field === key ? ' rewards__field--invalid' : ''}`;
  const field = (label: string, key: 'title' | 'cost' | 'stock' | 'perUserLimit' | 'validDays', placeholder: string, type: 'text' | 'number' = 'number') => (
    <View className={fieldClass(key)} id={`reward-field-${key}`}>
      <Text className="rewards__label">
        {label}
        {key === 'title' ? <Text className={form.title.trim().length > TITLE_MAX ? 'rewards__count--over' : 'rewards__count'}>{` ${form.title.trim().length}/${TITLE_MAX}`}</Text> : null}
      </Text>
      {fieldError(key)}
      <Input className="rewards__input" data-testid={`reward-input-${key}`} type={type} value={form[key]} maxlength={-1} placeholder={placeholder} onInput={set(key)} />
    </View>
  );

  return (
    <View className="yh-card">
      <Text className="yh-card__title">{editing ? '修改奖励' : '新建奖励'}</Text>
      {!isStaff(user) ? <Text className="rewards__muted">商户提交的奖励需要社区审核通过后上架；只改库存不需要重新审核。</Text> : null}
      {field('奖励名称', 'title', '例如：招牌牛腩粉一碗', 'text')}
      <View className={fieldClass('description')} id="reward-field-description">
        <Text className="rewards__label">
          说明
          <Text className={form.description.trim().length > DESCRIPTION_MAX ? 'rewards__count--over' : 'rewards__count'}>{` ${form.description.trim().length}/${DESCRIPTION_MAX}`}</Text>
        </Text>
        {fieldError('description')}
        <Textarea className="rewards__textarea" value={form.description} maxlength={-1} placeholder="怎么领取、有什么限制" onInput={set('description')} />
      </View>
      <View className="rewards__field">
        <Text className="rewards__label">图片（可选）</Text>
        {form.imagePreview ? <Image className="rewards__image" src={form.imagePreview} mode="aspectFill" /> : null}
        <View className="rewards__actions">
          <Button className="yh-btn yh-btn--ghost rewards__action" {...busyProps(uploading)} onClick={() => void chooseImage()}>
            {form.image ? '换一张' : '上传图片'}
          </Button>
          {form.image ? (
            <Button className="yh-btn yh-btn--ghost rewards__action" onClick={() => setForm((f) => ({ ...f, image: '', imagePreview: '' }))}>
              不用图片
            </Button>
          ) : null}
        </View>
      </View>
      {field('所需积分', 'cost', '例如 60')}
      {field('库存（剩余数量）', 'stock', '例如 30')}
      {field('每人每月限兑（0 为不限）', 'perUserLimit', '例如 1')}
      {field('兑换码有效天数', 'validDays', '例如 7')}
      <View className={fieldClass('placeId')} id="reward-field-placeId">
        <Text className="rewards__label">兑换地点</Text>
        {fieldError('placeId')}
        {options === null ? <Text className="rewards__muted">正在加载地点…</Text> : null}
        {options?.length === 0 ? <Text className="rewards__muted">没有可用的地点：商户需先通过入驻审核。</Text> : null}
        <View className="rewards__options">
          {options?.map((o) => (
            <View key={o.id ?? 'any'} className={`rewards__option${form.placeId === o.id ? ' rewards__option--on' : ''}`} onClick={() => setForm((f) => ({ ...f, placeId: o.id }))}>
              <Text>{o.name}</Text>
            </View>
          ))}
        </View>
      </View>
      {error.message && !error.field ? <Text className="rewards__error">{error.message}</Text> : null}
      <View className="rewards__actions">
        <Button className="yh-btn yh-btn--ghost rewards__action" onClick={() => onDone(null)}>
          取消
        </Button>
        <Button className="yh-btn yh-btn--primary rewards__action" data-testid="reward-save" {...busyProps(saving)} onClick={() => void save()}>
          {editing ? '保存' : isStaff(user) ? '上架' : '提交审核'}
        </Button>
      </View>
    </View>
  );
}

function RewardItem({ r, staff, onEdit, onChanged }: { r: RewardView; staff: boolean; onEdit: () => void; onChanged: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const review = async (decision: 'approve' | 'reject' | 'archive') => {
    try {
      await points.reviewReward({ id: r.id, decision, ...(note.trim() ? { note: note.trim() } : {}) });
      onChanged();
    } catch {
      // call() showed why.
    }
  };
  return (
    <View className="yh-card" data-testid={`manage-${r.id}`}>
      <View className="rewards__head">
        <Text className="rewards__title">{r.title}</Text>
        <Text className={`rewards__status rewards__status--${r.status}`}>{r.statusLabel}</Text>
      </View>
      <Text className="rewards__muted">
        {r.cost} 分 · 剩余 {r.stock} · 已兑 {r.issued} · {r.perUserLimit > 0 ? `每月限兑 ${r.perUserLimit} 次` : '不限次数'} · 码 {r.validDays} 天有效
      </Text>
      <Text className="rewards__muted">兑换地点：{r.fulfilAt}</Text>
      {r.reviewNote ? <Text className="rewards__muted">审核备注：{r.reviewNote}</Text> : null}
      {rejecting ? (
        <View className="rewards__field">
          <Input className="rewards__input" value={note} placeholder="写明不通过的原因" onInput={(e) => setNote(e.detail.value)} />
        </View>
      ) : null}
      <View className="rewards__actions">
        <Button className="yh-btn yh-btn--ghost rewards__action" onClick={onEdit}>
          修改
        </Button>
        {staff && r.status === 'pending' && !rejecting ? (
          <Button className="yh-btn yh-btn--ghost rewards__action" onClick={() => setRejecting(true)}>
            不通过
          </Button>
        ) : null}
        {staff && r.status === 'pending' && rejecting ? (
          <Button className="yh-btn rewards__action rewards__danger" onClick={() => void review('reject')}>
            确认不通过
          </Button>
        ) : null}
        {staff && (r.status === 'pending' || r.status === 'archived' || r.status === 'rejected') && !rejecting ? (
          <Button className="yh-btn yh-btn--primary rewards__action" data-testid="manage-approve" onClick={() => void review('approve')}>
            {r.status === 'pending' ? '通过并上架' : '重新上架'}
          </Button>
        ) : null}
        {staff && r.status === 'active' ? (
          <Button className="yh-btn yh-btn--ghost rewards__action" onClick={() => void review('archive')}>
            下架
          </Button>
        ) : null}
      </View>
    </View>
  );
}

function Manage({ user }: { user: UserView }) {
  const [filter, setFilter] = useState<RewardStatus | ''>('');
  const [editing, setEditing] = useState<RewardView | 'new' | null>(null);
  const list = usePaged<RewardView>(useCallback((c?: string) => points.manageRewards({ ...(filter ? { status: filter } : {}), ...(c ? { cursor: c } : {}) }, { silent: true }), [filter]));
  useEffect(() => void list.reload(), [filter]);

  if (editing) {
    return (
      <RewardForm
        user={user}
        editing={editing === 'new' ? null : editing}
        onDone={(saved) => {
          setEditing(null);
          if (saved) void list.reload();
        }}
      />
    );
  }
  return (
    <View>
      <Button className="yh-btn yh-btn--primary yh-btn--block rewards__new" data-testid="reward-new" onClick={() => setEditing('new')}>
        {isStaff(user) ? '新建奖励' : '提议新奖励'}
      </Button>
      <View className="rewards__filters">
        {FILTERS.map((f) => (
          <View key={f.key || 'all'} className={`rewards__filter${filter === f.key ? ' rewards__filter--on' : ''}`} onClick={() => setFilter(f.key)}>
            <Text>{f.label}</Text>
          </View>
        ))}
      </View>
      {list.items.map((r) => (
        <RewardItem key={r.id} r={r} staff={isStaff(user)} onEdit={() => setEditing(r)} onChanged={() => void list.reload()} />
      ))}
      {list.error ? <EmptyState glyph="!" title="没有加载成功" description={list.error} /> : null}
      {!list.error && !list.loaded ? <EmptyState glyph="…" title="正在加载" /> : null}
      {!list.error && list.loaded && list.items.length === 0 ? <EmptyState glyph="奖" title="这里还没有奖励" description="点上方按钮新建一个。" /> : null}
      {list.hasMore ? (
        <Button className="yh-btn yh-btn--ghost yh-btn--block" {...loadingProps(list.loading)} onClick={() => void list.loadMore()}>
          加载更多
        </Button>
      ) : null}
    </View>
  );
}

export default function RewardsManagePage() {
  return (
    <PageShell requireUser>
      {(user: UserView) =>
        user.roles.some((r) => r === 'merchant' || r === 'staff' || r === 'admin') ? (
          <Manage user={user} />
        ) : (
          <EmptyState glyph="奖" title="仅友好商户和社区工作人员可以管理奖励" />
        )
      }
    </PageShell>
  );
}
