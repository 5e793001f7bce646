import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import type { LatLng, OfferInput, PlaceOwnView, ServiceCode, UpdatePayload, WeeklyHours } from '../../../cloudfunctions/shared/contracts/place';
import { defaultHours } from '../../constants/place';
import { ApiCallError } from '../../services/errors';
import { locate } from '../../services/place';
import { chooseOnMap, pickPhotos, uploadPhoto } from '../../services/snapshot';
import HoursEditor from '../hours-editor';
import ServiceChips from '../service-chips';
import './index.css';

export interface FormPhoto {
  fileID: string;
  /** What to show: an https temp URL, the weapp fileID, or the H5 session's blob: URL. */
  preview: string;
}

export interface PlaceFormValues {
  name: string;
  address: string;
  phone: string;
  location: LatLng | null;
  services: ServiceCode[];
  offers: Array<Required<Pick<OfferInput, 'title' | 'detail'>> & { id?: string; workerDiscount: string }>;
  hours: WeeklyHours;
  photos: FormPhoto[];
  licence: FormPhoto | null;
}

export function emptyPlaceForm(): PlaceFormValues {
  return { name: '', address: '', phone: '', location: null, services: [], offers: [], hours: defaultHours(), photos: [], licence: null };
}

/** The form's values for a place being edited (the owner's or staff's view). */
export function formFromPlace(p: PlaceOwnView): PlaceFormValues {
  const change = p.pendingChange;
  return {
    // Show what the owner last asked for, not what is live, so a second edit builds on the first.
    name: change?.name ?? p.name,
    address: change?.address ?? p.address,
    phone: p.phone,
    location: change?.location ?? p.location,
    services: [...p.services],
    offers: (change?.offers ?? p.offers).map((o) => ({ id: o.id, title: o.title, detail: o.detail, workerDiscount: o.workerDiscount ?? '' })),
    hours: { ...p.hours, weekly: p.hours.weekly.map((d) => d.map((r) => ({ ...r }))) },
    photos: (change?.photos ?? p.photos).map((x) => ({ fileID: x.fileID, preview: x.url || x.fileID })),
    licence: change?.licencePhoto ? { fileID: change.licencePhoto.fileID, preview: change.licencePhoto.url } : p.licencePhoto ? { fileID: p.licencePhoto.fileID, preview: p.licencePhoto.url || p.licencePhoto.fileID } : null,
  };
}

/** The payload's offers: empty optional texts left out. */
export function offersOf(v: PlaceFormValues): OfferInput[] {
  return v.offers.map((o) => ({
    ...(o.id ? { id: o.id } : {}),
    title: o.title.trim(),
    detail: o.detail.trim(),
    ...(o.workerDiscount.trim() ? { workerDiscount: o.workerDiscount.trim() } : {}),
  }));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only what changed, so an edit of the offers does not send the name back to review. */
export function changesOf(id: string, before: PlaceFormValues, after: PlaceFormValues): UpdatePayload {
  const p: UpdatePayload = { id };
  if (after.name.trim() !== before.name) p.name = after.name.trim();
  if (after.address.trim() !== before.address) p.address = after.address.trim();
  if (after.phone.trim() !== before.phone) p.phone = after.phone.trim();
  if (after.location && !same(after.location, before.location)) p.location = after.location;
  if (!same(after.services, before.services)) p.services = after.services;
  if (!same(offersOf(after), offersOf(before))) p.offers = offersOf(after);
  if (!same(after.hours, before.hours)) p.hours = after.hours;
  if (!same(after.photos.map((x) => x.fileID), before.photos.map((x) => x.fileID))) p.photos = after.photos.map((x) => x.fileID);
  if (after.licence && after.licence.fileID !== before.licence?.fileID) p.licencePhoto = after.licence.fileID;
  return p;
}

type Field = 'name' | 'address' | 'phone' | 'location' | 'services' | 'offers' | 'hours' | 'photos' | 'licence';
type Errors = Partial<Record<Field, string>>;

const PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})$/;

