import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * Build config for both targets.
 * - weapp → dist/weapp (project.config.json's miniprogramRoot), h5 → dist/h5 (served by the emulator at `/`).
 * - `--mode emulator` loads `.env.emulator` (TARO_APP_DEV_LOGIN=1 turns on the dev account picker).
 *   Every TARO_APP_* flag the app reads is defined here too, with a default, so that `process.env.X` never
 *   survives into a bundle (there is no `process` on weapp) and dev-only branches are dead-code-eliminated.
 */
export default defineConfig<'webpack5'>(async (merge) => {
  const target = process.env.TARO_ENV || 'weapp';
  const flags = {
    'process.env.TARO_APP_DEV_LOGIN': JSON.stringify(process.env.TARO_APP_DEV_LOGIN || ''),
    'process.env.TARO_APP_API_BASE': JSON.stringify(process.env.TARO_APP_API_BASE || ''),
    'process.env.TARO_APP_CLOUD_ENV': JSON.stringify(process.env.TARO_APP_CLOUD_ENV || ''),
  };
  // The plain code the app shares with the functions (Shanghai time, distances, field labels) lives
  // outside src/; Taro compiles only src/ unless told.
  const compile = { include: [path.resolve(__dirname, '..', 'cloudfunctions', 'shared', 'isomorphic')] };
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'youhao-jiequ',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // YH_OUTPUT_ROOT lets a check build elsewhere (test/e2e/build-output.test.ts builds production H5 there).
    outputRoot: process.env.YH_OUTPUT_ROOT || `dist/${target}`,
    plugins: [],
    defineConstants: flags,
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    mini: {
      compile,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      compile,
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      webpackChain(chain) {
        // The H5 app is served locally by the emulator; webpack's 244 KiB web-performance hint is noise here.
        chain.performance.hints(false);
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
