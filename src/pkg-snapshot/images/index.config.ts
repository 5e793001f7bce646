export default definePageConfig({ navigationBarTitleText: '图片审核', enablePullDownRefresh: true });
