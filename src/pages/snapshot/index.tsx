import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import Icon, { categoryIcon } from '../../components/icon';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { MAX_DESCRIPTION, MAX_PHOTOS, VOLUNTEER_ACTIVITIES } from '../../constants/snapshot';
import { distanceText } from '../../../cloudfunctions/shared/isomorphic/geo';
import { ApiCallError, isUnanswered } from '../../services/errors';
import { communities } from '../../services/user';
import {
  cachedSettings,
  categories as loadCategories,
  chooseOnMap,
  clearDraft,
  currentLocation,
  draftHasContent,
  emptyDraft,
  loadDraft,
  meToo,
  nearby as loadNearby,
  nearbyPlaces,
  saveDraft,
  submit as submitReport,
  takePrefill,
  takeResubmit,
  unreadCount,
  type CategoryView,
  type Draft,
  type NearbyItem,
  type ReportView,
  type SnapshotSettings,
} from '../../services/snapshot';
import PhotoUploader from './parts/photo-uploader';
import MapPicker from '../../components/map-picker';
import { busyProps } from '../../components/button-props';
import { scrollToField } from '../../components/form-field';
import './index.css';

const PKG = '/pkg-snapshot';

/** What is missing before the report can go, in the order the form asks for it. */
export type FormField = 'category' | 'photos' | 'activity' | 'description' | 'location';

/** What to fix first, and where: the form scrolls to that field and marks it. */
export function firstProblem(d: Draft, category: CategoryView | undefined): { field: FormField; message: string } | null {
  if (!category) return { field: 'category', message: d.kind === 'volunteer' ? '请选择服务类别' : '请选择问题类型' };
  if (category.routing === 'place' && !d.placeId) return { field: 'location', message: '请选择要反馈的站点或商户' };
  if (category.photoRequired && d.photos.length === 0) return { field: 'photos', message: '请至少拍 1 张照片' };
  if (d.kind === 'volunteer' && d.activity.trim().length < 2) return { field: 'activity', message: '请填写服务内容' };
  if (d.kind === 'volunteer' && d.activity.trim().length > MAX_ACTIVITY) return { field: 'activity', message: `服务内容最多 ${MAX_ACTIVITY} 个字，现在 ${d.activity.trim().length} 个字` };
  if (d.description.trim().length < 2) return { field: 'description', message: '请简单描述一下情况' };
  // Text over a limit is refused with the count, never cut off behind the writer's back.
  if (d.description.trim().length > MAX_DESCRIPTION) return { field: 'description', message: `情况描述最多 ${MAX_DESCRIPTION} 个字，现在 ${d.description.trim().length} 个字，请删减` };
  if (d.address.trim().length > MAX_ADDRESS) return { field: 'location', message: `地址最多 ${MAX_ADDRESS} 个字，现在 ${d.address.trim().length} 个字` };
  if (!d.location) return { field: 'location', message: '请先获取位置' };
  return null;
}

export function missingFor(d: Draft, category: CategoryView | undefined): string | null {
  return firstProblem(d, category)?.message ?? null;
}

const MAX_ACTIVITY = 50;
const MAX_ADDRESS = 120;
const RESUBMIT_TOAST = '已按原上报填好，请补充照片后提交';
/** What to do when there is no position: the mini-program's location setting, or in a browser its own. */
const LOCATION_DENIED_HINT =
  process.env.TARO_ENV === 'weapp'
    ? '请在系统设置中允许小程序使用位置信息，或点「地图选点」选择位置。'
    : '请允许浏览器获取你的位置，或点「示意图选点」在示意图上选择位置。';

/** The card of a field, marked when it is what stops the submit. */
function fieldCard(field: FormField, invalid: { field: FormField } | null): { id: string; className: string } {
  return { id: `snap-field-${field}`, className: `yh-card${invalid?.field === field ? ' snap-field--invalid' : ''}` };
}

function FieldError({ field, invalid }: { field: FormField; invalid: { field: FormField; message: string } | null }) {
  return invalid?.field === field ? (
    <Text className="snap-field__error" data-testid={`snapshot-error-${field}`}>
      {invalid.message}
    </Text>
  ) : null;
}

