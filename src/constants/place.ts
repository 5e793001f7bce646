// The place taxonomy and words as the pages use them: the same list and words the functions use
// (the shared labels), plus what only the pages need.
import type { TimeRange, WeeklyHours } from '../../cloudfunctions/shared/contracts/place';
import { SERVICES, WEEKDAYS } from '../../cloudfunctions/shared/isomorphic/labels';

export { PLACE_STATUS_LABELS, PLACE_TYPE_LABELS, WEEKDAYS } from '../../cloudfunctions/shared/isomorphic/labels';

export const SERVICE_OPTIONS = SERVICES;

export function serviceMeta(code: string): { label: string; glyph: string } {
  return SERVICE_OPTIONS.find((s) => s.code === code) ?? { label: code, glyph: '·' };
}

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
