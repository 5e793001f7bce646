// Runtime copies of the place taxonomy and labels (the app imports only *types* from cloudfunctions, so no
// zod ships); test/unit/place/place-rules.test.ts keeps SERVICE_OPTIONS equal to the contract's SERVICES.
import type { PlaceStatus, PlaceType, ServiceCode, TimeRange, WeeklyHours } from '../../cloudfunctions/shared/contracts/place';

export const SERVICE_OPTIONS: ReadonlyArray<{ code: ServiceCode; label: string; glyph: string }> = [
  { code: 'water', label: '饮水', glyph: '水' },
  { code: 'charging', label: '充电', glyph: '电' },
  { code: 'restroom', label: '如厕', glyph: '厕' },
  { code: 'rest', label: '休息', glyph: '歇' },
  { code: 'microwave', label: '热饭', glyph: '热' },
  { code: 'meal_discount', label: '用餐优惠', glyph: '餐' },
  { code: 'repair', label: '修车', glyph: '修' },
  { code: 'medicine', label: '医药', glyph: '药' },
  { code: 'parking', label: '停车', glyph: '停' },
  { code: 'wifi', label: 'WiFi', glyph: '网' },
  { code: 'first_aid', label: '急救', glyph: '救' },
  { code: 'reading', label: '政策阅读', glyph: '书' },
  { code: 'umbrella', label: '借雨具', glyph: '伞' },
];

export function serviceMeta(code: string): { label: string; glyph: string } {
  return SERVICE_OPTIONS.find((s) => s.code === code) ?? { label: code, glyph: '·' };
}

export const PLACE_TYPE_LABELS: Record<PlaceType, string> = { merchant: '友好商户', station: '服务站' };
export const PLACE_STATUS_LABELS: Record<PlaceStatus, string> = { pending: '审核中', approved: '已通过', rejected: '未通过', suspended: '已暂停' };

export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** Where the map starts when the phone's position is unknown: the demo district's centre. */
export const DISTRICT_CENTRE = { lat: 23.1, lng: 109.6 };

function rangeText(r: TimeRange): string {
  const overnight = r.close !== '24:00' && r.close <= r.open;
  return `${r.open}–${overnight ? '次日 ' : ''}${r.close}`;
}

/** One line per weekday: 「08:00–22:00」「18:00–次日 02:00」「休息」「24 小时」 */
export function dayHoursText(hours: WeeklyHours, day: number): string {
  if (hours.is24h) return '24 小时';
  const ranges = hours.weekly[day] ?? [];
  return ranges.length ? ranges.map(rangeText).join('，') : '休息';
}

/** Hours for the application form: every day 08:00–22:00 until the merchant changes it. */
export function defaultHours(): WeeklyHours {
  return { weekly: WEEKDAYS.map(() => [{ open: '08:00', close: '22:00' }]) };
}