function RoleLinks({ user, unread }: { user: UserView; unread: number }) {
  const go = (url: string) => void Taro.navigateTo({ url });
  const links: Array<{ key: string; label: string; url: string; badge?: number }> = [
    { key: 'mine', label: '我的上报', url: `${PKG}/mine/index` },
    { key: 'messages', label: '消息', url: `${PKG}/messages/index`, badge: unread },
  ];
  if (user.roles.includes('staff') || user.roles.includes('admin')) links.push({ key: 'queue', label: '审核派单', url: `${PKG}/queue/index` });
  if (user.roles.includes('gridworker')) links.push({ key: 'tasks', label: '我的工单', url: `${PKG}/tasks/index` });
  if (user.roles.includes('merchant')) links.push({ key: 'feedback', label: '门店反馈', url: `${PKG}/feedback/index` });
  if (user.roles.includes('admin')) links.push({ key: 'categories', label: '随手拍分类', url: `${PKG}/categories/index` });
  return (
    <View className="snap-links">
      {links.map((l) => (
        <View key={l.key} className="snap-links__item" data-testid={`snapshot-link-${l.key}`} onClick={() => go(l.url)}>
          <Text className="snap-links__label">{l.label}</Text>
          {l.badge ? (
            <Text className="snap-links__badge" data-testid={`snapshot-badge-${l.key}`}>
              {l.badge > 99 ? '99+' : l.badge}
            </Text>
          ) : null}
        </View>
      ))}
    </View>
  );
}

function Success({ report, onAgain }: { report: ReportView; onAgain: () => void }) {
  // The form was scrolled down to its submit button: bring the result to the top, where it is seen.
  useEffect(() => {
    void Promise.resolve(Taro.pageScrollTo({ scrollTop: 0, duration: 200 })).catch(() => undefined);
  }, []);
  return (
    <View className="yh-card" data-testid="snapshot-success">
      <EmptyState
        glyph="✓"
        title={report.kind === 'volunteer' ? '志愿服务记录已提交' : '上报成功'}
        description={
          report.kind === 'volunteer'
            ? '社区工作人员认定后，积分会自动到账。'
            : report.place
              ? `已转给「${report.place.name}」的负责人${report.region.communityName ? `，${report.region.communityName}同时知悉` : ''}；受理后会通知你，受理即得积分。`
              : `已转给${report.region.gridName || report.region.communityName || '街道'}，受理后会通知你，受理即得积分。`
        }
        action={
          <View>
            <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="snapshot-view-report" onClick={() => void Taro.navigateTo({ url: `${PKG}/detail/index?id=${report.id}` })}>
              查看进度
            </Button>
            <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="snapshot-again" onClick={onAgain}>
              再拍一条
            </Button>
          </View>
        }
      />
    </View>
  );
}

function NearbyList({ items, onJoined }: { items: NearbyItem[]; onJoined: (id: string, count: number) => void }) {
  const [busy, setBusy] = useState('');
  const others = items.filter((i) => !i.mine);
  if (others.length === 0) return null;
  const join = async (id: string) => {
    setBusy(id);
    try {
      const r = await meToo(id);
      onJoined(id, r.meTooCount);
      void Taro.showToast({ title: '已记录，感谢反馈', icon: 'none' });
    } catch {
      // toasted by call()
    } finally {
      setBusy('');
    }
  };
  return (
    <View className="yh-card snap-nearby" data-testid="snapshot-nearby">
      <Text className="yh-card__title">附近已有 {others.length} 条相同问题</Text>
      <Text className="yh-muted">如果是同一个问题，点「我也遇到了」即可，不必重复上报。</Text>
      {others.map((n) => (
        <View key={n.id} className="snap-nearby__item" data-testid="snapshot-nearby-item">
          {n.thumb ? <Image className="snap-nearby__thumb" src={n.thumb} mode="aspectFill" /> : <View className="snap-nearby__thumb snap-nearby__thumb--none"><Text>{n.categoryName.slice(0, 1)}</Text></View>}
          <View className="snap-nearby__body">
            <Text className="snap-nearby__desc">{n.description}</Text>
            <Text className="yh-muted">
              {distanceText(n.distance)} · {n.meTooCount > 0 ? `我也遇到了 ×${n.meTooCount}` : '暂无附议'}
            </Text>
          </View>
          {n.meTooByMe ? (
            <Text className="snap-nearby__done">已附议</Text>
          ) : (
            <Button className="yh-btn yh-btn--ghost snap-nearby__btn" data-testid={`snapshot-metoo-${n.id}`} {...busyProps(busy === n.id)} onClick={() => void join(n.id)}>
              我也遇到了
            </Button>
          )}
        </View>
      ))}
    </View>
  );
}

