export default definePageConfig({ navigationBarTitleText: '门店反馈' });
