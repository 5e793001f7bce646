export default definePageConfig({ navigationBarTitleText: '审核派单', enablePullDownRefresh: false });
