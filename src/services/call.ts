import Taro from '@tarojs/taro';
import type {
  ActionName,
  DataOf,
  Envelope,
  FunctionName,
  PayloadOf,
} from '../../cloudfunctions/shared/contracts';
import { ApiCallError, NETWORK_ERROR_CODE, NETWORK_ERROR_MESSAGE, TIMEOUT_ERROR_CODE, TIMEOUT_ERROR_MESSAGE } from './errors';
import { getDevOpenid } from './dev-account';

export { ApiCallError } from './errors';

export interface CallOptions {
  /** Don't toast the error; the caller shows it (e.g. next to a form field). */
  silent?: boolean;
  /** Give up waiting after this long (TIMEOUT); default CALL_TIMEOUT_MS. */
  timeoutMs?: number;
}

/**
 * How long a person waits before being told and offered a retry. The platforms' own limits (60 s for
 * wx.request, the function's timeout for callFunction) are far longer than anyone watches a spinner.
 * Writes that can be retried without harm carry a requestId, so a retry after TIMEOUT lands once.
 */
export const CALL_TIMEOUT_MS = 15_000;
/** Calls that read or write a lot by design (statistics, exports, imports, erasing an account). */
export const LONG_CALL_MS = 60_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ApiCallError(TIMEOUT_ERROR_CODE, TIMEOUT_ERROR_MESSAGE)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The one way the app talks to the backend: `callFunction({ name, data: { action, payload } })`.
 * weapp → Taro.cloud.callFunction; H5 → the emulator gateway `POST /api/functions/<name>`.
 * Resolves with `data` of an ok envelope; rejects with ApiCallError otherwise (toasted unless silent).
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  payload: PayloadOf<F, A>,
  opts: CallOptions = {},
): Promise<DataOf<F, A>> {
  try {
    const timeoutMs = opts.timeoutMs ?? CALL_TIMEOUT_MS;
    const envelope = await withTimeout(transport<DataOf<F, A>>(fn, action, payload, timeoutMs), timeoutMs);
    if (envelope.ok) return envelope.data;
    const { code, message, field } = envelope.error;
    throw new ApiCallError(code, message || '操作失败，请稍后重试', field);
  } catch (err) {
    const error = err instanceof ApiCallError ? err : new ApiCallError(NETWORK_ERROR_CODE, NETWORK_ERROR_MESSAGE);
    if (!opts.silent) {
      Taro.showToast({ title: error.message, icon: 'none', duration: 2500 });
    }
    throw error;
  }
}

function isEnvelope(v: unknown): v is Envelope<unknown> {
  if (!v || typeof v !== 'object') return false;
  const o = v as { ok?: unknown; error?: unknown };
  if (o.ok === true) return 'data' in o;
  return o.ok === false && !!o.error && typeof o.error === 'object';
}

async function weappTransport<T>(fn: string, action: string, payload: unknown): Promise<Envelope<T>> {
  const res = await Taro.cloud.callFunction({ name: fn, data: { action, payload } });
  if (!isEnvelope(res.result)) throw new Error('bad reply');
  return res.result as Envelope<T>;
}

async function gatewayTransport<T>(fn: string, action: string, payload: unknown, timeoutMs: number): Promise<Envelope<T>> {
  const header: Record<string, string> = { 'content-type': 'application/json' };
  // Only the emulator build asserts an identity (the picked demo account); production H5 never does.
  if (process.env.TARO_APP_DEV_LOGIN === '1') {
    const openid = getDevOpenid();
    if (openid) header['x-wx-openid'] = openid;
  }
  const res = await Taro.request({
    url: `${process.env.TARO_APP_API_BASE || ''}/api/functions/${encodeURIComponent(fn)}`,
    method: 'POST',
    header,
    data: { action, payload },
    dataType: 'json',
    // A little past the race in call(), so the request is dropped rather than left open.
    timeout: timeoutMs + 1000,
  });
  // The gateway replies with the function's envelope, also on 4xx/5xx; anything else is a transport failure.
  if (!isEnvelope(res.data)) throw new Error(`bad reply (${res.statusCode})`);
  return res.data as Envelope<T>;
}

// Chosen at build time, so each bundle carries only its own transport.
const transport = process.env.TARO_ENV === 'weapp' ? weappTransport : gatewayTransport;