function PlacePicker({ draft, onPick }: { draft: Draft; onPick: (id: string, name: string) => void }) {
  const [places, setPlaces] = useState<Array<{ id: string; name: string; distance: number }> | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!draft.location) return;
    let live = true;
    nearbyPlaces({ lat: draft.location.lat, lng: draft.location.lng }, { silent: true })
      .then((r) => live && setPlaces(r.items.map((i) => ({ id: i.id, name: i.name, distance: i.distance }))))
      .catch((e: unknown) => live && setError(e instanceof ApiCallError ? e.message : '附近站点加载失败'));
    return () => {
      live = false;
    };
  }, [draft.location?.lat, draft.location?.lng]);

  return (
    <View className="snap-field">
      <Text className="snap-field__label">反馈哪个站点/商户</Text>
      {draft.placeId ? (
        <View className="snap-place snap-place--picked" data-testid="snapshot-place-picked">
          <Text className="snap-place__name">{draft.placeName || '已选择'}</Text>
          <Text className="yh-text-primary" onClick={() => onPick('', '')}>
            重新选择
          </Text>
        </View>
      ) : !draft.location ? (
        <Text className="yh-muted">先获取位置，再从附近的站点和商户中选择。</Text>
      ) : error ? (
        <Text className="yh-text-danger">{error}</Text>
      ) : !places ? (
        <Text className="yh-muted">正在查找附近的站点和商户…</Text>
      ) : places.length === 0 ? (
        <Text className="yh-muted">附近 2 公里内没有登记的站点或商户。</Text>
      ) : (
        places.slice(0, 8).map((p) => (
          <View key={p.id} className="snap-place" data-testid={`snapshot-place-${p.id}`} onClick={() => onPick(p.id, p.name)}>
            <Text className="snap-place__name">{p.name}</Text>
            <Text className="yh-muted">{distanceText(p.distance)}</Text>
          </View>
        ))
      )}
    </View>
  );
}