export function validatePlaceForm(v: PlaceFormValues, mode: 'merchant' | 'station', requireLicence = mode === 'merchant'): Errors {
  const e: Errors = {};
  if (v.name.trim().length < 2) e.name = '名称至少 2 个字';
  if (v.address.trim().length < 2) e.address = '请填写地址';
  if (mode === 'merchant' || v.phone.trim()) {
    if (!PHONE.test(v.phone.trim())) e.phone = '请填写手机号或座机号（如 0775-1234567）';
  }
  if (!v.location) e.location = '请选择位置';
  if (v.services.length === 0) e.services = '请至少选择一项服务';
  if (v.offers.some((o) => !o.title.trim())) e.offers = '每条优惠都要有标题';
  if (requireLicence && !v.licence) e.licence = '请上传营业执照照片';
  return e;
}

/** Maps a server refusal's field (payload.offers.0.title …) to the form field it belongs to. */
export function fieldOfError(path: string | undefined): Field | undefined {
  const key = path?.split('.')[1];
  if (key === 'licencePhoto') return 'licence';
  const fields: Field[] = ['name', 'address', 'phone', 'location', 'services', 'offers', 'hours', 'photos'];
  return fields.find((f) => f === key);
}

export interface PlaceFormProps {
  mode: 'merchant' | 'station';
  initial: PlaceFormValues;
  submitLabel: string;
  /** Throws ApiCallError to show a refusal next to its field. */
  onSubmit: (values: PlaceFormValues) => Promise<void>;
  /** Shown above the submit button (e.g. what goes to review). */
  note?: string;
  /** New applications need a licence; places approved before one was asked for can still be edited. */
  requireLicence?: boolean;
}

type Upload = { kind: 'licence' | 'photo'; percent: number } | null;

