export default definePageConfig({
  navigationBarTitleText: '友好街区',
});
