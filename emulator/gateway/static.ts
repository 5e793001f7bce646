// Static files of the H5 build, with an SPA fallback to index.html for paths that name no file.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeFor } from '../storage';

export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method Not Allowed');
    return;
  }
  const base = path.resolve(root);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Request');
    return;
  }
  // Refuse rather than normalise: a path with `..` or NUL is never a link the app produced.
  if (rel.includes('\0') || rel.split(/[\\/]/).includes('..')) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Request');
    return;
  }
  let file = path.resolve(base, '.' + path.posix.normalize('/' + rel));
  if (file !== base && !file.startsWith(base + path.sep)) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Request');
    return;
  }

  let info = await statOrNull(file);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await statOrNull(file);
  }
  if (!info?.isFile()) {
    // Client-side routes (Taro's browser router) have no extension: answer them with the app.
    // A missing asset (`.js`, `.png` …) stays a 404, so a broken build is not hidden behind HTML.
    if (path.extname(rel) === '' || rel.endsWith('.html')) {
      file = path.join(base, 'index.html');
      info = await statOrNull(file);
    }
    if (!info?.isFile()) {
      const hint = (await statOrNull(base)) ? 'Not Found' : 'The H5 build is missing: run `npm run build` first.';
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(hint);
      return;
    }
  }

  const isHtml = file.endsWith('.html');
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': info.size,
    // index.html must be revalidated so a rebuild shows up; hashed assets may be cached.
    'Cache-Control': isHtml ? 'no-cache' : 'public, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

async function statOrNull(file: string) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}
