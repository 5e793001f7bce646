import type { Role } from '../../../cloudfunctions/shared/contracts';
import type { AuditEntryView } from '../../services/admin';
import { labelOf } from '../../../cloudfunctions/shared/isomorphic/field-labels';
import { REDEMPTION_STATUS_LABELS, REWARD_STATUS_LABELS } from '../../../cloudfunctions/shared/isomorphic/labels';
import { ROLE_LABELS } from '../../constants/labels';
import { PLACE_STATUS_LABELS, PLACE_TYPE_LABELS, SERVICE_OPTIONS } from '../../constants/place';
import { STATUS_LABELS } from '../../constants/snapshot';
import { EXPORT_KIND_OPTIONS, TARGET_TYPE_LABELS } from '../common/format';
import { shanghaiDateTime } from '../../../cloudfunctions/shared/isomorphic/time';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * What each field is called on screen: the payload fields with the very words of the functions' input
 * errors (labelOf, from the labels both sides share), and these fields of stored documents, which win
 * where a name means something else in a document than in a payload.
 */
const DOC_LABELS: Record<string, string> = {
  routing: '派单方式',
  roles: '角色',
  scopes: '负责范围',
  balance: '积分余额',
  pendingChange: '待审核的修改',
  byLevel: '导入数量',
  ids: '区域',
  rows: '行数',
  reviewNote: '审核意见',
  district: '区',
  street: '街道',
  community: '社区',
  grid: '网格',
  merchant: '商户',
  staff: '社区',
  gridworker: '网格',
  // user.deleteMe and user.exportMine: the erasure, and what a person's own export held.
  erased: '账号数据已抹除',
  counts: '导出内容',
  reports: '上报',
  ledger: '积分流水',
  meToo: '我也遇到了',
  redemptions: '兑换',
  messages: '消息',
  places: '地点',
  rewards: '奖励',
  audit: '操作记录',
  // A reward's and a place's stored fields (a new reward's table lists them all).
  placeName: '地点名称',
  ownerOpenid: '店主',
  gridId: '网格',
  reviewedBy: '审核人',
  reviewedAt: '审核时间',
  rejectReason: '未通过原因',
  suspendReason: '暂停原因',
  lastReview: '上次审核',
  applicant: '申请人',
  submittedAt: '提交时间',
  queuedForReview: '提交社区审核',
  at: '时间',
  by: '操作人',
  // A name review, an image review, a points adjustment.
  nameCheck: '姓名审核',
  check: '图片审核',
  waitingForStaff: '等待人工审核',
  entry: '积分流水编号',
  // Open311 keys and calls, and the points job.
  prefix: '密钥前缀',
  service_code: '问题类型',
  count: '条数',
  startedAt: '开始时间',
};

/**
 * Fields that copy the name of another field's id (a reward's placeName beside its placeId): the id's
 * row already shows that name, so the copy would be the same row twice.
 */
const NAME_COPIES: Record<string, string> = { placeName: 'placeId' };

const own = (map: Record<string, string>, key: string) => (Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined);
const label = (key: string): string => own(DOC_LABELS, key) ?? labelOf(key) ?? key;

const USER_STATUS: Record<string, string> = { active: '正常', banned: '已停用', deleted: '已注销' };
/** The outcome words of a name review and of an image check, as the review screens say them. */
const CHECK_WORDS: Record<string, Record<string, string>> = {
  nameCheck: { pass: '已通过', review: '待审核' },
  check: { pending: '待检查', approved: '已通过', rejected: '未通过' },
};

function statusText(v: string, targetType: string): string {
  const maps: Record<string, Record<string, string>> = {
    user: USER_STATUS,
    report: STATUS_LABELS as Record<string, string>,
    place: PLACE_STATUS_LABELS as Record<string, string>,
    reward: REWARD_STATUS_LABELS,
    redemption: REDEMPTION_STATUS_LABELS,
  };
  return maps[targetType]?.[v] ?? USER_STATUS[v] ?? v;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const SERVICE = new Map(SERVICE_OPTIONS.map((s) => [s.code as string, s.label]));
const EXPORT_KINDS = new Map(EXPORT_KIND_OPTIONS.map((k) => [k.key as string, k.label]));

/** One value in words: roles and statuses by name, regions by name, dates in Beijing time, yes/no. */
function valueText(key: string, v: unknown, targetType: string, names: Map<string, string>): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (key === 'status') return statusText(v, targetType);
    const checked = Object.prototype.hasOwnProperty.call(CHECK_WORDS, key) ? own(CHECK_WORDS[key], v) : undefined;
    if (checked) return checked;
    if (key === 'role') return ROLE_LABELS[v as Role] ?? v;
    if (key === 'kind' && EXPORT_KINDS.has(v)) return EXPORT_KINDS.get(v)!;
    if (key === 'type' && v in PLACE_TYPE_LABELS) return PLACE_TYPE_LABELS[v as keyof typeof PLACE_TYPE_LABELS];
    if (ISO.test(v)) return shanghaiDateTime(v);
    // A stored file: its storage path means nothing to a reader (exports are deleted after 30 minutes).
    if (v.startsWith('cloud://')) return '已生成文件';
    return names.get(v) ?? v;
  }
  if (Array.isArray(v)) {
    if (!v.length) return '无';
    if (key === 'roles') return v.map((r) => ROLE_LABELS[r as Role] ?? String(r)).join('、');
    if (key === 'services') return v.map((s) => SERVICE.get(String(s)) ?? String(s)).join('、');
    if (v.every((x) => typeof x !== 'object' || x === null)) {
      const shown = v.slice(0, 8).map((x) => valueText(key, x, targetType, names));
      return v.length > 8 ? `${shown.join('、')} 等 ${v.length} 项` : shown.join('、');
    }
    // A list of things (offers …): their titles or names, else how many.
    const titles = v.map((x) => (isObj(x) ? String(x.title ?? x.name ?? '') : '')).filter(Boolean);
    return titles.length === v.length ? titles.join('、') : `${v.length} 项`;
  }
  if (isObj(v)) {
    if (key === 'location' || v.type === 'Point') {
      const c = Array.isArray(v.coordinates) ? (v.coordinates as number[]) : [Number(v.lng), Number(v.lat)];
      return `东经 ${Number(c[0]).toFixed(5)}，北纬 ${Number(c[1]).toFixed(5)}`;
    }
    const parts = Object.entries(v)
      .map(([k, x]) => [k, valueText(k, x, targetType, names)] as const)
      .filter(([, t]) => t !== '—' && t !== '无');
    return parts.length ? parts.map(([k, t]) => `${label(k)}：${t}`).join('；') : '无';
  }
  return String(v);
}

