// jsdom setup for Taro component tests (ui project).
// @tarojs/taro on jsdom resolves to the H5 implementation; the tests mock it per file where they need to.
(globalThis as any).ENABLE_INNER_HTML = true;
