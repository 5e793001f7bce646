export default definePageConfig({ navigationBarTitleText: '友好商户申请' });
