// `npm run deploy [-- --dry-run]`, as a function the tests call: load what the repository declares,
// read what the environment has (or, in a dry run without credentials, assume a fresh one), plan,
// print, and apply unless it is a dry run.
import { applyPlan, type StepRunner } from './apply/apply';
import { CloudClient, credentialsFromEnv } from './cloud/client';
import { loadDesired } from './desired/load';
import { emptyState, format, plan, type Plan } from './plan/plan';
import type { State, StateSource } from './types';

export interface DeployOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  dryRun: boolean;
  functionsDir?: string;
  log?: (line: string) => void;
}

export interface DeployResult {
  plan: Plan;
  source: StateSource;
  applied: boolean;
}

interface Cloud extends StepRunner {
  readState(): Promise<State>;
}

export async function deploy(o: DeployOptions, makeClient: (envId: string, creds: NonNullable<ReturnType<typeof credentialsFromEnv>>) => Cloud = (envId, creds) => new CloudClient(envId, creds)): Promise<DeployResult> {
  const log = o.log ?? ((l: string) => console.log(l));
  const desired = loadDesired(o.root, o.env, o.functionsDir);
  const envId = desired.envId || (o.dryRun ? '(ENV_ID not set)' : '');
  if (!envId) throw new Error('请设置 ENV_ID（云开发环境 ID），例如 ENV_ID=prod-1a2b3c npm run deploy');
  const creds = credentialsFromEnv(o.env);
  if (!creds && !o.dryRun) throw new Error('缺少腾讯云 API 密钥：请设置 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY（临时密钥另加 TENCENTCLOUD_SESSIONTOKEN）。不带密钥可运行 npm run deploy -- --dry-run 查看完整计划。');

  const client = creds && desired.envId ? makeClient(desired.envId, creds) : null;
  const source: StateSource = client ? 'read' : 'assumed-fresh';
  const state = client ? await client.readState() : emptyState();
  const p = plan(desired, state);

  log(`${o.dryRun ? 'Plan (dry run: nothing is changed)' : 'Deploying'} for CloudBase environment ${envId}`);
  log(source === 'read' ? 'Current state read from the environment.' : 'No credentials: planned as for a fresh environment (nothing was read).');
  if (desired.unsetVars.length) log(`Warning: not set in the environment, deployed empty: ${desired.unsetVars.join(', ')}`);
  if (desired.unlisted.length) log(`Warning: built but not listed in cloudbaserc.json, so not deployed: ${desired.unlisted.join(', ')}`);
  log(format(p));
  if (o.dryRun || !client || p.steps.length === 0) return { plan: p, source, applied: false };
  log('Applying:');
  await applyPlan(p, client, log);
  return { plan: p, source, applied: true };
}
