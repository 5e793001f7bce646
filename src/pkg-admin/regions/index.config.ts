export default definePageConfig({ navigationBarTitleText: '区域与网格' });
