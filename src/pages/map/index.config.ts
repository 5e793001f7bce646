export default definePageConfig({ navigationBarTitleText: '友好地图' });
