// The weapp render tests run in jsdom (miniprogram-simulate needs a DOM), where the emulator's Node APIs
// (fetch, worker threads, SQLite) are not at home; so the emulator runs in this child process and the
// test forwards each `wx.cloud.callFunction` to its gateway. Prints one JSON line `{ url }` when ready.
import { seedDemo } from '../../emulator/seed';
import { startTestEmulator } from '../helpers/emulator';

process.env.TENCENTCLOUD = 'true';

async function main(): Promise<void> {
  // demo-admin is the district admin, as in `npm run serve`.
  const emu = await startTestEmulator({ functionEnv: { ADMIN_OPENIDS: 'demo-admin' } });
  await seedDemo(emu.app);
  process.stdout.write(`${JSON.stringify({ url: emu.url })}\n`);
  const stop = () => {
    void emu.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The test runner going away (stdin closed) stops the emulator too: nothing is left running.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