/** The merchant application / edit form and the station editor: one form, two modes. */
export default function PlaceForm({ mode, initial, submitLabel, onSubmit, note, requireLicence = mode === 'merchant' }: PlaceFormProps) {
  const [v, setV] = useState<PlaceFormValues>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [upload, setUpload] = useState<Upload>(null);
  const [locating, setLocating] = useState(false);
  const [latText, setLatText] = useState(initial.location ? String(initial.location.lat) : '');
  const [lngText, setLngText] = useState(initial.location ? String(initial.location.lng) : '');

  const set = <K extends keyof PlaceFormValues>(key: K, value: PlaceFormValues[K], field?: Field) => {
    setV((prev) => ({ ...prev, [key]: value }));
    if (field) setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const setLocation = (p: LatLng) => {
    set('location', p, 'location');
    setLatText(String(p.lat));
    setLngText(String(p.lng));
  };
  const typedLocation = (lat: string, lng: string) => {
    setLatText(lat);
    setLngText(lng);
    const la = Number(lat);
    const ln = Number(lng);
    set('location', lat.trim() && lng.trim() && Number.isFinite(la) && Number.isFinite(ln) ? { lat: la, lng: ln } : null, 'location');
  };

  const useHere = async () => {
    setLocating(true);
    const w = await locate();
    setLocating(false);
    if (w.fallback) {
      Taro.showToast({ title: '无法获取定位，请手动填写或在地图上选择', icon: 'none' });
      return;
    }
    setLocation(w.location);
  };
  const pickOnMap = async () => {
    const p = await chooseOnMap(v.location ?? undefined);
    if (!p) return;
    setLocation({ lat: p.lat, lng: p.lng });
    if (!v.address.trim() && p.address) set('address', p.address, 'address');
  };

  const addPhoto = async (kind: 'licence' | 'photo') => {
    if (upload) return;
    let picked;
    try {
      picked = await pickPhotos(1);
    } catch {
      return; // cancelled
    }
    const photo = picked[0];
    if (!photo) return;
    setUpload({ kind, percent: 0 });
    try {
      const fileID = await uploadPhoto(photo, (percent) => setUpload({ kind, percent }));
      const added = { fileID, preview: photo.path };
      if (kind === 'licence') set('licence', added, 'licence');
      else setV((prev) => ({ ...prev, photos: [...prev.photos, added] }));
    } catch {
      Taro.showToast({ title: '上传失败，请重试', icon: 'none' });
    } finally {
      setUpload(null);
    }
  };

  const submit = async () => {
    if (saving || upload) return;
    const found = validatePlaceForm(v, mode, requireLicence);
    setErrors(found);
    if (Object.keys(found).length) {
      Taro.showToast({ title: Object.values(found)[0]!, icon: 'none' });
      return;
    }
    setSaving(true);
    try {
      await onSubmit(v);
    } catch (err) {
      const e = err instanceof ApiCallError ? err : new ApiCallError('INTERNAL', '提交失败，请稍后重试');
      const field = fieldOfError(e.field);
      if (field) setErrors((prev) => ({ ...prev, [field]: e.message }));
      Taro.showToast({ title: e.message, icon: 'none', duration: 3000 });
    } finally {
      setSaving(false);
    }
  };

  const error = (f: Field) => (errors[f] ? <Text className="place-form__error">{errors[f]}</Text> : null);
  const input = (field: 'name' | 'address' | 'phone', label: string, placeholder: string, max: number) => (
    <View className="place-form__field">
      <Text className="place-form__label">{label}</Text>
      <Input
        className={`place-form__input${errors[field] ? ' place-form__input--error' : ''}`}
        data-testid={`input-place-${field}`}
        value={v[field]}
        maxlength={max}
        placeholder={placeholder}
        onInput={(e) => set(field, e.detail.value, field)}
      />
      {error(field)}
    </View>
  );

  return (
    <View className="place-form" data-testid="place-form">
      <View className="yh-card">
        <Text className="yh-card__title">基本信息</Text>
        {input('name', mode === 'merchant' ? '店铺名称' : '服务站名称', mode === 'merchant' ? '与招牌一致，如：黄记牛腩粉' : '如：荷城社区党群服务站', 30)}
        {input('address', '地址', '街道门牌号，如：荷城路 102 号', 80)}
        {input('phone', mode === 'merchant' ? '联系电话' : '联系电话（选填）', '手机号或座机号', 20)}
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">位置</Text>
        <Text className={`place-form__location${v.location ? '' : ' place-form__location--empty'}`} data-testid="place-form-location">
          {v.location ? `纬度 ${v.location.lat.toFixed(6)}，经度 ${v.location.lng.toFixed(6)}` : '尚未选择位置'}
        </Text>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => void pickOnMap()}>
            在地图上选择位置
          </Button>
        ) : (
          <View className="place-form__coords">
            <Input className="place-form__input place-form__coord" data-testid="input-lat" type="digit" value={latText} placeholder="纬度，如 23.105" onInput={(e) => typedLocation(e.detail.value, lngText)} />
            <Input className="place-form__input place-form__coord" data-testid="input-lng" type="digit" value={lngText} placeholder="经度，如 109.59" onInput={(e) => typedLocation(latText, e.detail.value)} />
          </View>
        )}
        <Button className={`yh-btn yh-btn--ghost yh-btn--block${locating ? ' yh-btn--disabled' : ''}`} data-testid="use-my-location" onClick={() => !locating && void useHere()}>
          {locating ? '正在定位…' : '使用我当前的位置'}
        </Button>
        {error('location')}
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">提供的服务</Text>
        <Text className="yh-muted place-form__hint">选择能为骑手、快递员、司机提供的便利（可多选）</Text>
        <ServiceChips codes={v.services} onToggle={(c) => set('services', v.services.includes(c) ? v.services.filter((x) => x !== c) : [...v.services, c], 'services')} testId="form-services" />
        {error('services')}
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">优惠</Text>
        {v.offers.length === 0 ? <Text className="yh-muted">还没有优惠，可以添加免费饮水、骑手折扣等。</Text> : null}
        {v.offers.map((o, i) => {
          const patch = (p: Partial<typeof o>) => set('offers', v.offers.map((x, k) => (k === i ? { ...x, ...p } : x)), 'offers');
          return (
            <View key={i} className="place-form__offer">
              <View className="yh-row place-form__offer-head">
                <Text className="place-form__label">第 {i + 1} 条</Text>
                <Text className="place-form__link" onClick={() => set('offers', v.offers.filter((_, k) => k !== i), 'offers')}>
                  删除
                </Text>
              </View>
              <Input className="place-form__input" data-testid={`offer-title-${i}`} value={o.title} maxlength={30} placeholder="标题，如：免费饮水" onInput={(e) => patch({ title: e.detail.value })} />
              <Textarea className="place-form__textarea" data-testid={`offer-detail-${i}`} value={o.detail} maxlength={200} placeholder="说明（选填）" autoHeight onInput={(e) => patch({ detail: e.detail.value })} />
              <Input className="place-form__input" data-testid={`offer-discount-${i}`} value={o.workerDiscount} maxlength={20} placeholder="骑手专享优惠（选填），如：9 折" onInput={(e) => patch({ workerDiscount: e.detail.value })} />
            </View>
          );
        })}
        {v.offers.length < 10 ? (
          <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="add-offer" onClick={() => set('offers', [...v.offers, { title: '', detail: '', workerDiscount: '' }], 'offers')}>
            添加一条优惠
          </Button>
        ) : null}
        {error('offers')}
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">营业时间</Text>
        <HoursEditor value={v.hours} onChange={(h) => set('hours', h, 'hours')} />
        {error('hours')}
      </View>

      <View className="yh-card">
        <Text className="yh-card__title">照片</Text>
        {mode === 'merchant' ? (
          <View className="place-form__field">
            <Text className="place-form__label">营业执照（仅社区工作人员可见）</Text>
            {v.licence ? <Image className="place-form__licence" mode="aspectFit" src={v.licence.preview} data-testid="licence-preview" /> : null}
            <Button className={`yh-btn yh-btn--ghost yh-btn--block${upload ? ' yh-btn--disabled' : ''}`} data-testid="upload-licence" onClick={() => void addPhoto('licence')}>
              {upload?.kind === 'licence' ? `上传中 ${upload.percent}%` : v.licence ? '重新上传营业执照' : '上传营业执照'}
            </Button>
            {error('licence')}
          </View>
        ) : null}
        <Text className="place-form__label">{mode === 'merchant' ? '门头照片（选填）' : '服务站照片（选填）'}</Text>
        <View className="place-form__photos">
          {v.photos.map((p, i) => (
            <View key={p.fileID} className="place-form__photo">
              <Image className="place-form__photo-img" mode="aspectFill" src={p.preview} />
              <Text className="place-form__photo-remove" onClick={() => set('photos', v.photos.filter((_, k) => k !== i), 'photos')}>
                ×
              </Text>
            </View>
          ))}
          {v.photos.length < 6 ? (
            <View className="place-form__photo place-form__photo--add" data-testid="upload-photo" onClick={() => void addPhoto('photo')}>
              <Text>{upload?.kind === 'photo' ? `${upload.percent}%` : '+ 照片'}</Text>
            </View>
          ) : null}
        </View>
        {error('photos')}
      </View>

      {note ? <Text className="place-form__note">{note}</Text> : null}
      <Button
        className={`yh-btn yh-btn--primary yh-btn--block${saving || upload ? ' yh-btn--disabled' : ''}`}
        data-testid="place-submit"
        onClick={() => void submit()}
      >
        {saving ? '提交中…' : submitLabel}
      </Button>
    </View>
  );
}