export interface ChangeRow {
  label: string;
  before: string;
  after: string;
}

/** The before/after table: one row per field that the action set or changed, in words. */
export function changeRows(e: Pick<AuditEntryView, 'before' | 'after' | 'target'>, names: Map<string, string>): ChangeRow[] {
  const before = isObj(e.before) ? e.before : {};
  const after = isObj(e.after) ? e.after : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows: ChangeRow[] = [];
  for (const key of keys) {
    const idKey = own(NAME_COPIES, key);
    if (idKey && (idKey in before || idKey in after)) continue;
    const b = valueText(key, before[key], e.target.type, names);
    const a = valueText(key, after[key], e.target.type, names);
    // Fields only stated for context on one side (a note, a reason) still show; unchanged pairs do not.
    if (key in before && key in after && a === b) continue;
    rows.push({ label: label(key), before: e.before === null ? '—' : b, after: e.after === null ? '—' : a });
  }
  return rows;
}

/** 「覃敏 给用户 demo-worker-2 授予了角色」: who did what to which, as a sentence. */
export function auditSentence(e: AuditEntryView, names: Map<string, string>): string {
  const who = e.actor.name || '未填写姓名的用户';
  const type = TARGET_TYPE_LABELS[e.target.type] ?? '对象';
  // A person by name; one who never gave a name (or has been erased) by the end of their 编号.
  const name = e.target.type === 'user' ? e.target.name || `编号尾号 ${e.target.id.slice(-6)}` : names.get(e.target.id) ?? e.target.id;
  // A redemption's id is a random string that means nothing to a reader: it is 「一张兑换码」. So is a
  // report's: it is named by category and place (reportAuditName), and an entry from before that was
  // written is 「一条上报」.
  const it =
    e.target.type === 'redemption' ? '一张兑换码' : e.target.type === 'report' && !names.has(e.target.id) ? '一条上报' : `${type}「${name}」`;
  const after = isObj(e.after) ? e.after : {};
  switch (e.action) {
    case 'admin.grantRole':
      return `${who} 给${it}授予了角色`;
    case 'admin.revokeRole':
      return `${who} 撤销了${it}的角色`;
    case 'admin.ban':
      return `${who} 停用了${it}`;
    case 'admin.unban':
      return `${who} 恢复了${it}`;
    case 'admin.importRegions':
      return `${who} 导入了区域和网格`;
    case 'stats.export':
      return `${who} 导出了「${EXPORT_KINDS.get(String(after.kind)) ?? '数据'}」表格`;
    case 'snapshot.accept':
      return `${who} 受理了${it}`;
    case 'snapshot.reject':
      return `${who} 退回了${it}`;
    case 'snapshot.duplicate':
      return `${who} 把${it}标为重复`;
    case 'snapshot.dispatch':
      return `${who} 把${it}派给了网格员`;
    case 'snapshot.verify':
      return `${who} 认定了${it}`;
    case 'snapshot.upsertCategory':
      return `${who} ${isObj(e.before) ? '修改' : '新增'}了随手拍分类「${String(after.name ?? e.target.id)}」`;
    case 'place.review':
      return `${who} 审核了${it}`;
    case 'place.update':
      return `${who} 修改了${it}的信息`;
    case 'place.createStation':
      return `${who} 新建了服务站「${String(after.name ?? name)}」`;
    case 'place.updateStation':
      return `${who} 修改了服务站${it}`;
    case 'place.suspend':
      return `${who} 暂停了${it}`;
    case 'place.resume':
      return `${who} 恢复了${it}`;
    case 'points.adjust':
      return `${who} 调整了${it}的积分`;
    case 'points.updateRules':
      return `${who} 修改了积分规则`;
    case 'points.createReward':
      return `${who} 新建了奖励「${String(after.title ?? name)}」`;
    case 'points.updateReward':
      return `${who} 修改了奖励${it}`;
    case 'points.reviewReward.approve':
      return `${who} 通过了奖励${it}`;
    case 'points.reviewReward.reject':
      return `${who} 驳回了奖励${it}`;
    case 'points.fulfill':
      return `${who} 核销了${it}`;
    case 'admin.issueApiKey':
      return `${who} 签发了开放接口密钥「${String(after.name ?? name)}」`;
    case 'admin.revokeApiKey':
      return `${who} 吊销了开放接口密钥「${name}」`;
    case 'admin.setOpen311Public':
      return `${who} 修改了开放接口的公开读取设置`;
    case 'open311.postRequest':
      return `${who} 通过开放接口提交了${it}`;
    case 'user.deleteMe':
      return `${who} 注销了自己的账号`;
    case 'user.exportMine':
      return `${who} 导出了自己的数据`;
    default:
      return `${who} 对${it}进行了操作`;
  }
}
