// `npm run serve`: the whole product on one machine. PORT (8787), DATA_DIR (.data/), ADMIN_OPENIDS
// (demo-admin), HOST (127.0.0.1), EMULATOR_LOG=0 to silence function output, EMULATOR_STRICT=0 to
// let the database answer what CloudBase's rules forbid (see emulator/db/README.md), and
// EMULATOR_MAX_INSTANCES to bound function instances (default: a few per CPU), and
// EMULATOR_INSTANCES_PER_FUNCTION for the warm instances of one function (default: one per two CPUs).
import { existsSync } from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { CLOUDBASERC, readTimerTriggers, startTimers } from './functions/timers';
import { REPO_ROOT, sdkConfig, startEmulator, type Emulator } from './index';
import { DEMO_ACCOUNTS as SEEDED_ACCOUNTS, seedDemo } from './seed';

// The SDK in this process (the seed) must not probe Tencent Cloud's metadata service.
process.env.TENCENTCLOUD = 'true';


async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const dataDir = path.resolve(process.env.DATA_DIR || '.data');
  const adminOpenids = process.env.ADMIN_OPENIDS ?? 'demo-admin';
  const functionsDir = path.join(REPO_ROOT, 'dist', 'functions');
  const h5Dir = path.join(REPO_ROOT, 'dist', 'h5');

  const missing = [
    existsSync(functionsDir) ? null : 'dist/functions (the cloud functions)',
    existsSync(path.join(h5Dir, 'index.html')) ? null : 'dist/h5 (the H5 app)',
  ].filter(Boolean);
  if (missing.length) {
    console.warn(`\n⚠  Missing ${missing.join(' and ')}: run \`npm run build\` first (or \`npm start\`, which builds and serves).\n`);
  }

  const emulator = await startEmulator({
    port,
    host: process.env.HOST || '127.0.0.1',
    dataDir,
    functionsDir,
    h5Dir,
    functionEnv: { ADMIN_OPENIDS: adminOpenids },
    log: process.env.EMULATOR_LOG !== '0',
    // Strict by default, like the tests: what fails here would misbehave in the cloud.
    strict: process.env.EMULATOR_STRICT !== '0',
  });
  installShutdown(emulator);

  await seed(emulator);
  // Timer triggers from cloudbaserc.json (pointsjobs …), on their cron, as CloudBase runs them.
  const triggers = readTimerTriggers(CLOUDBASERC);
  startTimers(emulator.functions, triggers, process.env.EMULATOR_LOG !== '0');

  console.log(`
友好街区 — local CloudBase emulator (env ${emulator.envId})
  App (H5):       ${emulator.url}/
  Health:         ${emulator.url}/healthz
  CloudBase API:  ${emulator.adminUrl}   (tcb.init({ env: '${emulator.envId}', secretId: 'x', secretKey: 'y', serviceUrl }))
  Functions:      POST ${emulator.url}/api/functions/<name>   header x-wx-openid: <openid>
  Data:           ${dataDir}
  Instances:      up to ${emulator.functions.maxInstances} function instances in all (EMULATOR_MAX_INSTANCES), ${emulator.functions.instancesPerFunction} warm per function (EMULATOR_INSTANCES_PER_FUNCTION); database strict mode ${process.env.EMULATOR_STRICT === '0' ? 'off' : 'on'} (EMULATOR_STRICT)
  Admins:         ${adminOpenids}
  Timers:         ${triggers.map((t) => `${t.functionName} (${t.config})`).join(', ') || 'none'}

Demo accounts (choose one on the H5 login page):
${SEEDED_ACCOUNTS.map((a) => `  ${a.openid.padEnd(20)} ${a.label}`).join('\n')}

Ctrl+C to stop.
`);
}

/**
 * Seeds the demo data on every start. The seed inserts only what is missing, so a restart keeps
 * the demo's changes and picks up data that newer versions add to the seed.
 */
async function seed(emulator: Emulator): Promise<void> {
  const started = Date.now();
  const { created } = await seedDemo(tcb.init(sdkConfig(emulator)));
  if (created > 0) console.log(`Seeded demo data: ${created} documents in ${Date.now() - started} ms.`);
}

function installShutdown(emulator: Emulator): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.log('Forced exit.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    emulator.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') console.error(`Port ${process.env.PORT ?? 8787} is in use: set PORT to another port.`);
  else console.error(e);
  process.exit(1);
});
