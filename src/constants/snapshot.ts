// Labels for 随手拍 shown at runtime. The status words are the functions' own (the shared labels).
import type { ReportStatus, TransitionAction } from '../../cloudfunctions/shared/contracts/snapshot';
import { shanghaiMonthDayTime, shanghaiWall } from '../../cloudfunctions/shared/isomorphic/time';

export { STATUS_LABELS, statusLabel } from '../../cloudfunctions/shared/isomorphic/labels';

/** Chip colour per status: waiting (accent), in progress (primary), done (success), refused (muted). */
export const STATUS_TONE: Record<ReportStatus, 'wait' | 'work' | 'done' | 'off'> = {
  submitted: 'wait',
  accepted: 'work',
  dispatched: 'work',
  resolved: 'wait',
  closed: 'done',
  rejected: 'off',
  duplicate: 'off',
  reopened: 'wait',
  verified: 'done',
};

export const ACTION_LABELS: Record<'submit' | TransitionAction, string> = {
  submit: '提交上报',
  accept: '受理',
  reject: '不予受理',
  duplicate: '标记为重复',
  verify: '认定服务时长',
  dispatch: '派单',
  resolve: '处理完成',
  close: '评价：已解决',
  reopen: '评价：未解决',
};

export const ROLE_NAMES: Record<string, string> = {
  reporter: '',
  staff: '社区工作人员',
  admin: '区管理员',
  gridworker: '网格员',
  system: '系统',
};

export const VOLUNTEER_ACTIVITIES = ['交通劝导', '文明宣传', '助老助残', '环境清洁', '应急救助', '防疫服务'];

export const MAX_PHOTOS = 9;
export const MAX_DESCRIPTION = 500;

/** 11月22日 14:05 (this year) or 2025年3月1日 (other years), in Asia/Shanghai. */
export function formatTime(iso: string, now = new Date()): string {
  const t = shanghaiWall(iso);
  if (t.getUTCFullYear() !== shanghaiWall(now).getUTCFullYear()) return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日`;
  return shanghaiMonthDayTime(iso);
}

/**
 * 「还剩 5 小时」「已超时 2 天」 for a deadline. Hours up to two days: whole days would say 「还剩 1 天」
 * for a 48-hour deadline a minute after submitting, half of what is left.
 */
export function dueText(dueIso: string, now = new Date()): string {
  const ms = new Date(dueIso).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const span = abs >= 2 * 86_400_000 ? `${Math.floor(abs / 86_400_000)} 天` : abs >= 3_600_000 ? `${Math.floor(abs / 3_600_000)} 小时` : `${Math.max(1, Math.floor(abs / 60_000))} 分钟`;
  return ms >= 0 ? `还剩 ${span}` : `已超时 ${span}`;
}
