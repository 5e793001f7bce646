import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import type { LatLng, OfferInput, PlaceOwnView, ServiceCode, UpdatePayload, WeeklyHours } from '../../../cloudfunctions/shared/contracts/place';
import { defaultHours } from '../../constants/place';
import { ApiCallError } from '../../services/errors';
import { locate } from '../../services/place';
import { communities } from '../../services/user';
import { scrollToField, tooLong } from '../form-field';
import { chooseOnMap, pickPhotos, uploadPhoto } from '../../services/snapshot';
import HoursEditor from '../hours-editor';
import ServiceChips from '../service-chips';
import MapPicker from '../map-picker';
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

/** The order the form asks in: the first refused field is the one brought into view. */
const FIELD_ORDER: readonly Field[] = ['name', 'phone', 'location', 'address', 'services', 'offers', 'hours', 'licence', 'photos'];

// The contract's limits (contracts/place.ts), shown as counts and refused with the count, never cut.
export const PLACE_LIMITS = { name: 30, address: 80, offerTitle: 30, offerDetail: 200, offerDiscount: 20 } as const;

const PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})$/;

/** What is wrong with the offers, naming the offer: 「第 2 条优惠的说明最多 200 个字，现在 230 个字」. */
function offerProblem(offers: PlaceFormValues['offers']): { index: number; message: string } | null {
  for (let i = 0; i < offers.length; i++) {
    const o = offers[i];
    const which = `第 ${i + 1} 条优惠的`;
    if (!o.title.trim()) return { index: i, message: `${which}标题没有填写` };
    const over = tooLong(`${which}标题`, o.title, PLACE_LIMITS.offerTitle) ?? tooLong(`${which}说明`, o.detail, PLACE_LIMITS.offerDetail) ?? tooLong(`${which}骑手优惠`, o.workerDiscount, PLACE_LIMITS.offerDiscount);
    if (over) return { index: i, message: over };
  }
  return null;
}

