// The only file that talks to CloudBase's management API, through CloudBase's own management SDK
// (@cloudbase/manager-node, what @cloudbase/cli is built on). It reads the environment's state and
// carries out one plan step at a time. Credentials come from TENCENTCLOUD_SECRETID /
// TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary keys).
import CloudBase from '@cloudbase/manager-node';
import path from 'node:path';
import type { DesiredFunction, IndexDecl, Rule, State, Step, Trigger } from '../types';

type Manager = InstanceType<typeof CloudBase>;
type Call = (action: string, param: Record<string, unknown>) => Promise<Record<string, any>>;

export interface Credentials {
  secretId: string;
  secretKey: string;
  token?: string;
  region?: string;
}

export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials | null {
  const secretId = env.TENCENTCLOUD_SECRETID;
  const secretKey = env.TENCENTCLOUD_SECRETKEY;
  if (!secretId || !secretKey) return null;
  return { secretId, secretKey, token: env.TENCENTCLOUD_SESSIONTOKEN || undefined, region: env.TCB_REGION || env.TENCENTCLOUD_REGION || undefined };
}

const parseRule = (s: unknown): Rule | null => {
  if (typeof s !== 'string' || !s) return null;
  try {
    return JSON.parse(s) as Rule;
  } catch {
    return null;
  }
};

export class CloudClient {
  private readonly manager: Manager;
  private readonly tcb: Call;
  private readonly scf: Call;
  private env?: { databaseInstance: string; bucket: string; namespace: string };

  constructor(private readonly envId: string, creds: Credentials) {
    this.manager = new CloudBase({ secretId: creds.secretId, secretKey: creds.secretKey, token: creds.token, envId, region: creds.region });
    const common = (service: string, version: string): Call => (Action, Param) => this.manager.commonService(service, version).call({ Action, Param }) as Promise<Record<string, any>>;
    this.tcb = common('tcb', '2018-06-08');
    this.scf = common('scf', '2018-04-16');
  }

  /** The environment's database instance, storage bucket and function namespace. */
  private async envInfo(): Promise<{ databaseInstance: string; bucket: string; namespace: string }> {
    if (!this.env) {
      const res = await this.tcb('DescribeEnvInfo', { EnvId: this.envId });
      const base = res.EnvInfo?.EnvBaseInfo ?? {};
      this.env = { databaseInstance: base.Databases?.[0]?.InstanceId ?? '', bucket: base.Storages?.[0]?.Bucket ?? '', namespace: base.Functions?.[0]?.Namespace ?? this.envId };
    }
    return this.env;
  }

  private async mongo(): Promise<Record<string, string>> {
    return { DatabaseName: (await this.envInfo()).databaseInstance, InstanceId: 'flexdb' };
  }

  async readState(): Promise<State> {
    const state: State = { collections: new Map(), functions: new Map(), functionRules: null, storageRule: null, routes: [] };
    const MongoConnector = await this.mongo();
    for (let offset = 0; ; offset += 100) {
      const res = await this.tcb('ListTables', { EnvId: this.envId, MongoConnector, MgoLimit: 100, MgoOffset: offset });
      const tables = (res.Tables ?? []) as Array<{ TableName: string }>;
      for (const t of tables) {
        const desc = await this.tcb('DescribeTable', { EnvId: this.envId, MongoConnector, TableName: t.TableName });
        const indexes: IndexDecl[] = ((desc.Indexes ?? []) as Array<{ Name: string; Keys?: Array<{ Name: string; Direction: string }> }>).map((i) => ({ name: i.Name, keys: (i.Keys ?? []).map((k) => ({ name: k.Name, direction: String(k.Direction) })) }));
        const rule = await this.tcb('DescribeSafeRule', { EnvId: this.envId, CollectionName: t.TableName });
        state.collections.set(t.TableName, { indexes, rule: rule.AclTag === 'CUSTOM' ? parseRule(rule.Rule) : null });
      }
      if (tables.length < 100) break;
    }
    const { namespace, bucket } = await this.envInfo();
    for (let offset = 0; ; offset += 100) {
      const res = await this.tcb('ListFunctions', { EnvId: this.envId, Limit: 100, Offset: offset });
      const fns = (res.Functions ?? []) as Array<{ FunctionName: string }>;
      for (const f of fns) {
        const d = await this.scf('GetFunction', { FunctionName: f.FunctionName, Namespace: namespace });
        state.functions.set(f.FunctionName, {
          runtime: d.Runtime ?? '',
          timeout: Number(d.Timeout),
          env: Object.fromEntries(((d.Environment?.Variables ?? []) as Array<{ Key: string; Value: string }>).map((v) => [v.Key, v.Value])),
          triggers: ((d.Triggers ?? []) as Array<{ TriggerName: string; Type: string; TriggerDesc: string }>).map((t) => ({ name: t.TriggerName, type: t.Type, config: timerConfig(t.TriggerDesc) })),
        });
      }
      if (fns.length < 100) break;
    }
    const fnRule = await this.tcb('DescribeSecurityRule', { EnvId: this.envId, ResourceType: 'FUNCTION' });
    state.functionRules = parseRule(fnRule.Rule);
    const storage = await this.tcb('DescribeStorageSafeRule', { EnvId: this.envId, Bucket: bucket });
    state.storageRule = storage.AclTag === 'CUSTOM' ? parseRule(storage.Rule) : null;
    const routes = await this.tcb('DescribeCloudBaseGWAPI', { ServiceId: this.envId });
    state.routes = ((routes.APISet ?? []) as Array<{ Path: string; Name: string }>).map((a) => ({ path: a.Path, function: a.Name }));
    return state;
  }

