// Formatting and date ranges of the workbench. Dates are Shanghai dates whatever the phone's zone.
import type { ExportKind } from '../../../cloudfunctions/shared/contracts/stats';

// The dates themselves (Shanghai days, day starts) come from the one time helper both sides use.
import { EXPORT_LABELS } from '../../../cloudfunctions/shared/isomorphic/labels';
import { shanghaiDay, shanghaiDayStartIso, shanghaiWall } from '../../../cloudfunctions/shared/isomorphic/time';

const DAY = 86_400_000;

/** 2026-03-02 → 3/2 (an axis label). */
export function weekLabel(week: string): string {
  const [, m, d] = week.split('-');
  return `${Number(m)}/${Number(d)}`;
}

export function hoursText(h: number | null): string {
  if (h === null || !Number.isFinite(h)) return '—';
  if (h < 1) return `${Math.max(1, Math.round(h * 60))} 分钟`;
  if (h >= 72) return `${Math.round((h / 24) * 10) / 10} 天`;
  return `${Math.round(h * 10) / 10} 小时`;
}

export function percentText(share: number | null): string {
  return share === null || !Number.isFinite(share) ? '—' : `${Math.round(share * 1000) / 10}%`;
}

export type RangeKey = 'w4' | 'w12' | 'w26' | 'year';
export const RANGE_OPTIONS: ReadonlyArray<{ key: RangeKey; label: string }> = [
  { key: 'w4', label: '近 4 周' },
  { key: 'w12', label: '近 12 周' },
  { key: 'w26', label: '近半年' },
  { key: 'year', label: '今年' },
];

/** The Monday (Shanghai) of the week `back` weeks before the one holding `now`. */
function mondayBefore(now: Date, back: number): string {
  const local = shanghaiWall(now);
  const dow = (local.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(local.getTime() - (dow + 7 * back) * DAY).toISOString().slice(0, 10);
}

/** `from` of a dashboard range preset; undefined = the function's default (12 weeks up to now). */
export function rangeFrom(key: RangeKey, now = new Date()): string | undefined {
  if (key === 'w12') return undefined;
  if (key === 'w4') return shanghaiDayStartIso(mondayBefore(now, 3));
  if (key === 'w26') return shanghaiDayStartIso(mondayBefore(now, 25));
  return shanghaiDayStartIso(`${shanghaiDay(now).slice(0, 4)}-01-01`);
}

/** The first day of the Shanghai month holding `now`. */
export function monthStart(now = new Date()): string {
  return `${shanghaiDay(now).slice(0, 8)}01`;
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'admin.grantRole': '授予角色',
  'admin.revokeRole': '撤销角色',
  'admin.ban': '停用账号',
  'admin.unban': '恢复账号',
  'admin.importRegions': '导入区域网格',
  'stats.export': '导出数据',
  'snapshot.review': '审核上报',
  'snapshot.accept': '受理上报',
  'snapshot.reject': '退回上报',
  'snapshot.duplicate': '标为重复',
  'snapshot.verify': '认定志愿服务',
  'snapshot.dispatch': '派单',
  'snapshot.upsertCategory': '修改随手拍分类',
  'place.review': '审核商户',
  'place.update': '修改商户信息',
  'place.createStation': '新建服务站',
  'place.updateStation': '修改服务站',
  'place.suspend': '暂停地点',
  'place.resume': '恢复地点',
  'points.adjust': '调整积分',
  'points.updateRules': '修改积分规则',
  'points.createReward': '新建奖励',
  'points.updateReward': '修改奖励',
  'points.reviewReward.approve': '通过奖励',
  'points.reviewReward.reject': '驳回奖励',
  'points.fulfill': '核销兑换',
  'admin.issueApiKey': '签发开放接口密钥',
  'admin.revokeApiKey': '吊销开放接口密钥',
  'admin.setOpen311Public': '开放接口公开读取设置',
  'open311.postRequest': '开放接口提交上报',
  'open311.requests': '开放接口查询上报',
  'open311.request': '开放接口查看上报',
  'open311.token': '开放接口查询凭据',
  'open311.services': '开放接口查询分类',
  'open311.service': '开放接口查看分类',
  'user.deleteMe': '注销账号',
  'user.exportMine': '导出个人数据',
};

export const auditActionLabel = (action: string) => AUDIT_ACTION_LABELS[action] ?? action;

export const TARGET_TYPE_LABELS: Record<string, string> = {
  user: '用户',
  regions: '区域',
  export: '导出',
  place: '地点',
  reward: '奖励',
  redemption: '兑换',
  settings: '设置',
  category: '分类',
  report: '上报',
  open311_key: '开放接口密钥',
  district: '区',
};

/** The export kinds with the words the functions use in the file and the audit trail. */
export const EXPORT_KIND_OPTIONS: ReadonlyArray<{ key: ExportKind; label: string }> = (Object.keys(EXPORT_LABELS) as ExportKind[]).map((key) => ({ key, label: EXPORT_LABELS[key] }));
