import { z } from 'zod';
import { openid } from './common';
import type { ApiKeyView, IssueApiKeyPayload, IssuedApiKey, Open311DistrictSetting, Open311SettingsView, RevokeApiKeyPayload, SetOpen311PublicPayload } from './open311';
import { PLATFORMS, ROLES, type UserView } from './user';

/** Roles that admin grants; worker is everyone's and merchant comes from an approved place application. */
export const GRANTABLE_ROLES = ['staff', 'gridworker', 'admin'] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

const scope = z.array(z.string().trim().min(1).max(64)).max(200);

export const grantRolePayload = z
  .object({
    openid,
    role: z.enum(GRANTABLE_ROLES),
    scope: scope.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.role === 'staff' || p.role === 'gridworker') && (!p.scope || p.scope.length === 0)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['scope'], message: '社区工作人员和网格员必须指定负责范围' });
    }
  });
export type GrantRolePayload = z.infer<typeof grantRolePayload>;

export const revokeRolePayload = z.object({ openid, role: z.enum(GRANTABLE_ROLES) }).strict();
export type RevokeRolePayload = z.infer<typeof revokeRolePayload>;

export interface RegionView {
  id: string;
  level: 'district' | 'street' | 'community' | 'grid';
  name: string;
  parentId: string | null;
  /** [lng, lat] of communities and grids. */
  center?: [number, number];
}

/** A GeoJSON FeatureCollection; features are checked one by one in the domain so errors name them. */
export const importRegionsPayload = z
  .object({
    geojson: z
      .object({
        type: z.literal('FeatureCollection'),
        features: z.array(z.unknown()).min(1, '文件中没有任何区域').max(2000, '一次最多导入 2000 个区域'),
      })
      .passthrough(),
  })
  .strict();
export type ImportRegionsPayload = z.infer<typeof importRegionsPayload>;

const cursor = z.string().max(200).optional();
const pageSize = z.number().int().min(1).max(50).optional();

export const listUsersPayload = z
  .object({
    q: z.string().trim().max(20).optional(),
    role: z.enum(ROLES).optional(),
    communityId: z.string().trim().min(1).max(64).optional(),
    platform: z.enum(PLATFORMS).optional(),
    status: z.enum(['active', 'banned']).optional(),
    /** Only people whose name waits for review (admin.reviewName). */
    nameUnderReview: z.boolean().optional(),
    cursor,
    pageSize,
  })
  .strict();
export type ListUsersPayload = z.infer<typeof listUsersPayload>;

export const setBannedPayload = z
  .object({ openid, banned: z.boolean(), reason: z.string().trim().min(2, '请填写原因').max(200) })
  .strict();
export type SetBannedPayload = z.infer<typeof setBannedPayload>;

/** Staff decide on a person's name: approve shows it to others, reject clears it. */
export const reviewNamePayload = z.object({ openid, decision: z.enum(['approve', 'reject']) }).strict();
export type ReviewNamePayload = z.infer<typeof reviewNamePayload>;

const isoDate = z.string().datetime({ offset: true, message: '日期格式应为 ISO 8601' });
export const auditLogPayload = z
  .object({
    actor: z.string().trim().max(64).optional(),
    action: z.string().trim().max(64).optional(),
    targetId: z.string().trim().max(64).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    cursor,
    pageSize,
  })
  .strict();
export type AuditLogPayload = z.infer<typeof auditLogPayload>;

export interface AuditEntryView {
  id: string;
  actor: { openid: string; name: string };
  action: string;
  /** `name`: the person's name when the target is a user (audit screens show names, not openids). */
  target: { type: string; id: string; name?: string };
  before: unknown;
  after: unknown;
  at: string;
  /** What the places, rewards and reports the entry names were called when it was written (id → name). */
  names: Record<string, string>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AdminActions {
  grantRole: { payload: GrantRolePayload; data: UserView };
  revokeRole: { payload: RevokeRolePayload; data: UserView };
  listRegions: { payload: Record<string, never>; data: RegionView[] };
  importRegions: { payload: ImportRegionsPayload; data: { imported: number; byLevel: Record<string, number> } };
  listUsers: { payload: ListUsersPayload; data: Page<UserView> };
  setBanned: { payload: SetBannedPayload; data: UserView };
  reviewName: { payload: ReviewNamePayload; data: UserView };
  auditLog: { payload: AuditLogPayload; data: Page<AuditEntryView> };
  listApiKeys: { payload: Record<string, never>; data: ApiKeyView[] };
  issueApiKey: { payload: IssueApiKeyPayload; data: IssuedApiKey };
  revokeApiKey: { payload: RevokeApiKeyPayload; data: ApiKeyView };
  open311Settings: { payload: Record<string, never>; data: Open311SettingsView };
  setOpen311Public: { payload: SetOpen311PublicPayload; data: Open311DistrictSetting };
}