  async apply(step: Step): Promise<void> {
    const MongoConnector = step.kind === 'createCollection' || step.kind === 'createIndex' ? await this.mongo() : undefined;
    switch (step.kind) {
      case 'createCollection':
        await this.tcb('CreateTable', { EnvId: this.envId, MongoConnector, TableName: step.collection });
        return;
      case 'createIndex': {
        const create = { IndexName: step.index.name, MgoKeySchema: { MgoIndexKeys: step.index.keys.map((k) => ({ Name: k.name, Direction: String(k.direction) })), MgoIsUnique: false } };
        await this.tcb('UpdateTable', { EnvId: this.envId, MongoConnector, TableName: step.collection, ...(step.replace ? { DropIndexes: [{ IndexName: step.index.name }] } : {}), CreateIndexes: [create] });
        return;
      }
      case 'setCollectionRule':
        await this.tcb('ModifySafeRule', { EnvId: this.envId, CollectionName: step.collection, AclTag: 'CUSTOM', Rule: JSON.stringify(step.rule) });
        return;
      case 'createFunction':
        await this.manager.functions.createFunction({ func: funcConfig(step.fn), functionRootPath: path.dirname(step.fn.dir), force: false, deployMode: 'zip' } as never);
        return;
      case 'updateFunctionCode':
        await this.manager.functions.updateFunctionCode({ func: funcConfig(step.fn), functionRootPath: path.dirname(step.fn.dir), deployMode: 'zip' } as never);
        return;
      case 'updateFunctionConfig': {
        const { namespace } = await this.envInfo();
        await this.scf('UpdateFunctionConfiguration', {
          FunctionName: step.fn.name,
          Namespace: namespace,
          Timeout: step.fn.timeout,
          Environment: { Variables: Object.entries(step.fn.env).map(([Key, Value]) => ({ Key, Value })) },
        });
        return;
      }
      case 'createTrigger':
        if (step.replace) await this.manager.functions.deleteFunctionTrigger(step.fn, step.trigger.name);
        await this.manager.functions.createFunctionTriggers(step.fn, [step.trigger] as never);
        return;
      case 'deleteTrigger':
        await this.manager.functions.deleteFunctionTrigger(step.fn, step.trigger);
        return;
      case 'setFunctionRules':
        await this.tcb('ModifySecurityRule', { EnvId: this.envId, ResourceType: 'FUNCTION', AclTag: 'CUSTOM', Rule: JSON.stringify(step.rule) });
        return;
      case 'setStorageRule': {
        const { bucket } = await this.envInfo();
        await this.tcb('ModifyStorageSafeRule', { EnvId: this.envId, Bucket: bucket, AclTag: 'CUSTOM', Rule: JSON.stringify(step.rule) });
        return;
      }
      case 'createRoute':
        if (step.replace) await this.tcb('DeleteCloudBaseGWAPI', { ServiceId: this.envId, Path: step.path, Type: 1 });
        await this.manager.access.createAccess({ name: step.function, path: step.path });
        return;
    }
  }
}

/** A function as manager-node's createFunction / updateFunctionCode take it (the source map stays local). */
function funcConfig(fn: DesiredFunction) {
  return {
    name: fn.name,
    runtime: fn.runtime,
    handler: fn.handler,
    timeout: fn.timeout,
    installDependency: fn.installDependency,
    envVariables: fn.env,
    ignore: ['*.map'],
  };
}

/** SCF reports a timer trigger's cron in TriggerDesc as `{"cron":"…"}`; cloudbaserc.json holds the bare cron. */
function timerConfig(desc: string): Trigger['config'] {
  try {
    const parsed = JSON.parse(desc) as { cron?: string };
    return parsed.cron ?? desc;
  } catch {
    return desc;
  }
}
