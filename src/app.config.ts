// App config (app.json). The dev account picker page exists only in the emulator build (.env.emulator).
const devPages = process.env.TARO_APP_DEV_LOGIN === '1' ? ['pages/dev-login/index'] : [];

export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/map/index',
    'pages/snapshot/index',
    'pages/points/index',
    'pages/me/index',
    ...devPages,
  ],
  // Secondary and staff pages load on demand, keeping the main package small.
  subPackages: [
    { root: 'pkg-place', pages: ['detail/index', 'apply/index', 'mine/index', 'review/index', 'manage/index', 'station/index'] },
    { root: 'pkg-points', pages: ['redemption/index', 'fulfil/index', 'rewards/index', 'rules/index', 'leaderboard/index'] },
    { root: 'pkg-snapshot', pages: ['mine/index', 'detail/index', 'messages/index', 'queue/index', 'tasks/index', 'feedback/index', 'categories/index', 'images/index'] },
    { root: 'pkg-admin', pages: ['dashboard/index', 'people/index', 'regions/index', 'audit/index', 'export/index', 'open311/index'] },
  ],
  window: {
    // WeChat's own default; on H5 it makes Taro's router draw the bar (title and back), which it
    // otherwise hides, leaving sub-pages without a way back but the browser's.
    navigationStyle: 'default',
    navigationBarTitleText: '友好街区',
    navigationBarBackgroundColor: '#0b5cad',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f2f4f7',
    backgroundTextStyle: 'dark',
  },
  // Icons: 81×81 PNGs drawn by config/generate-tabbar-icons.js.
  tabBar: {
    color: '#3d4654',
    selectedColor: '#0b5cad',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/map/index', text: '地图', iconPath: 'assets/tabbar/map.png', selectedIconPath: 'assets/tabbar/map-active.png' },
      { pagePath: 'pages/snapshot/index', text: '随手拍', iconPath: 'assets/tabbar/snapshot.png', selectedIconPath: 'assets/tabbar/snapshot-active.png' },
      { pagePath: 'pages/points/index', text: '积分', iconPath: 'assets/tabbar/points.png', selectedIconPath: 'assets/tabbar/points-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' },
    ],
  },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于查找附近的驿站和友好商户，以及定位随手拍上报的位置' },
  },
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents',
});
