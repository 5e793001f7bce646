import { z } from 'zod';
import { location } from './snapshot';

export const ROLES = ['worker', 'merchant', 'gridworker', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PLATFORMS = ['meituan', 'eleme', 'sf', 'jd', 'didi', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const PLATFORM_LABELS: Record<Platform, string> = {
  meituan: '美团',
  eleme: '饿了么',
  sf: '顺丰',
  jd: '京东',
  didi: '滴滴',
  other: '其他',
};

export const WORK_TYPES = ['delivery', 'courier', 'ride_hailing', 'truck', 'other'] as const;
export type WorkType = (typeof WORK_TYPES)[number];
export const WORK_TYPE_LABELS: Record<WorkType, string> = {
  delivery: '外卖骑手',
  courier: '快递员',
  ride_hailing: '网约车司机',
  truck: '货车司机',
  other: '其他',
};

export interface Profile {
  name: string;
  /** Masked (138****5678) unless the viewer is the owner or scoped staff. */
  phone: string;
  platform: Platform | '';
  workType: WorkType | '';
  communityId: string;
  avatar: string;
}

/** Role scopes: staff are scoped to community ids, grid workers to grid ids, merchants to place ids. */
export interface Scopes {
  staff: string[];
  gridworker: string[];
  merchant: string[];
}

export interface UserView {
  openid: string;
  roles: Role[];
  scopes: Scopes;
  profile: Profile;
  points: { balance: number };
  status: 'active' | 'banned';
  /** The name waits for staff (text check): others see the default name meanwhile. */
  nameUnderReview?: boolean;
  createdAt: string;
}

export const updateProfilePayload = z
  .object({
    name: z.string().trim().min(1, '请填写姓名').max(20, '姓名最多 20 个字').optional(),
    phone: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号')
      .optional(),
    platform: z.enum(PLATFORMS).optional(),
    workType: z.enum(WORK_TYPES).optional(),
    communityId: z.string().trim().min(1).max(64).optional(),
    avatar: z.string().trim().max(512).optional(),
  })
  .strict();
export type UpdateProfilePayload = z.infer<typeof updateProfilePayload>;

/** Where the person is now (GCJ-02), to suggest their community; optional. */
export const communitiesPayload = z
  .object({
    location: location.optional(),
  })
  .strict();
export type CommunitiesPayload = z.infer<typeof communitiesPayload>;

export interface CommunityChoice {
  id: string;
  name: string;
  streetName: string;
}

export interface CommunityChoices {
  items: CommunityChoice[];
  /** The community holding the given location (or nearest within reach); null without one. */
  suggested: string | null;
  /** The grid holding the given location ('' when none does), so a picked spot can be named 「荷城一网格」. */
  suggestedGridName: string;
}

export const deleteMePayload = z
  .object({ confirm: z.literal('注销', { errorMap: () => ({ message: '请输入“注销”确认' }) }) })
  .strict();
export type DeleteMePayload = z.infer<typeof deleteMePayload>;

/** Everything stored about the caller, as they may take it away (user.exportMine). */
export interface MyDataExport {
  fileID: string;
  url: string;
  counts: Record<string, number>;
}

/** Calls of the `user` function: payload and reply types, imported by the front end as types only. */
export interface UserActions {
  login: { payload: Record<string, never>; data: UserView };
  me: { payload: Record<string, never>; data: UserView };
  updateProfile: { payload: UpdateProfilePayload; data: UserView };
  exportMine: { payload: Record<string, never>; data: MyDataExport };
  deleteMe: { payload: DeleteMePayload; data: { deleted: true } };
  communities: { payload: CommunitiesPayload; data: CommunityChoices };
}
