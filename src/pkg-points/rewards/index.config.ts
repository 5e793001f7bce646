export default definePageConfig({ navigationBarTitleText: '奖励管理' });
