// The words for codes, the one copy both sides use: the functions put them in replies, messages and
// exports; the pages show them. The code lists themselves stay with their contracts and rules (only
// their types are imported here), so a new status without its words fails to compile. The services
// taxonomy is the exception: its codes and words are one list, kept here.
import type { ReportStatus } from '../domain/report-lifecycle';
import type { PlaceStatus, PlaceType } from '../contracts/place';
import type { RedemptionStatus, RewardStatus } from '../contracts/points';
import type { ExportKind } from '../contracts/stats';

export const STATUS_LABELS: Record<ReportStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  dispatched: '处理中',
  resolved: '已处理',
  closed: '已办结',
  rejected: '未通过',
  duplicate: '重复上报',
  reopened: '重新处理',
  verified: '已认定',
};

/** A report status in words for its kind: a volunteer record waits to be 认定 (verified), not 受理 (accepted). */
export function statusLabel(status: ReportStatus, kind: 'issue' | 'volunteer' = 'issue'): string {
  return kind === 'volunteer' && status === 'submitted' ? '待认定' : STATUS_LABELS[status];
}

export const PLACE_TYPE_LABELS: Record<PlaceType, string> = { merchant: '友好商户', station: '服务站' };
export const PLACE_STATUS_LABELS: Record<PlaceStatus, string> = { pending: '审核中', approved: '已通过', rejected: '未通过', suspended: '已暂停' };

export const REWARD_STATUS_LABELS: Record<RewardStatus, string> = { pending: '待审核', active: '已上架', rejected: '未通过', archived: '已下架' };
export const REDEMPTION_STATUS_LABELS: Record<RedemptionStatus, string> = { issued: '待使用', fulfilled: '已使用', cancelled: '已取消', expired: '已过期' };

export const EXPORT_LABELS: Record<ExportKind, string> = { reports: '随手拍与志愿记录', places: '驿站与友好商户', redemptions: '积分兑换', ledger: '积分流水' };

/**
 * The services taxonomy of places. `glyph` is the one-character stand-in the app draws where no icon
 * is loaded. The codes are the contract's (payloads are checked against them).
 */
export const SERVICES = [
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
] as const;
export type ServiceCode = (typeof SERVICES)[number]['code'];

/** Weekday names, Monday first (index 0 = 周一, as `hours.weekly` is stored). */
export const WEEKDAYS: readonly string[] = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
