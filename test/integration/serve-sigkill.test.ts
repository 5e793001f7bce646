// Durability of the whole product process: `npm run serve` (the CLI) under a burst of writes is
// killed with SIGKILL; after a restart on the same DATA_DIR every acknowledged write is there.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** The same process `npm run serve` runs (node with tsx's loader, no wrapper process to outlive). */
function serve(port: number, dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, EMULATOR_LOG: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`serve exited early: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`serve did not become healthy: ${stderr}`);
}

const call = async (url: string, openid: string, action: string, payload: unknown) => {
  const res = await fetch(`${url}/api/functions/user`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: JSON.stringify({ action, payload }) });
  return (await res.json()) as { ok: boolean; data?: any };
};

test('no acknowledged write is lost when the serving process is killed under load', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yh-sigkill-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child = serve(port, dataDir);
  try {
    await waitHealthy(url, child);
    const acknowledged: string[] = [];
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const openid = `load-${w}-${i}`;
        try {
          const login = await call(url, openid, 'login', {});
          if (!login.ok) continue;
          const saved = await call(url, openid, 'updateProfile', { name: `骑手${w}-${i}` });
          if (saved.ok) acknowledged.push(openid);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 16 }, (_, w) => worker(w));
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 10));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    await exited;
    const acked = [...acknowledged];
    expect(acked.length).toBeGreaterThanOrEqual(150);

    child = serve(port, dataDir);
    await waitHealthy(url, child);
    const missing: string[] = [];
    for (const openid of acked) {
      const me = await call(url, openid, 'me', {});
      const [w, i] = openid.split('-').slice(1);
      if (!me.ok || me.data.profile.name !== `骑手${w}-${i}`) missing.push(openid);
    }
    expect(missing).toEqual([]);
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
