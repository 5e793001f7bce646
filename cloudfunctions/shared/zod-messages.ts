import type { ZodError, ZodIssue } from 'zod';
import { AppError } from './errors';
import { fieldLabel, labelOf } from './isomorphic/field-labels';

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

/** Chinese wording for zod's built-in issues; schemas that carry their own Chinese message keep it. */
function describe(issue: ZodIssue): string {
  if (hasChinese(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined' ? '必须填写' : '类型不正确';
    case 'unrecognized_keys':
      // A key no form sends is named as sent: only a developer meets this.
      return `包含不支持的内容：${issue.keys.map((k) => labelOf(k) ?? k).join('、')}`;
    case 'too_small':
      return issue.type === 'array' ? `至少需要 ${issue.minimum} 项` : issue.type === 'string' ? `至少 ${issue.minimum} 个字符` : `不能小于 ${issue.minimum}`;
    case 'too_big':
      return issue.type === 'array' ? `最多 ${issue.maximum} 项` : issue.type === 'string' ? `最多 ${issue.maximum} 个字符` : `不能大于 ${issue.maximum}`;
    case 'invalid_enum_value':
      return `取值不在可选范围内`;
    case 'invalid_string':
      return '格式不正确';
    case 'not_finite':
      return '必须是有限的数字';
    default:
      return '取值不正确';
  }
}

/**
 * The first issue decides the reply: people fix one field at a time. The message names the field as the
 * screen does (「每小时志愿积分」不能大于 100); `field` keeps the path for the form to mark.
 */
export function inputError(error: ZodError, prefix = 'payload'): AppError {
  const issue = error.issues[0];
  const path = issue ? issue.path.join('.') : '';
  const field = path ? `${prefix}.${path}` : prefix;
  if (!issue) return new AppError('INPUT.INVALID', '提交的内容不正确', field);
  const what = describe(issue);
  // A schema may name its field itself where the shared label means something else there (a redemption
  // code is 兑换码, a category's code is 编码): a refine's params.label.
  const own = issue.code === 'custom' && typeof issue.params?.label === 'string' ? (issue.params.label as string) : '';
  const label = own || (issue.path.length ? fieldLabel(issue.path) : fieldLabel([prefix]));
  // A schema's own Chinese message that already names its field (「请填写原因」) stays as it is.
  if (hasChinese(issue.message)) return new AppError('INPUT.INVALID', what.includes(label) ? what : `「${label}」${what}`, field);
  return new AppError('INPUT.INVALID', `「${label}」${what}`, field);
}