function ReportForm({ user }: { user: UserView }) {
  const [start] = useState(() => {
    // 重新上报 from a rejected report replaces the draft (its page asked before replacing one).
    const resubmit = takeResubmit();
    if (resubmit) return { draft: resubmit, restored: false, resubmit: true };
    const saved = loadDraft();
    const d = saved ?? emptyDraft();
    const prefill = takePrefill();
    return {
      draft: prefill ? { ...d, kind: 'issue' as const, category: 'place_feedback', placeId: prefill.placeId, placeName: prefill.placeName } : d,
      // Only what the person left from before is 「已恢复」, not the place 「反馈问题」 just filled in.
      restored: !!saved && draftHasContent(saved),
      resubmit: false,
    };
  });
  const [draft, setDraft] = useState<Draft>(start.draft);
  const [cats, setCats] = useState<CategoryView[] | null>(null);
  const [catsError, setCatsError] = useState('');
  const [uploading, setUploading] = useState(false);
  const [locating, setLocating] = useState(false);
  const [picking, setPicking] = useState(false);
  const [sending, setSending] = useState(false);
  /** The last submit got no reply (timeout, network): the same report can be sent again safely. */
  const [unanswered, setUnanswered] = useState('');
  const [areaName, setAreaName] = useState('');
  const [done, setDone] = useState<ReportView | null>(null);
  const [near, setNear] = useState<NearbyItem[]>([]);
  const [unread, setUnread] = useState(0);
  const settings = useRef<SnapshotSettings | null>(null);
  const restored = useRef(start.restored);

  const [invalid, setInvalid] = useState<{ field: FormField; message: string } | null>(null);
  const update = useCallback((patch: Partial<Draft>) => {
    setInvalid(null);
    setDraft((d) => ({ ...d, ...patch }));
  }, []);

  useEffect(() => {
    if (draftHasContent(draft) || draft.location) saveDraft(draft);
  }, [draft]);

  const fetchCats = useCallback(() => {
    setCatsError('');
    loadCategories({ silent: true })
      .then(setCats)
      .catch((e: unknown) => setCatsError(e instanceof ApiCallError ? e.message : '分类加载失败'));
  }, []);

  useEffect(() => {
    fetchCats();
    cachedSettings()
      .then((s) => (settings.current = s))
      .catch(() => undefined);
    if (restored.current) void Taro.showToast({ title: '已恢复未提交的草稿', icon: 'none' });
    else if (start.resubmit) void Taro.showToast({ title: RESUBMIT_TOAST, icon: 'none' });
  }, [fetchCats]);

  const refreshUnread = useCallback(() => {
    unreadCount({ silent: true })
      .then((r) => setUnread(r.unread))
      .catch(() => undefined);
  }, []);
  // The page's first show can come before this form mounts (it waits for login): count once on mount too.
  useEffect(refreshUnread, [refreshUnread]);
  useDidShow(() => {
    refreshUnread();
    const resubmit = takeResubmit();
    if (resubmit) {
      setDone(null);
      setInvalid(null);
      setDraft(resubmit);
      void Taro.showToast({ title: RESUBMIT_TOAST, icon: 'none' });
      return;
    }
    const prefill = takePrefill();
    if (prefill) {
      setDone(null);
      update({ kind: 'issue', category: 'place_feedback', placeId: prefill.placeId, placeName: prefill.placeName });
    }
  });

  const category = cats?.find((c) => c.code === draft.category);

  // Same-category open reports within ~100 m, so a worker can add to one rather than file it again.
  useEffect(() => {
    if (draft.kind !== 'issue' || !draft.category || !draft.location || category?.routing === 'place') {
      setNear([]);
      return;
    }
    let live = true;
    loadNearby({ location: { lat: draft.location.lat, lng: draft.location.lng }, category: draft.category }, { silent: true })
      .then((items) => live && setNear(items))
      .catch(() => live && setNear([]));
    return () => {
      live = false;
    };
  }, [draft.kind, draft.category, draft.location?.lat, draft.location?.lng, category?.routing]);

  // Which community the spot belongs to, in words: people recognise 荷城社区, not coordinates.
  useEffect(() => {
    setAreaName('');
    if (!draft.location) return;
    let live = true;
    communities({ lat: draft.location.lat, lng: draft.location.lng }, { silent: true })
      .then((r) => live && setAreaName(r.items.find((c) => c.id === r.suggested)?.name ?? ''))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [draft.location?.lat, draft.location?.lng]);

  const locate = async () => {
    setLocating(true);
    try {
      const loc = await currentLocation();
      update({ location: loc, address: loc.address || draft.address });
    } catch {
      void Taro.showModal({ title: '没有获取到位置', content: LOCATION_DENIED_HINT, showCancel: false });
    } finally {
      setLocating(false);
    }
  };

  const pickOnMap = async () => {
    const loc = await chooseOnMap(draft.location ?? undefined);
    if (loc) update({ location: loc, address: loc.address || draft.address });
  };

  const send = async () => {
    if (sending) return;
    if (uploading) {
      void Taro.showToast({ title: '照片还在上传，请稍候', icon: 'none' });
      return;
    }
    const problem = firstProblem(draft, category);
    if (problem || !category || !draft.location) {
      const p = problem ?? { field: 'location' as const, message: '请完善内容' };
      setInvalid(p);
      void Taro.showToast({ title: p.message, icon: 'none' });
      // The field may be far above the button (the category grid): bring it into view.
      scrollToField(`snap-field-${p.field}`);
      return;
    }
    // requestSubscribeMessage must run straight from the tap, before anything is awaited.
    let subscribe: Array<'review' | 'progress' | 'resolved'> = [];
    if (process.env.TARO_ENV === 'weapp' && settings.current) {
      const t = settings.current.templates;
      const keys = (['review', 'progress', 'resolved'] as const).filter((k) => t[k]);
      try {
        const r = (await Taro.requestSubscribeMessage({ tmplIds: keys.map((k) => t[k]!) } as Parameters<typeof Taro.requestSubscribeMessage>[0])) as unknown as Record<string, string>;
        subscribe = keys.filter((k) => r[t[k]!] === 'accept');
      } catch {
        subscribe = [];
      }
    }
    setSending(true);
    setUnanswered('');
    try {
      const report = await submitReport({
        kind: draft.kind,
        category: category.code,
        description: draft.description.trim(),
        photos: draft.photos.map((p) => p.fileID),
        location: { lat: draft.location.lat, lng: draft.location.lng },
        address: draft.address.trim() || undefined,
        placeId: category.routing === 'place' ? draft.placeId : undefined,
        hours: draft.kind === 'volunteer' ? draft.hours : undefined,
        activity: draft.kind === 'volunteer' ? draft.activity.trim() : undefined,
        subscribe: subscribe.length ? subscribe : undefined,
        requestId: draft.requestId,
      }, { silent: true });
      clearDraft();
      setDone(report);
    } catch (e) {
      if (isUnanswered(e)) {
        // No reply: it may have landed. The retry carries the same requestId, so it files once.
        setUnanswered((e as ApiCallError).message);
      } else {
        // Refused for good: keep the draft, and a new requestId for the corrected attempt.
        void Taro.showToast({ title: e instanceof ApiCallError ? e.message : '提交失败，请稍后重试', icon: 'none', duration: 2500 });
        update({ requestId: emptyDraft().requestId });
      }
    } finally {
      setSending(false);
    }
  };

  const again = () => {
    setDone(null);
    setDraft({ ...emptyDraft(), location: draft.location, address: draft.address });
  };

  if (done) return <Success report={done} onAgain={again} />;

  const list = (cats ?? []).filter((c) => c.kind === draft.kind);
  return (
    <View>
      <RoleLinks user={user} unread={unread} />

      <View className="snap-kinds">
        {(['issue', 'volunteer'] as const).map((k) => (
          <View
            key={k}
            className={`snap-kinds__item${draft.kind === k ? ' snap-kinds__item--on' : ''}`}
            data-testid={`snapshot-kind-${k}`}
            onClick={() => update({ kind: k, category: k === 'volunteer' ? (cats?.find((c) => c.kind === 'volunteer')?.code ?? '') : '', placeId: '', placeName: '' })}
          >
            <Text>{k === 'issue' ? '随手拍问题' : '志愿服务记录'}</Text>
          </View>
        ))}
      </View>

      <View {...fieldCard('category', invalid)}>
        <Text className="snap-field__label">{draft.kind === 'issue' ? '遇到了什么问题' : '服务类别'}</Text>
        <FieldError field="category" invalid={invalid} />
        {catsError ? (
          <View>
            <Text className="yh-text-danger">{catsError}</Text>
            <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={fetchCats}>
              重新加载
            </Button>
          </View>
        ) : !cats ? (
          <Text className="yh-muted">正在加载分类…</Text>
        ) : (
          <View className="snap-cats">
            {list.map((c) => (
              <View
                key={c.code}
                className={`snap-cats__item${draft.category === c.code ? ' snap-cats__item--on' : ''}`}
                data-testid={`snapshot-category-${c.code}`}
                onClick={() => update({ category: c.code, ...(c.routing === 'place' ? {} : { placeId: '', placeName: '' }) })}
              >
                <Icon name={categoryIcon(c.code)} className="snap-cats__glyph" />
                <Text className="snap-cats__name">{c.name}</Text>
              </View>
            ))}
          </View>
        )}
        {category && category.kind === 'issue' ? (
          <Text className="yh-muted snap-hint">
            受理后奖励 {category.points} 积分 · 社区承诺 {category.slaHours} 小时内处理
          </Text>
        ) : null}
      </View>

      <View className={`yh-card${invalid && invalid.field !== 'category' && invalid.field !== 'location' ? ' snap-field--invalid' : ''}`}>
        <Text className="snap-field__label" id="snap-field-photos">
          现场照片{category?.photoRequired ? '（必填）' : '（选填）'} {draft.photos.length}/{MAX_PHOTOS}
        </Text>
        <FieldError field="photos" invalid={invalid} />
        <PhotoUploader photos={draft.photos} onChange={(photos) => update({ photos })} max={MAX_PHOTOS} onBusyChange={setUploading} testId="snapshot-photos" />

        {draft.kind === 'volunteer' ? (
          <View>
            <Text className="snap-field__label" id="snap-field-activity">
              服务内容
            </Text>
            <FieldError field="activity" invalid={invalid} />
            <View className="snap-presets">
              {VOLUNTEER_ACTIVITIES.map((a) => (
                <Text key={a} className={`yh-chip yh-chip--tap${draft.activity === a ? ' snap-presets__on' : ''}`} onClick={() => update({ activity: a })}>
                  {a}
                </Text>
              ))}
            </View>
            <Input className="snap-input" data-testid="snapshot-activity" value={draft.activity} maxlength={-1} placeholder="例如：学校门口交通劝导" onInput={(e) => update({ activity: e.detail.value })} />
            <Text className="snap-field__label">服务时长</Text>
            <View className="snap-hours">
              <Button className="yh-btn yh-btn--ghost snap-hours__btn" onClick={() => update({ hours: Math.max(0.5, draft.hours - 0.5) })}>
                －
              </Button>
              <Text className="snap-hours__value" data-testid="snapshot-hours">
                {draft.hours} 小时
              </Text>
              <Button className="yh-btn yh-btn--ghost snap-hours__btn" onClick={() => update({ hours: Math.min(12, draft.hours + 0.5) })}>
                ＋
              </Button>
            </View>
          </View>
        ) : null}

        <Text className="snap-field__label" id="snap-field-description">
          情况描述
        </Text>
        <FieldError field="description" invalid={invalid} />
        <Textarea
          className="snap-textarea"
          data-testid="snapshot-description"
          value={draft.description}
          maxlength={-1}
          placeholder={draft.kind === 'issue' ? '在哪里、什么情况、有多危险，说清楚更快处理' : '做了什么、服务了多少人'}
          onInput={(e) => update({ description: e.detail.value })}
        />
        <Text className={`snap-count${draft.description.trim().length > MAX_DESCRIPTION ? ' snap-count--over' : ' yh-muted'}`} data-testid="snapshot-description-count">
          {draft.description.trim().length > MAX_DESCRIPTION ? `超出 ${draft.description.trim().length - MAX_DESCRIPTION} 字 · ` : ''}
          {draft.description.length}/{MAX_DESCRIPTION}
        </Text>
      </View>

      <View {...fieldCard('location', invalid)}>
        <Text className="snap-field__label">位置</Text>
        <FieldError field="location" invalid={invalid} />
        {draft.location ? (
          <View data-testid="snapshot-location">
            <Text className="snap-loc">{draft.address.trim() || (areaName ? `${areaName}附近` : '已定位到当前位置')}</Text>
            <Text className="yh-muted snap-loc__area" data-testid="snapshot-area">
              {areaName ? `属于${areaName} · 将转给该社区和网格处理` : '位置已记录，提交后自动转给所在社区'}
            </Text>
          </View>
        ) : (
          <Text className="yh-muted">还没有位置，网格员需要它找到现场。</Text>
        )}
        <View className="snap-loc-btns">
          <Button className="yh-btn yh-btn--primary snap-loc-btns__btn" data-testid="snapshot-locate" {...busyProps(locating)} onClick={() => void locate()}>
            {draft.location ? '重新定位' : '获取当前位置'}
          </Button>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className="yh-btn yh-btn--ghost snap-loc-btns__btn" onClick={() => void pickOnMap()}>
              地图选点
            </Button>
          ) : (
            <Button className="yh-btn yh-btn--ghost snap-loc-btns__btn" data-testid="snapshot-pick" onClick={() => setPicking((v) => !v)}>
              {picking ? '收起示意图' : '示意图选点'}
            </Button>
          )}
        </View>
        {/* H5 has no chooseLocation: the spot is tapped on the schematic instead. */}
        {process.env.TARO_ENV !== 'weapp' && picking ? (
          <MapPicker value={draft.location ? { lat: draft.location.lat, lng: draft.location.lng } : null} onPick={(p) => update({ location: { lat: p.lat, lng: p.lng, address: '' } })} pinLabel="问题位置" />
        ) : null}
        <Text className="snap-field__label">地址（可修改）</Text>
        <Input className="snap-input" data-testid="snapshot-address" value={draft.address} maxlength={-1} placeholder="写下地址或标志物，如：荷城路 102 号门口" onInput={(e) => update({ address: e.detail.value })} />
        {category?.routing === 'place' ? <PlacePicker draft={draft} onPick={(placeId, placeName) => update({ placeId, placeName })} /> : null}
      </View>

      <NearbyList items={near} onJoined={(id, count) => setNear((list) => list.map((n) => (n.id === id ? { ...n, meTooCount: count, meTooByMe: true } : n)))} />

      {unanswered && !sending ? (
        <View className="yh-card snap-retry" data-testid="snapshot-unanswered">
          <Text className="yh-card__title">提交没有完成</Text>
          <Text className="yh-muted">{unanswered}。内容已保存为草稿，点「重新提交」不会重复上报。</Text>
        </View>
      ) : null}
      <Button className={`yh-btn yh-btn--primary yh-btn--block${uploading ? ' yh-btn--disabled' : ''}`} data-testid="snapshot-submit" {...busyProps(sending)} onClick={() => void send()}>
        {sending ? '提交中…' : uploading ? '照片上传中…' : unanswered ? '重新提交' : draft.kind === 'issue' ? '提交上报' : '提交志愿服务记录'}
      </Button>
      {draftHasContent(draft) ? (
        <Text className="yh-muted snap-draft-note">内容会自动保存为草稿，离开页面也不会丢。</Text>
      ) : null}
    </View>
  );
}

/** 随手拍: report a street problem or log volunteer service. */
export default function SnapshotPage() {
  return <PageShell requireUser>{(user) => <ReportForm user={user} />}</PageShell>;
}
