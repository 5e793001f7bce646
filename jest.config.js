// Five projects, one runner: `npx jest --selectProjects unit` etc.
// Integration and e2e tests drive the real @cloudbase/node-sdk against the local emulator;
// functions run from their built bundles (test/helpers/global-setup builds them first).
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2020',
  },
  module: { type: 'commonjs' },
}];

const base = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@tarojs|@stencil|swiper|tslib)/)'],
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
  },
  rootDir: __dirname,
};

module.exports = {
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  projects: [
    { ...base, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...base,
      displayName: 'ui',
      testEnvironment: 'jsdom',
      // @tarojs/components/lib/react bundles its own tslib under a nested node_modules/.pnpm: transform it too.
      transformIgnorePatterns: ['/node_modules/(?!(@tarojs|@stencil|swiper|tslib|\\.pnpm)/)'],
      transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
      testMatch: ['<rootDir>/test/ui/**/*.test.tsx'],
      globals: { DEPRECATED_ADAPTER_COMPONENT: false, ENABLE_INNER_HTML: true, ENABLE_ADJACENT_HTML: true, ENABLE_CLONE_NODE: true, ENABLE_CONTAINS: true, ENABLE_SIZE_APIS: true, ENABLE_TEMPLATE_CONTENT: true, ENABLE_MUTATION_OBSERVER: true },
      moduleNameMapper: {
        ...base.moduleNameMapper,
        '^@tarojs/components$': '@tarojs/components/lib/react/index',
        '\\.(css|scss|less)$': '<rootDir>/test/helpers/style-stub.js',
      },
      setupFiles: ['<rootDir>/test/ui/setup.ts'],
    },
    { ...base, displayName: 'integration', testEnvironment: 'node', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], setupFiles: ['<rootDir>/test/helpers/sdk-env.ts'], setupFilesAfterEnv: ['<rootDir>/test/helpers/timeouts.ts'] },
    // The mini-program itself: dist/weapp (npm test builds it first) through WeChat's WXML/WXSS compilers,
    // rendered in jsdom by miniprogram-simulate against an emulator (test/weapp/harness.ts).
    { ...base, displayName: 'weapp', testEnvironment: 'jsdom', testMatch: ['<rootDir>/test/weapp/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/helpers/timeouts.ts'] },
    { ...base, displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], setupFiles: ['<rootDir>/test/helpers/sdk-env.ts'], setupFilesAfterEnv: ['<rootDir>/test/helpers/timeouts.ts'] },
  ],
};
