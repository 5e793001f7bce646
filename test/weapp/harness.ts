// The mini-program as WeChat runs it, in jsdom: dist/weapp compiled by WeChat's own WXML/WXSS compilers
// (npm miniprogram-compiler) and rendered by the official miniprogram-simulate + j-component. Around them
// this file plays the parts of the WeChat client that those packages leave out: `App` captured and
// app.js run first (onLaunch/onShow), `Page` registered as a Component whose lifetimes call the page's
// handlers (attached → onLoad, ready → onShow/onReady), `getApp`/`getCurrentPages`, and `wx.cloud`
// answered by a real emulator (the same envelopes CloudBase gives), as the account the test chose.
// Platform rules the client enforces are enforced here too, so a page that breaks them fails:
// requestSubscribeMessage only from a tap, getLocation/chooseLocation only when declared in app.json.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';

export const ROOT = path.resolve(__dirname, '..', '..');
export const WEAPP = path.join(ROOT, 'dist', 'weapp');

export interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  tabBar?: { list: { pagePath: string; iconPath?: string; selectedIconPath?: string }[] };
  requiredPrivateInfos?: string[];
  permission?: Record<string, { desc: string }>;
}

export function readAppJson(): AppJson {
  const file = path.join(WEAPP, 'app.json');
  if (!fs.existsSync(file)) throw new Error('dist/weapp is missing: run `npm run build:weapp` first (npm test does).');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as AppJson;
}

/** Every page the built app declares, main package and subpackages: a new page is covered by itself. */
export function allPages(app: AppJson = readAppJson()): string[] {
  return [...app.pages, ...(app.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))];
}

// ---- the emulator, in a child process --------------------------------------------------------