export function validatePlaceForm(v: PlaceFormValues, mode: 'merchant' | 'station', requireLicence = mode === 'merchant'): Errors {
  const e: Errors = {};
  if (v.name.trim().length < 2) e.name = '名称至少 2 个字';
  else e.name = tooLong('名称', v.name, PLACE_LIMITS.name) ?? undefined;
  if (v.address.trim().length < 2) e.address = '请填写地址';
  else e.address = tooLong('地址', v.address, PLACE_LIMITS.address) ?? undefined;
  if (mode === 'merchant' || v.phone.trim()) {
    if (!PHONE.test(v.phone.trim())) e.phone = '请填写手机号或座机号（如 0775-1234567）';
  }
  if (!v.location) e.location = process.env.TARO_ENV === 'weapp' ? '请在地图上选择位置' : '请在示意图上点出位置';
  if (v.services.length === 0) e.services = '请至少选择一项服务';
  const offer = offerProblem(v.offers);
  if (offer) e.offers = offer.message;
  if (requireLicence && !v.licence) e.licence = '请上传营业执照照片';
  for (const k of Object.keys(e) as Field[]) if (!e[k]) delete e[k];
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

/** 「荷城社区 · 荷城一网格」 for a spot, through the stored grids and community boundaries ('' outside them). */
function useAreaName(location: LatLng | null): string | null {
  const [area, setArea] = useState<string | null>(null);
  useEffect(() => {
    setArea(null);
    if (!location) return;
    let live = true;
    communities(location, { silent: true })
      .then((r) => live && setArea([r.items.find((c) => c.id === r.suggested)?.name ?? '', r.suggestedGridName].filter(Boolean).join(' · ')))
      .catch(() => live && setArea(''));
    return () => {
      live = false;
    };
  }, [location?.lat, location?.lng]);
  return area;
}

function Count({ text, max }: { text: string; max: number }) {
  const n = text.trim().length;
  return <Text className={`place-form__count${n > max ? ' place-form__count--over' : ''}`}>{n > max ? `超出 ${n - max} 字 · ${n}/${max}` : `${n}/${max}`}</Text>;
}

/** The merchant application / edit form and the station editor: one form, two modes. */
export default function PlaceForm({ mode, initial, submitLabel, onSubmit, note, requireLicence = mode === 'merchant' }: PlaceFormProps) {
  const [v, setV] = useState<PlaceFormValues>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [upload, setUpload] = useState<Upload>(null);
  const [locating, setLocating] = useState(false);
  const area = useAreaName(v.location);
  const noun = mode === 'merchant' ? '店铺' : '服务站';

  const set = <K extends keyof PlaceFormValues>(key: K, value: PlaceFormValues[K], field?: Field) => {
    setV((prev) => ({ ...prev, [key]: value }));
    if (field) setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const setLocation = (p: LatLng) => set('location', p, 'location');

  /** Marks the refused fields and brings the first of them into view (it may be far above the button). */
  const refuse = (found: Errors, offerIndex?: number) => {
    setErrors(found);
    const first = FIELD_ORDER.find((f) => found[f]);
    if (!first) return;
    Taro.showToast({ title: found[first]!, icon: 'none', duration: 3000 });
    scrollToField(first === 'offers' && offerIndex !== undefined ? `place-offer-${offerIndex}` : `place-field-${first}`);
  };

  const useHere = async () => {
    setLocating(true);
    const w = await locate();
    setLocating(false);
    if (w.fallback) {
      Taro.showToast({ title: process.env.TARO_ENV === 'weapp' ? '无法获取定位，请在地图上选择' : '无法获取定位，请在示意图上点出位置', icon: 'none' });
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
    if (Object.keys(found).length) {
      refuse(found, offerProblem(v.offers)?.index);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await onSubmit(v);
    } catch (err) {
      const e = err instanceof ApiCallError ? err : new ApiCallError('INTERNAL', '提交失败，请稍后重试');
      const field = fieldOfError(e.field);
      if (field) {
        const index = field === 'offers' ? Number(e.field?.split('.')[2]) : NaN;
        refuse({ [field]: e.message }, Number.isInteger(index) ? index : undefined);
      } else Taro.showToast({ title: e.message, icon: 'none', duration: 3000 });
    } finally {
      setSaving(false);
    }
  };

  const error = (f: Field) =>
    errors[f] ? (
      <Text className="place-form__error" data-testid={`place-error-${f}`}>
        {errors[f]}
      </Text>
    ) : null;
  const card = (f: Field) => ({ id: `place-field-${f}`, className: `yh-card${errors[f] ? ' place-form__card--invalid' : ''}` });
  const input = (field: 'name' | 'address' | 'phone', label: string, placeholder: string, max?: number) => (
    <View className={`place-form__field place-form__field--${field}${errors[field] ? ' place-form__field--invalid' : ''}`} id={`place-field-${field}`}>
      <View className="place-form__label-row">
        <Text className="place-form__label">{label}</Text>
        {max ? <Count text={v[field]} max={max} /> : null}
      </View>
      {error(field)}
      <Input
        className={`place-form__input${errors[field] ? ' place-form__input--error' : ''}`}
        data-testid={`input-place-${field}`}
        value={v[field]}
        maxlength={-1}
        placeholder={placeholder}
        onInput={(e) => set(field, e.detail.value, field)}
      />
    </View>
  );

  return (
    <View className="place-form" data-testid="place-form">
      <View className="yh-card">
        <Text className="yh-card__title">基本信息</Text>
        {input('name', mode === 'merchant' ? '店铺名称' : '服务站名称', mode === 'merchant' ? '与招牌一致，如：黄记牛腩粉' : '如：荷城社区党群服务站', PLACE_LIMITS.name)}
        {input('phone', mode === 'merchant' ? '联系电话' : '联系电话（选填）', '手机号或座机号')}
      </View>

      <View {...card('location')}>
        <Text className="yh-card__title">位置</Text>
        {error('location')}
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="place-choose-location" onClick={() => void pickOnMap()}>
            {v.location ? '在地图上重新选择' : '在地图上选择位置'}
          </Button>
        ) : (
          <MapPicker value={v.location} onPick={setLocation} pinLabel={`${noun}位置`} />
        )}
        <Text className={`place-form__location${v.location ? '' : ' place-form__location--empty'}`} data-testid="place-form-location">
          {!v.location
            ? `尚未选择${noun}位置`
            : area === null
              ? '已选好位置，正在确认所属社区…'
              : area
                ? `属于${area}${mode === 'merchant' ? '，由该社区审核' : ''}`
                : '这个位置不在本区已登记的社区范围内，请重新选择'}
        </Text>
        <Button className={`yh-btn yh-btn--ghost yh-btn--block${locating ? ' yh-btn--disabled' : ''}`} data-testid="use-my-location" onClick={() => !locating && void useHere()}>
          {locating ? '正在定位…' : '使用我当前的位置'}
        </Button>
        {input('address', '地址（可修改）', '街道门牌号，如：荷城路 102 号', PLACE_LIMITS.address)}
      </View>

      <View {...card('services')}>
        <Text className="yh-card__title">提供的服务</Text>
        <Text className="yh-muted place-form__hint">选择能为骑手、快递员、司机提供的便利（可多选）</Text>
        {error('services')}
        <ServiceChips codes={v.services} onToggle={(c) => set('services', v.services.includes(c) ? v.services.filter((x) => x !== c) : [...v.services, c], 'services')} testId="form-services" />
      </View>

      <View {...card('offers')}>
        <Text className="yh-card__title">优惠</Text>
        {error('offers')}
        {v.offers.length === 0 ? <Text className="yh-muted">还没有优惠，可以添加免费饮水、骑手折扣等。</Text> : null}
        {v.offers.map((o, i) => {
          const patch = (p: Partial<typeof o>) => set('offers', v.offers.map((x, k) => (k === i ? { ...x, ...p } : x)), 'offers');
          return (
            <View key={i} className="place-form__offer" id={`place-offer-${i}`}>
              <View className="yh-row place-form__offer-head">
                <Text className="place-form__label">第 {i + 1} 条</Text>
                <Text className="place-form__link" onClick={() => set('offers', v.offers.filter((_, k) => k !== i), 'offers')}>
                  删除
                </Text>
              </View>
              <View className="place-form__label-row">
                <Text className="place-form__sublabel">标题</Text>
                <Count text={o.title} max={PLACE_LIMITS.offerTitle} />
              </View>
              <Input className="place-form__input" data-testid={`offer-title-${i}`} value={o.title} maxlength={-1} placeholder="如：免费饮水" onInput={(e) => patch({ title: e.detail.value })} />
              <View className="place-form__label-row">
                <Text className="place-form__sublabel">说明（选填）</Text>
                <Count text={o.detail} max={PLACE_LIMITS.offerDetail} />
              </View>
              <Textarea className="place-form__textarea" data-testid={`offer-detail-${i}`} value={o.detail} maxlength={-1} placeholder="怎么享受这条优惠" autoHeight onInput={(e) => patch({ detail: e.detail.value })} />
              <View className="place-form__label-row">
                <Text className="place-form__sublabel">骑手专享优惠（选填）</Text>
                <Count text={o.workerDiscount} max={PLACE_LIMITS.offerDiscount} />
              </View>
              <Input className="place-form__input" data-testid={`offer-discount-${i}`} value={o.workerDiscount} maxlength={-1} placeholder="如：9 折" onInput={(e) => patch({ workerDiscount: e.detail.value })} />
            </View>
          );
        })}
        {v.offers.length < 10 ? (
          <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="add-offer" onClick={() => set('offers', [...v.offers, { title: '', detail: '', workerDiscount: '' }], 'offers')}>
            添加一条优惠
          </Button>
        ) : null}
      </View>

      <View {...card('hours')}>
        <Text className="yh-card__title">营业时间</Text>
        {error('hours')}
        <HoursEditor value={v.hours} onChange={(h) => set('hours', h, 'hours')} />
      </View>

      <View id="place-field-photos" className={`yh-card${errors.licence || errors.photos ? ' place-form__card--invalid' : ''}`}>
        <Text className="yh-card__title">照片</Text>
        {mode === 'merchant' ? (
          <View className="place-form__field" id="place-field-licence">
            <Text className="place-form__label">营业执照（仅社区工作人员可见）</Text>
            {error('licence')}
            {v.licence ? <Image className="place-form__licence" mode="aspectFit" src={v.licence.preview} data-testid="licence-preview" /> : null}
            <Button className={`yh-btn yh-btn--ghost yh-btn--block${upload ? ' yh-btn--disabled' : ''}`} data-testid="upload-licence" onClick={() => void addPhoto('licence')}>
              {upload?.kind === 'licence' ? `上传中 ${upload.percent}%` : v.licence ? '重新上传营业执照' : '上传营业执照'}
            </Button>
          </View>
        ) : null}
        <Text className="place-form__label">{mode === 'merchant' ? '门头照片（选填）' : '服务站照片（选填）'}</Text>
        {error('photos')}
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
