import { z } from 'zod';
import { openid } from './common';
import type { UserView } from './user';

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
}

export interface AdminActions {
  grantRole: { payload: GrantRolePayload; data: UserView };
  revokeRole: { payload: RevokeRolePayload; data: UserView };
  listRegions: { payload: Record<string, never>; data: RegionView[] };
}