export interface EmulatorProcess {
  url: string;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const child: ChildProcess = spawn(tsx, [path.join(__dirname, 'emulator-process.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, EMULATOR_LOG: '0' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        // Function output before the ready line.
      }
    });
    child.once('exit', (code) => reject(new Error(`emulator process exited (${code}) before it was ready`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** POST the callFunction data to the gateway as `openid`: the function's reply, as CloudBase returns it. */
export function gatewayCall(url: string, openid: string | null, name: string, data: unknown): Promise<unknown> {
  const body = JSON.stringify(data ?? {});
  const target = new URL(`/api/functions/${encodeURIComponent(name)}`, url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(openid ? { 'x-wx-openid': openid } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error(`${name}: HTTP ${res.statusCode}, not JSON: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// ---- the WeChat client around the pages ------------------------------------------------------

export interface WxCall {
  api: string;
  options: Record<string, unknown>;
  /** True when the call happened while a tap was being dispatched (WeChat's user-gesture rule). */
  fromTap: boolean;
}

// Typed here, not from the package: its typings pull in WeChat's global API typings, whose `require`
// would replace Node's for the whole project.
interface Rendered {
  dom: Element;
  attach(parent: Element): void;
  detach(): void;
}
interface Simulate {
  load(componentPath: string, options: { compiler: 'official' | 'simulate'; rootPath: string }): string;
  render(id: string, properties?: Record<string, unknown>): Rendered;
}

export interface WeappClient {
  simulate: Simulate;
  /** wx.* calls the pages made, in order (cloud calls excluded; see `cloudCalls`). */
  calls: WxCall[];
  cloudCalls: { name: string; action: string; payload?: unknown; reply?: unknown }[];
  /** Cloud calls not answered yet. */
  pending(): number;
  /** console.error output and uncaught errors while pages ran. */
  errors: string[];
  /** The pending onNeedPrivacyAuthorization answer, once the page answered it. */
  privacyAnswers: unknown[];
  /** Fires the app's onNeedPrivacyAuthorization listener as WeChat does before a privacy-gated API. */
  needPrivacy(): void;
  /** Renders a page (path as in app.json), attached to the document; onLoad/onShow/onReady run. */
  open(page: string, query?: Record<string, string>): Promise<OpenPage>;
  /** Dispatches a tap on the element, flagged as a user gesture while it runs. */
  tap(el: Element): Promise<void>;
  /** Types into an <input>/<textarea> as the keyboard does (an `input` event with detail.value). */
  type(el: Element, value: string): Promise<void>;
  close(): void;
}

export interface OpenPage {
  comp: Rendered;
  root: Element;
  text(): string;
  /** Waits until `pred` holds, flushing the page's setData in between. */
  until(pred: () => boolean, what: string, ms?: number): Promise<void>;
  close(): void;
}

interface PageInstance {
  route: string;
  options: Record<string, string>;
}

/**
 * Boots a fresh app (fresh modules, so no state from another account) as `openid`, against the
 * emulator at `url`. `answer` may stand in for WeChat's own dialogs (chooseLocation, scanCode …).
 */
export function bootApp(url: string, openid: string, answer: Partial<Record<string, (opts: Record<string, unknown>) => unknown>> = {}): WeappClient {
  jest.resetModules();
  const g = global as unknown as Record<string, unknown>;
  delete g.wx;
  document.body.innerHTML = '';

  const calls: WxCall[] = [];
  const cloudCalls: { name: string; action: string; payload?: unknown; reply?: unknown }[] = [];
  let inflight = 0;
  const errors: string[] = [];
  const privacyAnswers: unknown[] = [];
  let tapping = 0;
  let privacyListener: ((resolve: (o: unknown) => void) => void) | null = null;

  const appJson = readAppJson();
  // miniprogram-simulate installs `Component`, `Behavior` and a mocked `wx` on the global object.
  const simulate = require('miniprogram-simulate') as Simulate;
  const wx = g.wx as Record<string, any>;

  const consoleError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' '));
  });
  const onError = (e: ErrorEvent) => errors.push(`uncaught: ${e.message}`);
  window.addEventListener('error', onError);
  const onRejection = (reason: unknown) => errors.push(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
  process.on('unhandledRejection', onRejection);

  /** Answers a wx API the WeChat way: success/fail/complete callbacks, or a promise without them. */
  const asyncApi = (api: string, run: (opts: Record<string, unknown>) => unknown) => (opts: Record<string, unknown> = {}) => {
    calls.push({ api, options: opts, fromTap: tapping > 0 });
    const result = (async () => run(opts))();
    const { success, fail, complete } = opts as Record<string, ((r: unknown) => void) | undefined>;
    if (success || fail || complete) {
      result.then(
        (r) => {
          success?.(r);
          complete?.(r);
        },
        (e) => {
          fail?.(e);
          complete?.(e);
        },
      );
      return undefined;
    }
    return result;
  };
  const refuse = (api: string, why: string) => {
    throw { errMsg: `${api}:fail ${why}` };
  };

  wx.cloud = {
    init: () => undefined,
    callFunction: asyncApi('cloud.callFunction', async (opts) => {
      const data = (opts.data ?? {}) as { action?: string; payload?: unknown };
      const entry: { name: string; action: string; payload?: unknown; reply?: unknown } = { name: String(opts.name), action: String(data.action), payload: data.payload };
      cloudCalls.push(entry);
      inflight++;
      let result: unknown;
      try {
        result = await gatewayCall(url, openid, String(opts.name), data);
      } finally {
        inflight--;
      }
      entry.reply = result;
      return { errMsg: 'cloud.callFunction:ok', result, requestID: `req-${cloudCalls.length}` };
    }),
    uploadFile: asyncApi('cloud.uploadFile', (opts) => ({ errMsg: 'cloud.uploadFile:ok', fileID: `cloud://emulator.${String(opts.cloudPath)}`, statusCode: 204 })),
    getTempFileURL: asyncApi('cloud.getTempFileURL', (opts) => ({
      errMsg: 'cloud.getTempFileURL:ok',
      fileList: ((opts.fileList as string[]) ?? []).map((fileID) => ({ fileID, tempFileURL: `${url}/files/${encodeURIComponent(fileID)}`, status: 0 })),
    })),
  };
  wx.onNeedPrivacyAuthorization = (listener: (resolve: (o: unknown) => void) => void) => {
    privacyListener = listener;
  };
  // WeChat refuses location APIs an app does not list in requiredPrivateInfos.
  const declared = (api: string) => (appJson.requiredPrivateInfos ?? []).includes(api);
  wx.getLocation = asyncApi('getLocation', (opts) => {
    if (!declared('getLocation')) refuse('getLocation', 'the api need to be declared in the requiredPrivateInfos field in app.json/ext.json');
    if (!appJson.permission?.['scope.userLocation']) refuse('getLocation', 'require permission desc');
    return answer.getLocation?.(opts) ?? { errMsg: 'getLocation:ok', latitude: 23.108, longitude: 109.579, accuracy: 30 };
  });
  wx.chooseLocation = asyncApi('chooseLocation', (opts) => {
    if (!declared('chooseLocation')) refuse('chooseLocation', 'the api need to be declared in the requiredPrivateInfos field in app.json/ext.json');
    return answer.chooseLocation?.(opts) ?? refuse('chooseLocation', 'cancel');
  });
  wx.scanCode = asyncApi('scanCode', (opts) => answer.scanCode?.(opts) ?? refuse('scanCode', 'cancel'));
  wx.requestSubscribeMessage = asyncApi('requestSubscribeMessage', (opts) => {
    if (!tapping) refuse('requestSubscribeMessage', 'can only be invoked by user TAP gesture.');
    const ids = (opts.tmplIds as string[]) ?? [];
    return answer.requestSubscribeMessage?.(opts) ?? Object.fromEntries([['errMsg', 'requestSubscribeMessage:ok'], ...ids.map((id) => [id, 'accept'])]);
  });
  wx.chooseMessageFile = asyncApi('chooseMessageFile', (opts) => answer.chooseMessageFile?.(opts) ?? refuse('chooseMessageFile', 'cancel'));
  wx.chooseImage = asyncApi('chooseImage', (opts) => answer.chooseImage?.(opts) ?? refuse('chooseImage', 'cancel'));
  wx.chooseMedia = asyncApi('chooseMedia', (opts) => answer.chooseMedia?.(opts) ?? refuse('chooseMedia', 'cancel'));
  for (const api of ['navigateTo', 'redirectTo', 'switchTab', 'reLaunch', 'navigateBack', 'showToast', 'showModal', 'setClipboardData', 'saveFile', 'openDocument', 'makePhoneCall', 'openLocation']) {
    wx[api] = asyncApi(api, (opts) => answer[api]?.(opts) ?? { errMsg: `${api}:ok`, confirm: true, cancel: false });
  }

  // App / getApp / Page / getCurrentPages, as the WeChat client provides them.
  let app: Record<string, any> | null = null;
  const stack: PageInstance[] = [];
  g.App = (options: Record<string, any>) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => stack.slice();
  let opening: { route: string; query: Record<string, string> } = { route: '', query: {} };
  g.Page = (options: Record<string, any>) => {
    const methods: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options)) if (typeof v === 'function') methods[k] = v;
    const { route, query } = opening;
    (g.Component as (o: unknown) => void)({
      data: options.data ?? {},
      methods,
      lifetimes: {
        attached(this: PageInstance & Record<string, any>) {
          // Taro keeps page fields (config, $taroPath …) on the instance, as WeChat's Page does.
          for (const [k, v] of Object.entries(options)) if (typeof v !== 'function' && k !== 'data') this[k] = v;
          this.route = route;
          this.options = query;
          stack.push(this);
          options.onLoad?.call(this, query);
        },
        ready(this: PageInstance) {
          options.onShow?.call(this);
          options.onReady?.call(this);
        },
        detached(this: PageInstance) {
          options.onHide?.call(this);
          options.onUnload?.call(this);
          const i = stack.indexOf(this);
          if (i >= 0) stack.splice(i, 1);
        },
      },
    });
  };

  require(path.join(WEAPP, 'app.js'));
  if (!app) throw new Error('app.js did not call App()');
  const theApp = app as Record<string, any>;
  const launch = { path: appJson.pages[0], query: {}, scene: 1001 };
  theApp.onLaunch?.call(theApp, launch);
  theApp.onShow?.call(theApp, launch);

  const flush = () => new Promise((r) => setTimeout(r, 10));

  return {
    simulate,
    calls,
    cloudCalls,
    errors,
    privacyAnswers,
    pending: () => inflight,
    needPrivacy() {
      if (!privacyListener) throw new Error('the app registered no onNeedPrivacyAuthorization listener');
      privacyListener((o) => privacyAnswers.push(o));
    },
    async open(page, query = {}) {
      opening = { route: page, query };
      const id = simulate.load(path.join(WEAPP, page), { compiler: 'official', rootPath: WEAPP });
      const comp = simulate.render(id);
      const parent = document.createElement('div');
      document.body.appendChild(parent);
      comp.attach(parent);
      const root = comp.dom as Element;
      const text = () => (root.textContent ?? '').replace(/\s+/g, ' ').trim();
      return {
        comp,
        root,
        text,
        async until(pred, what, ms = 60_000) {
          const end = Date.now() + ms;
          for (;;) {
            await flush();
            if (pred()) return;
            if (Date.now() > end) throw new Error(`${page}: timed out waiting for ${what}; page text: ${text().slice(0, 400)}`);
          }
        },
        close() {
          comp.detach();
          parent.remove();
        },
      };
    },
    async tap(el) {
      tapping++;
      try {
        // What j-component's dispatchEvent does, but synchronously, so the tap flag spans the handler.
        const exparser = require('miniprogram-exparser');
        const target = (el as unknown as { __wxElement?: unknown }).__wxElement;
        if (!target) throw new Error('not a rendered mini-program element');
        const fire = (name: string, detail: Record<string, unknown> = {}) =>
          exparser.Event.dispatchEvent(target, exparser.Event.create(name, detail, { bubbles: true, composed: true, capturePhase: true, extraFields: { touches: {}, changedTouches: {} } }));
        fire('tap');
        // A button with open-type="agreePrivacyAuthorization" is how WeChat learns of the user's consent:
        // the client fires `agreeprivacyauthorization` on it, which the page turns into resolve({ event: 'agree' }).
        if (el.tagName.toLowerCase() === 'wx-button' && attr(el, 'openType') === 'agreePrivacyAuthorization' && !attr(el, 'disabled')) {
          fire('agreeprivacyauthorization');
        }
      } finally {
        tapping--;
      }
      await flush();
    },
    async type(el, value) {
      const exparser = require('miniprogram-exparser');
      const target = (el as unknown as { __wxElement?: unknown }).__wxElement;
      if (!target) throw new Error('not a rendered mini-program element');
      exparser.Event.dispatchEvent(target, exparser.Event.create('input', { value, cursor: value.length, keyCode: 0 }, { bubbles: true, composed: true, capturePhase: true }));
      await flush();
    },
    close() {
      consoleError.mockRestore();
      window.removeEventListener('error', onError);
      process.off('unhandledRejection', onRejection);
      document.body.innerHTML = '';
    },
  };
}

/** A rendered element's property as the WXML gave it (objects too, e.g. a map's markers). */
export function attr(el: Element, name: string): unknown {
  const vt = (el as unknown as { __wxElement?: { _vt?: { attrs: { name: string; value: unknown }[] } } }).__wxElement?._vt;
  return vt?.attrs.find((a) => a.name === name)?.value;
}

/** The innermost element of `tag` (e.g. 'wx-button') whose text contains `text`. */
export function byText(root: Element, tag: string, text: string | RegExp): Element | null {
  const hits = Array.from(root.querySelectorAll(tag)).filter((el) => {
    const t = (el.textContent ?? '').replace(/\s+/g, ' ');
    return typeof text === 'string' ? t.includes(text) : text.test(t);
  });
  return hits.find((el) => !hits.some((other) => other !== el && el.contains(other))) ?? null;
}
