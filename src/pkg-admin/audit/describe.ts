import type { Role } from '../../../cloudfunctions/shared/contracts';
import { ROLE_LABELS } from '../../constants/labels';
import { compactJson } from '../common/format';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function rolesText(v: unknown): string {
  return Array.isArray(v) && v.length ? v.map((r) => ROLE_LABELS[r as Role] ?? String(r)).join('、') : '无';
}

function scopesText(v: unknown, names: Map<string, string>): string {
  if (!isObj(v)) return '';
  const parts: string[] = [];
  for (const [k, label] of [
    ['staff', '社区'],
    ['gridworker', '网格'],
  ] as const) {
    const ids = v[k];
    if (Array.isArray(ids) && ids.length) parts.push(`${label}：${ids.map((id) => names.get(String(id)) ?? String(id)).join('、')}`);
  }
  return parts.join('；');
}

/** Before → after, in words for the changes people look for (roles, status), else compact JSON. */
export function describeChange(before: unknown, after: unknown, names: Map<string, string>): Array<{ label: string; text: string }> {
  if (isObj(after) && 'roles' in after) {
    const b = isObj(before) ? before : {};
    return [
      { label: '角色', text: `${rolesText(b.roles)} → ${rolesText(after.roles)}` },
      { label: '负责范围', text: `${scopesText(b.scopes, names) || '无'} → ${scopesText(after.scopes, names) || '无'}` },
    ];
  }
  if (isObj(after) && (after.status === 'banned' || after.status === 'active') && 'reason' in after) {
    return [
      { label: '状态', text: `${isObj(before) && before.status === 'banned' ? '已停用' : '正常'} → ${after.status === 'banned' ? '已停用' : '正常'}` },
      { label: '原因', text: String(after.reason ?? '') },
    ];
  }
  return [
    { label: '变更前', text: compactJson(before) },
    { label: '变更后', text: compactJson(after) },
  ];
}
