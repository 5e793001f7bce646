// Storage through the real @cloudbase/node-sdk: upload, temp URL, delete, as in the cloud.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { sdkConfig, startEmulator } from '../../emulator';
import { createNullDatabase, startTestEmulator, type TestEmulator } from '../helpers/emulator';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'functions');

describe('storage through the SDK', () => {
  let t: TestEmulator;

  beforeAll(async () => {
    t = await startTestEmulator({ db: createNullDatabase(), collections: [], functionsDir: FIXTURES });
  });
  afterAll(() => t.close());

  it('uploads, serves a temp URL, deletes, and the URL then fails', async () => {
    const bytes = Buffer.from('你好, 友好街区 \u0000\u00ff binary', 'utf8');
    const { fileID } = await t.app.uploadFile({ cloudPath: 'snapshots/u1/photo 1.png', fileContent: bytes });
    expect(fileID).toBe('cloud://local-env.local-bucket-1300000000/snapshots/u1/photo 1.png');

    const { fileList } = await t.app.getTempFileURL({ fileList: [{ fileID, maxAge: 120 }, 'cloud://local-env.local-bucket-1300000000/missing.png'] });
    expect(fileList[0].code).toBe('SUCCESS');
    expect(fileList[0].fileID).toBe(fileID);
    expect(fileList[1].code).toBe('STORAGE_FILE_NONEXIST');

    const res = await fetch(encodeURI(fileList[0].tempFileURL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);

    // The SDK's own download path (encodeURI over the temp URL) works too.
    const dl = await t.app.downloadFile({ fileID });
    expect(Buffer.from(dl.fileContent as Buffer)).toEqual(bytes);

    const del = await t.app.deleteFile({ fileList: [fileID] });
    expect(del.fileList[0]).toMatchObject({ code: 'SUCCESS', fileID });
    const again = await t.app.deleteFile({ fileList: [fileID] });
    expect(again.fileList[0].code).toBe('STORAGE_FILE_NONEXIST');

    expect((await fetch(encodeURI(fileList[0].tempFileURL))).status).toBe(404);
    const after = await t.app.getTempFileURL({ fileList: [fileID] });
    expect(after.fileList[0].code).toBe('STORAGE_FILE_NONEXIST');
  });

  it('refuses temp URLs that are tampered with or expired', async () => {
    const { fileID } = await t.app.uploadFile({ cloudPath: 'a/b.txt', fileContent: Buffer.from('x') });
    const { fileList } = await t.app.getTempFileURL({ fileList: [{ fileID, maxAge: 1 }] });
    const url = new URL(fileList[0].tempFileURL);
    expect((await fetch(url)).status).toBe(200);

    const forged = new URL(url);
    forged.pathname = '/files/a/other.txt';
    expect((await fetch(forged)).status).toBe(403);
    const unsigned = new URL(url);
    unsigned.search = '';
    expect((await fetch(unsigned)).status).toBe(403);
    const longer = new URL(url);
    longer.searchParams.set('t', String(Number(url.searchParams.get('t')) + 3600));
    expect((await fetch(longer)).status).toBe(403);

    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(url)).status).toBe(403);
  });

  it('overwrites on re-upload, and refuses an upload PUT with a wrong authorization', async () => {
    const { fileID } = await t.app.uploadFile({ cloudPath: 'over/write.txt', fileContent: Buffer.from('one') });
    await t.app.uploadFile({ cloudPath: 'over/write.txt', fileContent: Buffer.from('two') });
    const dl = await t.app.downloadFile({ fileID });
    expect(String(dl.fileContent)).toBe('two');

    const meta = await t.app.getUploadMetadata({ cloudPath: 'over/other.txt' });
    const bad = await fetch(meta.data.url, { method: 'PUT', headers: { authorization: 'nope' }, body: 'x' });
    expect(bad.status).toBe(403);
    expect(await bad.text()).toContain('SignatureDoesNotMatch');
    // …and an authorization is bound to its own path.
    const otherPath = meta.data.url.replace('other.txt', 'third.txt');
    expect((await fetch(otherPath, { method: 'PUT', headers: { authorization: meta.data.authorization }, body: 'x' })).status).toBe(403);
  });

  it('refuses path traversal in cloud paths', async () => {
    await expect(t.app.uploadFile({ cloudPath: '../escape.txt', fileContent: Buffer.from('x') })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    await expect(t.app.uploadFile({ cloudPath: 'a/../../escape.txt', fileContent: Buffer.from('x') })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    const r = await t.app.getTempFileURL({ fileList: ['cloud://local-env.local-bucket-1300000000/../../etc/passwd'] });
    expect(r.fileList[0].code).toBe('STORAGE_FILE_NONEXIST');
  });

  it('works from inside a function (SDK configured by the runtime only)', async () => {
    const up = await t.app.callFunction({ name: 'files', data: { op: 'upload', cloudPath: 'fn/hello.txt', text: '函数里上传' } });
    const r = up.result as { fileID: string; url: string; code: string };
    expect(r.code).toBe('SUCCESS');
    expect(await (await fetch(encodeURI(r.url))).text()).toBe('函数里上传');
    const del = await t.app.callFunction({ name: 'files', data: { op: 'delete', fileID: r.fileID } });
    expect(del.result).toEqual({ code: 'SUCCESS' });
  });
});

describe('storage on a data directory', () => {
  it('keeps files and temp URL signatures across restarts', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'emu-storage-'));
    try {
      const first = await startEmulator({ port: 0, dataDir: dir, db: createNullDatabase(), collections: [], functionsDir: FIXTURES });
      const app1 = tcb.init(sdkConfig(first));
      const { fileID } = await app1.uploadFile({ cloudPath: 'keep/me.json', fileContent: Buffer.from('{"a":1}') });
      await first.close();

      const second = await startEmulator({ port: 0, dataDir: dir, db: createNullDatabase(), collections: [], functionsDir: FIXTURES });
      try {
        const app2 = tcb.init(sdkConfig(second));
        const { fileList } = await app2.getTempFileURL({ fileList: [fileID] });
        const res = await fetch(fileList[0].tempFileURL);
        expect(res.headers.get('content-type')).toContain('application/json');
        expect(await res.json()).toEqual({ a: 1 });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
