// The demo accounts of DESIGN.md, with roles and scopes, so every role can be tried locally.
import type { Platform, Role, WorkType } from '../../cloudfunctions/shared/contracts/user';
import { newUser, type UserDoc } from '../../cloudfunctions/shared/domain/user';
import { gridId } from './district';

interface AccountSpec {
  openid: string;
  label: string;
  name: string;
  phone: string;
  platform: Platform | '';
  workType: WorkType | '';
  communityId: string;
  roles: Role[];
  staff?: string[];
  gridworker?: string[];
  /** Place ids the merchant runs (emulator/seed/places.ts). */
  merchant?: string[];
}

export const DEMO_ACCOUNTS: AccountSpec[] = [
  { openid: 'demo-worker-1', label: '骑手 李明', name: '李明', phone: '13807751001', platform: 'meituan', workType: 'delivery', communityId: 'community-hecheng', roles: ['worker'] },
  { openid: 'demo-worker-2', label: '骑手 王芳', name: '王芳', phone: '13807751002', platform: 'eleme', workType: 'delivery', communityId: 'community-shiyangtang', roles: ['worker'] },
  { openid: 'demo-worker-3', label: '快递员 张伟', name: '张伟', phone: '13807751003', platform: 'sf', workType: 'courier', communityId: 'community-gangning', roles: ['worker'] },
  { openid: 'demo-worker-4', label: '网约车司机 刘洋', name: '刘洋', phone: '13807751004', platform: 'didi', workType: 'ride_hailing', communityId: 'community-jingang', roles: ['worker'] },
  { openid: 'demo-worker-5', label: '快递员 陈静', name: '陈静', phone: '13807751005', platform: 'jd', workType: 'courier', communityId: 'community-hecheng', roles: ['worker'] },
  { openid: 'demo-merchant-1', label: '友好商户 黄老板', name: '黄建国', phone: '13807752001', platform: 'other', workType: 'other', communityId: 'community-hecheng', roles: ['worker', 'merchant'], merchant: ['place-demo-merchant-1'] },
  { openid: 'demo-gridworker-1', label: '网格员 周丽', name: '周丽', phone: '13807753001', platform: '', workType: '', communityId: 'community-hecheng', roles: ['worker', 'gridworker'], gridworker: [gridId('community-hecheng', 1), gridId('community-hecheng', 2)] },
  { openid: 'demo-staff-1', label: '荷城社区工作人员 韦强', name: '韦强', phone: '13807754001', platform: '', workType: '', communityId: 'community-hecheng', roles: ['worker', 'staff'], staff: ['community-hecheng'] },
  { openid: 'demo-admin', label: '区管理员 覃敏', name: '覃敏', phone: '13807755001', platform: '', workType: '', communityId: '', roles: ['worker', 'admin'] },
];

export function demoUsers(now: Date): UserDoc[] {
  return DEMO_ACCOUNTS.map((a) => {
    const user = newUser(a.openid, now, false);
    user.roles = a.roles;
    user.scopes = { staff: a.staff ?? [], gridworker: a.gridworker ?? [], merchant: a.merchant ?? [] };
    user.profile = { ...user.profile, name: a.name, phone: a.phone, platform: a.platform, workType: a.workType, communityId: a.communityId };
    return user;
  });
}
