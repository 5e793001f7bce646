// Demo accounts seeded by the local emulator (DESIGN.md). Dev-only: imported only by the dev-login page,
// which exists only in the emulator build, so none of this ships in weapp or the production H5 build.
export interface DemoAccount {
  openid: string;
  label: string;
  desc: string;
}

// Same openids and labels as emulator/seed/accounts.ts (test/ui/dev-login.test.tsx keeps them in sync).
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { openid: 'demo-worker-1', label: '骑手 李明', desc: '外卖骑手 · 美团' },
  { openid: 'demo-worker-2', label: '骑手 王芳', desc: '外卖骑手 · 饿了么' },
  { openid: 'demo-worker-3', label: '快递员 张伟', desc: '快递员 · 顺丰' },
  { openid: 'demo-worker-4', label: '网约车司机 刘洋', desc: '网约车司机 · 滴滴' },
  { openid: 'demo-worker-5', label: '快递员 陈静', desc: '快递员 · 京东' },
  { openid: 'demo-merchant-1', label: '友好商户 黄老板', desc: '友好商户' },
  { openid: 'demo-gridworker-1', label: '网格员 周丽', desc: '网格员 · 荷城社区' },
  { openid: 'demo-staff-1', label: '荷城社区工作人员 韦强', desc: '社区工作人员 · 荷城社区' },
  { openid: 'demo-admin', label: '区管理员 覃敏', desc: '管理员' },
];
