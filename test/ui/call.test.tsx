import Taro from '@tarojs/taro';
import { call, ApiCallError } from '../../src/services/call';
import { setDevOpenid } from '../../src/services/dev-account';
import { resetTaroMock } from './taro-mock';

jest.mock('@tarojs/taro', () => require('./taro-mock'));

const request = Taro.request as unknown as jest.Mock;
const toast = Taro.showToast as unknown as jest.Mock;

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_APP_DEV_LOGIN = '1';
});
afterAll(() => {
  delete process.env.TARO_APP_DEV_LOGIN;
});

describe('call (H5 gateway transport)', () => {
  it('posts { action, payload } to /api/functions/<name> as the picked account and returns data', async () => {
    setDevOpenid('demo-worker-1');
    request.mockResolvedValue({ statusCode: 200, data: { ok: true, data: { openid: 'demo-worker-1' } } });
    await expect(call('user', 'me', {})).resolves.toEqual({ openid: 'demo-worker-1' });
    expect(request).toHaveBeenCalledTimes(1);
    const opts = request.mock.calls[0][0];
    expect(opts.url).toBe('/api/functions/user');
    expect(opts.method).toBe('POST');
    expect(opts.data).toEqual({ action: 'me', payload: {} });
    expect(opts.header['x-wx-openid']).toBe('demo-worker-1');
    expect(toast).not.toHaveBeenCalled();
  });

  it('sends no identity header when no account is stored', async () => {
    request.mockResolvedValue({ statusCode: 200, data: { ok: true, data: [] } });
    await call('admin', 'listRegions', {});
    expect(request.mock.calls[0][0].header['x-wx-openid']).toBeUndefined();
  });

  it('never sends an identity outside the emulator build', async () => {
    delete process.env.TARO_APP_DEV_LOGIN;
    setDevOpenid('demo-admin');
    request.mockResolvedValue({ statusCode: 200, data: { ok: true, data: [] } });
    await call('admin', 'listRegions', {});
    expect(request.mock.calls[0][0].header['x-wx-openid']).toBeUndefined();
  });

  it('throws ApiCallError for a non-ok envelope and toasts its Chinese message', async () => {
    request.mockResolvedValue({
      statusCode: 400,
      data: { ok: false, error: { code: 'INPUT.INVALID', message: '请输入 11 位手机号', field: 'phone' } },
    });
    const err = await call('user', 'updateProfile', { phone: '123' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err).toMatchObject({ code: 'INPUT.INVALID', message: '请输入 11 位手机号', field: 'phone' });
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '请输入 11 位手机号', icon: 'none' }));
  });

  it('does not toast when silent', async () => {
    request.mockResolvedValue({ statusCode: 403, data: { ok: false, error: { code: 'AUTH.FORBIDDEN', message: '没有权限' } } });
    await expect(call('admin', 'listRegions', {}, { silent: true })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect(toast).not.toHaveBeenCalled();
  });

  it('turns a network failure into NETWORK with a Chinese toast', async () => {
    request.mockRejectedValue(new Error('request:fail'));
    await expect(call('user', 'login', {})).rejects.toMatchObject({ code: 'NETWORK', message: '网络不太好，请稍后重试' });
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络不太好，请稍后重试', icon: 'none' }));
  });

  it('treats a reply that is not an envelope (e.g. an HTML 502 page) as a network failure', async () => {
    request.mockResolvedValue({ statusCode: 502, data: '<html>Bad Gateway</html>' });
    await expect(call('user', 'login', {}, { silent: true })).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('gives up after the client timeout with TIMEOUT, instead of hanging for the platform’s 60 s', async () => {
    jest.useFakeTimers();
    try {
      request.mockImplementation(() => new Promise(() => undefined));
      const pending = call('snapshot', 'settings', {}, { silent: true }).catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(14_000);
      let settled = false;
      void pending.then(() => (settled = true));
      await Promise.resolve();
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1_500);
      expect(await pending).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
      // The request itself is told to stop soon after, so it is not left open.
      expect(request.mock.calls[0][0].timeout).toBeLessThanOrEqual(20_000);
    } finally {
      jest.useRealTimers();
    }
  });
});
