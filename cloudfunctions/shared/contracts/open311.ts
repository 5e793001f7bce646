import { z } from 'zod';
import { requestId } from './common';

/** Admin actions for Open311 partner keys and public reading (the 开放接口 screen). */
const communityId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '社区编号格式不正确');

export const issueApiKeyPayload = z
  .object({
    name: z.string().trim().min(2, '请填写接入系统名称（至少 2 个字）').max(30, '接入系统名称最多 30 个字'),
    communities: z.array(communityId).min(1, '请至少选择 1 个可提交的社区').max(200),
    ratePerMinute: z.number().int('每分钟调用上限必须是整数').min(1, '每分钟调用上限至少 1 次').max(600, '每分钟调用上限最多 600 次').optional(),
    dailyLimit: z.number().int('每日提交上限必须是整数').min(1, '每日提交上限至少 1 条').max(5000, '每日提交上限最多 5000 条').optional(),
    requestId,
  })
  .strict();
export type IssueApiKeyPayload = z.infer<typeof issueApiKeyPayload>;

export const revokeApiKeyPayload = z.object({ id: z.string().trim().regex(/^[a-f0-9]{12}$/, '密钥编号格式不正确') }).strict();
export type RevokeApiKeyPayload = z.infer<typeof revokeApiKeyPayload>;

export const setOpen311PublicPayload = z
  .object({
    districtId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '区编号格式不正确'),
    publicRead: z.boolean({ required_error: '请选择是否公开读取' }),
  })
  .strict();
export type SetOpen311PublicPayload = z.infer<typeof setOpen311PublicPayload>;

export interface ApiKeyView {
  id: string;
  name: string;
  /** The first characters of the key, to tell keys apart; the key itself is shown only once. */
  prefix: string;
  communities: Array<{ id: string; name: string }>;
  ratePerMinute: number;
  dailyLimit: number;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

export interface IssuedApiKey {
  /** The whole key: shown once, never stored (only its hash is). */
  key: string;
  item: ApiKeyView;
}

export interface Open311DistrictSetting {
  districtId: string;
  name: string;
  publicRead: boolean;
}

export interface Open311SettingsView {
  /** Where partners reach the API, relative to the HTTP access domain. */
  basePath: string;
  districts: Open311DistrictSetting[];
}
