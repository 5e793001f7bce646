// An acknowledged write survives kill -9: a child writes to a SQLite-backed database, printing
// after each acknowledged write; we SIGKILL it mid-stream and reopen the file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EJSON } from 'bson';
import { openDatabase } from '../../emulator/db';

test('every acknowledged write is there after SIGKILL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-durable-'));
  try {
    const file = join(dir, 'db.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'db-writer.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lastAck = -1;
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited early: ${code}`))));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const m = /^ack (\d+)$/.exec(line);
          if (m) lastAck = Number(m[1]);
        }
        // Kill right after an acknowledgement, while the next writes are in flight.
        if (lastAck >= 60 && !child.killed) child.kill('SIGKILL');
      });
    });
    expect(lastAck).toBeGreaterThanOrEqual(60);
    const db = openDatabase({ file });
    const r = await db.handle({ action: 'database.getDocument', collectionName: 'log', queryType: 'WHERE', limit: 1000 });
    const docs = (r.data as { list: string[] }).list.map((s) => EJSON.parse(s) as Record<string, any>);
    const ids = new Set(docs.map((d) => d._id));
    for (let i = 0; i <= lastAck; i++) expect(ids.has(`w${i}`)).toBe(true);
    expect(docs.find((d) => d._id === 'w0')?.last).toBeGreaterThanOrEqual(lastAck);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
