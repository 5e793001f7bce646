// Emulated CloudBase storage: bytes on disk, fileIDs shaped like the cloud's, signed temp URLs.
// The gateway exposes it three ways: the CloudBase API actions (storage.*), the COS-style PUT that
// the SDK's uploadFile sends to the url from getUploadMetadata, and GET /files/<path> for temp URLs.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AdminReply } from '../db';

export const LOCAL_BUCKET = 'local-bucket-1300000000';
/** CloudBase's default temp URL lifetime when the caller gives no max_age. */
const DEFAULT_MAX_AGE_S = 86400;

export interface StorageOptions {
  /** Directory holding the bytes, one file per cloudPath. */
  root: string;
  envId: string;
  /** Public base URL of the gateway (http://127.0.0.1:PORT); a function because the port is known late. */
  baseUrl: () => string;
  /** HMAC key for temp URLs and upload authorisations; random (per process) when omitted. */
  secret?: Buffer;
  /** Where each file's creator (`resource.openid` in storage rules) is kept; default `<root>.meta`. */
  metaRoot?: string;
}

export class StorageError extends Error {
  constructor(public readonly code: string, message: string) {
    super(message);
  }
}

export interface StoredFile {
  bytes: Buffer;
  contentType: string;
}

export class LocalStorage {
  readonly root: string;
  readonly metaRoot: string;
  readonly envId: string;
  private readonly baseUrl: () => string;
  private readonly secret: Buffer;

  constructor(opts: StorageOptions) {
    this.root = path.resolve(opts.root);
    this.envId = opts.envId;
    this.baseUrl = opts.baseUrl;
    this.secret = opts.secret ?? randomBytes(32);
    this.metaRoot = path.resolve(opts.metaRoot ?? `${this.root}.meta`);
    mkdirSync(this.root, { recursive: true });
  }

  /** `cloud://<env>.<bucket>/<cloudPath>`: the form real CloudBase fileIDs take. */
  fileIdFor(cloudPath: string): string {
    return `cloud://${this.envId}.${LOCAL_BUCKET}/${normalizeCloudPath(cloudPath)}`;
  }

  /** The cloudPath inside a fileID of this environment, or null for anything else. */
  cloudPathOf(fileID: string): string | null {
    const prefix = `cloud://${this.envId}.${LOCAL_BUCKET}/`;
    if (typeof fileID !== 'string' || !fileID.startsWith(prefix)) return null;
    try {
      return normalizeCloudPath(fileID.slice(prefix.length));
    } catch {
      return null;
    }
  }

  /**
   * Stores bytes at cloudPath. `owner` is the client who uploaded them (the file's `openid` in storage
   * rules); server-side writes (functions, scripts) have none. Overwriting keeps the first creator, as
   * COS keeps an object's owner.
   */
  async put(cloudPath: string, bytes: Buffer, owner = ''): Promise<string> {
    const file = this.diskPath(cloudPath);
    await mkdir(path.dirname(file), { recursive: true });
    if (!(await this.exists(cloudPath))) await this.setOwner(cloudPath, owner);
    // Write then rename, so a reader never sees half a file.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.uploading`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
    return this.fileIdFor(cloudPath);
  }

  /** The openid of the client that created the file; '' for files written server-side or missing. */
  async ownerOf(cloudPath: string): Promise<string> {
    try {
      const meta = JSON.parse(await readFile(this.metaPath(cloudPath), 'utf8')) as { openid?: unknown };
      return typeof meta.openid === 'string' ? meta.openid : '';
    } catch {
      return '';
    }
  }

