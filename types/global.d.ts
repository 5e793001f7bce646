// Ambient declarations for the Taro app (src/) — style and asset imports, and the build-time flags
// that config/index.ts defines (so `process.env.X` is a string literal in every bundle).
declare module '*.css';
declare module '*.scss';
declare module '*.png' {
  const src: string;
  export default src;
}

declare namespace NodeJS {
  interface ProcessEnv {
    /** 'weapp' | 'h5', set by Taro at build time. */
    TARO_ENV?: 'weapp' | 'h5' | string;
    /** '1' only in the emulator build (.env.emulator): shows the dev account picker. */
    TARO_APP_DEV_LOGIN?: string;
    /** H5 gateway base URL; '' = same origin. */
    TARO_APP_API_BASE?: string;
    /** CloudBase env id for weapp; '' = the mini-program's default env. */
    TARO_APP_CLOUD_ENV?: string;
  }
}
