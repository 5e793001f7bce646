import type { ZodError, ZodIssue } from 'zod';
import { AppError } from './errors';

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

/** Chinese wording for zod's built-in issues; schemas that carry their own Chinese message keep it. */
function describe(issue: ZodIssue): string {
  if (hasChinese(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined' ? '缺少必填项' : '类型不正确';
    case 'unrecognized_keys':
      return `包含不支持的字段：${issue.keys.join('、')}`;
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

/** The first issue decides the reply: people fix one field at a time, and the field is named. */
export function inputError(error: ZodError, prefix = 'payload'): AppError {
  const issue = error.issues[0];
  const path = issue ? issue.path.join('.') : '';
  const field = path ? `${prefix}.${path}` : prefix;
  const what = issue ? describe(issue) : '参数不正确';
  return new AppError('INPUT.INVALID', `参数 ${path || prefix} 不正确：${what}`, field);
}