  private async setOwner(cloudPath: string, owner: string): Promise<void> {
    const file = this.metaPath(cloudPath);
    if (!owner) {
      await rm(file, { force: true });
      return;
    }
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ openid: owner }));
  }

  async read(cloudPath: string): Promise<StoredFile | null> {
    const file = this.diskPath(cloudPath);
    try {
      const bytes = await readFile(file);
      return { bytes, contentType: contentTypeFor(file) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async exists(cloudPath: string): Promise<boolean> {
    try {
      return (await stat(this.diskPath(cloudPath))).isFile();
    } catch {
      return false;
    }
  }

  async remove(cloudPath: string): Promise<boolean> {
    if (!(await this.exists(cloudPath))) return false;
    await rm(this.diskPath(cloudPath), { force: true });
    await rm(this.metaPath(cloudPath), { force: true });
    return true;
  }

  /**
   * Copies (or moves, with removeOriginal) one file to another path, keeping its creator: CloudBase
   * documents that a copy does not change the file's permissions.
   */
  async copy(src: string, dst: string, o: { overwrite: boolean; removeOriginal: boolean }): Promise<'ok' | 'missing' | 'exists'> {
    const from = await this.read(src);
    if (!from) return 'missing';
    if (!o.overwrite && (await this.exists(dst))) return 'exists';
    const owner = await this.ownerOf(src);
    const file = this.diskPath(dst);
    await mkdir(path.dirname(file), { recursive: true });
    await this.setOwner(dst, owner);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.uploading`;
    await writeFile(tmp, from.bytes);
    await rename(tmp, file);
    if (o.removeOriginal) await this.remove(src);
    return 'ok';
  }

  /** A temp URL served by the gateway's GET /files route, valid for maxAgeS seconds. */
  tempUrl(cloudPath: string, maxAgeS = DEFAULT_MAX_AGE_S): string {
    const p = normalizeCloudPath(cloudPath);
    const t = Math.floor(Date.now() / 1000) + Math.max(1, Math.floor(maxAgeS));
    // The path stays raw (as COS temp URLs are): the SDK's downloadFile runs encodeURI over it.
    return `${this.baseUrl()}/files/${p}?t=${t}&sign=${this.sign(`get:${p}:${t}`)}`;
  }

  /** Checks the `t` / `sign` query of a temp URL. */
  verifyTempUrl(cloudPath: string, t: string | null, sign: string | null): boolean {
    if (!t || !sign || !/^\d+$/.test(t)) return false;
    if (Number(t) < Math.floor(Date.now() / 1000)) return false;
    return this.safeEqual(sign, this.sign(`get:${cloudPath}:${t}`));
  }

  /** Authorisation for one PUT of one path, handed out by getUploadMetadata. */
  uploadAuthorization(cloudPath: string): string {
    return this.sign(`put:${normalizeCloudPath(cloudPath)}`);
  }

  verifyUploadAuthorization(cloudPath: string, authorization: string | undefined): boolean {
    return !!authorization && this.safeEqual(authorization, this.uploadAuthorization(cloudPath));
  }

  /** One CloudBase API request body whose action starts with `storage.`. */
  async handle(body: Record<string, unknown>): Promise<AdminReply> {
    switch (body.action) {
      case 'storage.getUploadMetadata':
        return this.getUploadMetadata(body);
      case 'storage.batchGetDownloadUrl':
        return this.batchGetDownloadUrl(body);
      case 'storage.batchDeleteFile':
        return this.batchDeleteFile(body);
      case 'storage.batchCopyFile':
        return this.batchCopyFile(body);
      default:
        return { code: 'INVALID_ACTION', message: `unsupported storage action ${String(body.action)}` };
    }
  }

  private getUploadMetadata(body: Record<string, unknown>): AdminReply {
    let cloudPath: string;
    try {
      cloudPath = normalizeCloudPath(body.path);
    } catch (err) {
      return { code: 'INVALID_PARAM', message: (err as Error).message };
    }
    const authorization = this.uploadAuthorization(cloudPath);
    return {
      data: {
        url: `${this.baseUrl()}/cos/put/${encodeCloudPath(cloudPath)}`,
        token: 'local-cos-token',
        authorization,
        fileId: this.fileIdFor(cloudPath),
        cosFileId: `local-cos-${randomBytes(8).toString('hex')}`,
        download_url: this.tempUrl(cloudPath),
      },
    };
  }

  private async batchGetDownloadUrl(body: Record<string, unknown>): Promise<AdminReply> {
    const list = body.file_list;
    if (!Array.isArray(list)) return { code: 'INVALID_PARAM', message: 'file_list must be an array' };
    const download_list = await Promise.all(
      list.map(async (item: { fileid?: unknown; max_age?: unknown }) => {
        const fileID = String(item?.fileid ?? '');
        const cloudPath = this.cloudPathOf(fileID);
        if (!cloudPath || !(await this.exists(cloudPath))) {
          return { code: 'STORAGE_FILE_NONEXIST', fileID, tempFileURL: '', message: 'storage file not exist' };
        }
        const maxAge = Number(item.max_age);
        const tempFileURL = this.tempUrl(cloudPath, Number.isFinite(maxAge) && maxAge > 0 ? maxAge : DEFAULT_MAX_AGE_S);
        return { code: 'SUCCESS', fileID, tempFileURL };
      }),
    );
    return { data: { download_list } };
  }

  private async batchDeleteFile(body: Record<string, unknown>): Promise<AdminReply> {
    const list = body.fileid_list;
    if (!Array.isArray(list)) return { code: 'INVALID_PARAM', message: 'fileid_list must be an array' };
    const delete_list = await Promise.all(
      list.map(async (fileID: unknown) => {
        const id = String(fileID ?? '');
        const cloudPath = this.cloudPathOf(id);
        const removed = cloudPath ? await this.remove(cloudPath) : false;
        return removed ? { code: 'SUCCESS', fileID: id } : { code: 'STORAGE_FILE_NONEXIST', fileID: id, message: 'storage file not exist' };
      }),
    );
    return { data: { delete_list } };
  }

  /**
   * What app.copyFile sends (@cloudbase/node-sdk 3.18.3 src/storage/index.ts): `file_list` of
   * `{ src_path, dst_path, overwrite, remove_original }` (cloud paths, same file name), at most 50;
   * replies `{ copy_list: [{ fileId } | { code, message }] }` in the same order. `overwrite` defaults
   * to true, as the HTTP API documents.
   */
  private async batchCopyFile(body: Record<string, unknown>): Promise<AdminReply> {
    const list = body.file_list;
    if (!Array.isArray(list) || list.length === 0) return { code: 'INVALID_PARAM', message: 'file_list must be a non-empty array' };
    if (list.length > 50) return { code: 'INVALID_PARAM', message: 'file_list holds at most 50 files' };
    const copy_list: Array<Record<string, string>> = [];
    // One after another: two entries may name the same file.
    for (const item of list as Array<Record<string, unknown>>) {
      let src: string;
      let dst: string;
      try {
        src = normalizeCloudPath(item?.src_path);
        dst = normalizeCloudPath(item?.dst_path);
      } catch (err) {
        copy_list.push({ code: 'INVALID_PARAM', message: (err as Error).message });
        continue;
      }
      if (src === dst || path.posix.basename(src) !== path.posix.basename(dst)) {
        copy_list.push({ code: 'INVALID_PARAM', message: 'src_path and dst_path must differ and keep the file name' });
        continue;
      }
      const outcome = await this.copy(src, dst, { overwrite: item.overwrite !== false, removeOriginal: item.remove_original === true });
      if (outcome === 'ok') copy_list.push({ fileId: this.fileIdFor(dst) });
      else if (outcome === 'missing') copy_list.push({ code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exist' });
      else copy_list.push({ code: 'STORAGE_FILE_EXIST', message: 'destination file exists and overwrite is false' });
    }
    return { data: { copy_list } };
  }

  private metaPath(cloudPath: string): string {
    const p = normalizeCloudPath(cloudPath);
    const file = path.resolve(this.metaRoot, ...p.split('/')) + '.json';
    if (!file.startsWith(this.metaRoot + path.sep)) throw new StorageError('INVALID_PARAM', 'path escapes storage');
    return file;
  }

  private diskPath(cloudPath: string): string {
    const p = normalizeCloudPath(cloudPath);
    const file = path.resolve(this.root, ...p.split('/'));
    // normalizeCloudPath already refuses `..`; this is the belt to its braces.
    if (!file.startsWith(this.root + path.sep)) throw new StorageError('INVALID_PARAM', 'path escapes storage');
    return file;
  }

  private sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('hex');
  }

  private safeEqual(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}

/**
 * Validates a cloudPath and returns it without leading slashes. Refused: empty, `.`/`..` segments,
 * backslashes, control characters, and `?#%` (they would make the raw-path temp URLs ambiguous),
 * and the `.uploading` suffix used for in-flight writes.
 */
export function normalizeCloudPath(input: unknown): string {
  if (typeof input !== 'string') throw new StorageError('INVALID_PARAM', 'cloudPath must be a string');
  const p = input.replace(/^\/+/, '');
  if (!p || p.length > 1024) throw new StorageError('INVALID_PARAM', 'cloudPath is empty or too long');
  // eslint-disable-next-line no-control-regex
  if (/[\\?#%\u0000-\u001f\u007f]/.test(p)) throw new StorageError('INVALID_PARAM', 'cloudPath has forbidden characters');
  const segments = p.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new StorageError('INVALID_PARAM', 'cloudPath has empty, . or .. segments');
  }
  if (p.endsWith('.uploading')) throw new StorageError('INVALID_PARAM', 'cloudPath has a reserved suffix');
  return p;
}

function encodeCloudPath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** Loads (or creates) a persistent HMAC key, so temp URLs survive an emulator restart on one data dir. */
export function loadSecret(file: string): Buffer {
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  }
  const secret = randomBytes(32);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, secret.toString('hex'), { mode: 0o600 });
  return secret;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.heic': 'image/heic',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}
