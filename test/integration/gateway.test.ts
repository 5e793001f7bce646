// The HTTP gateway: routes, limits, refusals, static files, health, CORS.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AdminReply } from '../../emulator/db';
import { createNullDatabase, startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { TINY_PNG } from '../helpers/images';
import { uploadDirFor } from '../../cloudfunctions/shared/domain/uploads';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'functions');

/** The signature headers the SDKs send (their form; the emulator cannot check the HMAC of dummy keys). */
function sdkHeaders(): Record<string, string> {
  const day = new Date().toISOString().slice(0, 10);
  return {
    'content-type': 'application/json',
    authorization: `TC3-HMAC-SHA256 Credential=x/${day}/tcb/tc3_request, SignedHeaders=content-type;host, Signature=${'0'.repeat(64)}`,
    'x-timestamp': String(Math.floor(Date.now() / 1000)),
    'x-signature-expires': '600',
  };
}

/** Sends a raw path (fetch would normalise `..` away before it reaches the server). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string; type?: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gateway', () => {
  let t: TestEmulator;
  let h5: string;
  const seen: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    h5 = mkdtempSync(path.join(os.tmpdir(), 'emu-h5-'));
    mkdirSync(path.join(h5, 'js'));
    writeFileSync(path.join(h5, 'index.html'), '<!doctype html><title>友好街区</title>');
    writeFileSync(path.join(h5, 'js', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(h5, 'logo.svg'), '<svg/>');
    writeFileSync(path.join(os.tmpdir(), 'emu-secret.txt'), 'secret');
    const db = createNullDatabase();
    db.handle = async (body): Promise<AdminReply> => {
      seen.push(body);
      return body.action === 'database.startTransaction' ? { transactionId: 'tx-1' } : { data: { list: [] } };
    };
    t = await startTestEmulator({ db, collections: [], functionsDir: FIXTURES, h5Dir: h5 });
  });
  afterAll(async () => {
    await t.close();
    rmSync(h5, { recursive: true, force: true });
    rmSync(path.join(os.tmpdir(), 'emu-secret.txt'), { force: true });
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('routes database.* actions to the database with the whole body, replies with a requestId', async () => {
    const res = await t.app.database().collection('users').where({ a: 1 }).get();
    expect(res.data).toEqual([]);
    const body = seen.find((b) => b.action === 'database.getDocument')!;
    expect(body).toMatchObject({ collectionName: 'users', queryType: 'WHERE', envName: 'local-env' });
    const r = await fetch(`${t.url}/admin?env=local-env&seqId=1`, { method: 'POST', headers: sdkHeaders(), body: JSON.stringify({ action: 'database.startTransaction' }) });
    const json = await r.json();
    expect(json).toEqual({ transactionId: 'tx-1', requestId: expect.any(String) });
  });

  it('answers unknown and malformed CloudBase API requests with error codes (HTTP 200)', async () => {
    const r1 = await fetch(`${t.url}/admin`, { method: 'POST', headers: sdkHeaders(), body: JSON.stringify({ action: 'nope.nothing' }) });
    expect(r1.status).toBe(200);
    expect(await r1.json()).toMatchObject({ code: 'INVALID_ACTION', requestId: expect.any(String) });
    const r2 = await fetch(`${t.url}/admin`, { method: 'POST', headers: sdkHeaders(), body: '{not json' });
    expect(await r2.json()).toMatchObject({ code: 'INVALID_PARAM' });
  });

  it('404s an unknown function, 400s bad JSON and a malformed openid', async () => {
    const r1 = await fetch(`${t.url}/api/functions/nope`, { method: 'POST', body: '{}' });
    expect(r1.status).toBe(404);
    expect(await r1.json()).toEqual({ ok: false, error: { code: 'FUNCTION.NOT_FOUND', message: expect.any(String) } });
    const r2 = await fetch(`${t.url}/api/functions/..%2F..%2Fetc`, { method: 'POST', body: '{}' });
    expect(r2.status).toBe(404);
    const r3 = await fetch(`${t.url}/api/functions/whoami`, { method: 'POST', headers: { 'x-wx-openid': 'o-1' }, body: '{"action":' });
    expect(r3.status).toBe(400);
    expect((await r3.json()).error.code).toBe('INPUT.INVALID');
    const r4 = await fetch(`${t.url}/api/functions/whoami`, { method: 'POST', headers: { 'x-wx-openid': 'a b<script>' }, body: '{}' });
    expect(r4.status).toBe(400);
    const r5 = await fetch(`${t.url}/api/functions/whoami`, { method: 'GET' });
    expect(r5.status).toBe(405);
  });

  it('grants CORS on /api to no other origin by default: a foreign page gets no grant for x-wx-openid', async () => {
    const pre = await fetch(`${t.url}/api/functions/whoami`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-wx-openid,content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toBeNull();
    const r = await fetch(`${t.url}/api/functions/whoami`, { method: 'POST', headers: { origin: 'http://evil.example', 'x-wx-openid': 'o-1' }, body: '{}' });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('upload route', () => {
    const upload = (q: string, body: Uint8Array<ArrayBuffer> | string, openid: string | null = 'o-up') =>
      fetch(`${t.url}/api/storage/upload?${q}`, { method: 'POST', headers: openid ? { 'x-wx-openid': openid } : {}, body });

    const dir = uploadDirFor('o-up');
    it('stores the bytes and returns the fileID the SDK understands', async () => {
      const bytes = new Uint8Array(TINY_PNG);
      const res = await upload('path=' + encodeURIComponent(`${dir}/图片.png`), bytes);
      expect(res.status).toBe(200);
      const { fileID } = (await res.json()) as { fileID: string };
      expect(fileID).toBe(`cloud://local-env.local-bucket-1300000000/${dir}/图片.png`);
      const { fileList } = await t.app.getTempFileURL({ fileList: [fileID] });
      const got = await fetch(encodeURI(fileList[0].tempFileURL));
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
    });

    it('requires a caller', async () => {
      const res = await upload('path=a.png', 'x', null);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('AUTH.REQUIRED');
    });

    it('refuses traversal and malformed paths', async () => {
      for (const p of ['../a.png', 'a/../../b.png', '..', '', '/', 'a//b.png', 'a\\..\\b.png']) {
        const res = await upload('path=' + encodeURIComponent(p), 'x');
        expect([p, res.status]).toEqual([p, 400]);
      }
      expect((await upload('', 'x')).status).toBe(400);
    });

    it('refuses bodies over 10 MB with 413, and accepts exactly 10 MB', async () => {
      const tooBig = await upload(`path=${dir}/big.png`, new Uint8Array(10 * 1024 * 1024 + 1));
      expect(tooBig.status).toBe(413);
      const max = new Uint8Array(10 * 1024 * 1024);
      max.set(TINY_PNG);
      const ok = await upload(`path=${dir}/max.png`, max);
      expect(ok.status).toBe(200);
    });

    it('refuses an oversized body sent without a length (chunked)', async () => {
      const chunk = new Uint8Array(1024 * 1024);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 12) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await fetch(`${t.url}/api/storage/upload?path=${dir}/chunked.png`, {
        method: 'POST', headers: { 'x-wx-openid': 'o-up' }, body: stream, duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    });
  });

  describe('static H5 files', () => {
    it('serves files with their content type', async () => {
      const js = await fetch(`${t.url}/js/app.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('application/javascript');
      const svg = await fetch(`${t.url}/logo.svg`);
      expect(svg.headers.get('content-type')).toBe('image/svg+xml');
      const root = await fetch(`${t.url}/`);
      expect(root.headers.get('content-type')).toContain('text/html');
      expect(await root.text()).toContain('友好街区');
    });

    it('falls back to index.html for client routes but 404s missing assets', async () => {
      const route = await fetch(`${t.url}/pages/snapshot/index?id=1`);
      expect(route.status).toBe(200);
      expect(await route.text()).toContain('友好街区');
      expect((await fetch(`${t.url}/js/missing.js`)).status).toBe(404);
    });

    it('never serves files outside the build', async () => {
      for (const p of ['/../emu-secret.txt', '/js/../../emu-secret.txt', '/%2e%2e/emu-secret.txt', '/..%2femu-secret.txt', '/%2e%2e%2f%2e%2e%2fetc/passwd']) {
        const res = await rawGet(t.url, p);
        expect(res.body).not.toContain('secret');
        expect(res.body).not.toContain('root:');
        expect([400, 404]).toContain(res.status);
      }
    });

    it('refuses /files without a valid signature and never reads outside storage', async () => {
      // `..` segments are resolved before routing (this lands on the SPA fallback), encoded ones refused.
      expect((await rawGet(t.url, '/files/../../etc/passwd?t=99999999999&sign=x')).body).not.toContain('root:');
      expect((await rawGet(t.url, '/files/..%2f..%2fetc/passwd?t=99999999999&sign=x')).status).toBe(400);
      expect((await rawGet(t.url, '/files/a.png')).status).toBe(403);
    });
  });
});

describe('gateway without an H5 build', () => {
  it('says how to build it', async () => {
    const t = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES, h5Dir: path.join(os.tmpdir(), 'no-such-h5-dir') });
    try {
      const res = await fetch(`${t.url}/`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await t.close();
    }
  });
});
