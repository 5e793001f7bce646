// A fake of the Tencent Cloud API that CloudBase's management SDK (@cloudbase/manager-node) calls
// for deploy: `POST https://<service>.tencentcloudapi.com/` with the action in `X-TC-Action` and a
// JSON body, answered `{ Response: { …, RequestId } }`. It keeps the environment's state (tables and
// indexes, security rules, functions and triggers, the HTTP access routes), answers reads from it,
// changes it on writes, and records every request, so tests see exactly what deploy would send.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  service: string;
  action: string;
  body: Record<string, any>;
}

interface FnState {
  Runtime: string;
  Handler: string;
  Timeout: number;
  Variables: Array<{ Key: string; Value: string }>;
  Triggers: Array<{ TriggerName: string; Type: string; TriggerDesc: string }>;
  ZipBytes: number;
}

export class FakeManagementApi {
  readonly requests: Recorded[] = [];
  readonly tables = new Map<string, { indexes: Map<string, Array<{ Name: string; Direction: string }>>; rule: { AclTag: string; Rule?: string } }>();
  readonly functions = new Map<string, FnState>();
  functionRule: string | null = null;
  storageRule: { AclTag: string; Rule?: string } = { AclTag: 'READONLY' };
  readonly routes: Array<{ Path: string; Name: string; Type: number }> = [];
  private server?: http.Server;
  port = 0;

  constructor(readonly envId: string) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const service = (req.url ?? '/').split('/')[1] ?? '';
        const action = String(req.headers['x-tc-action'] ?? '');
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>) : {};
        this.requests.push({ service, action, body });
        let reply: Record<string, unknown>;
        try {
          reply = this.handle(service, action, body);
        } catch (err) {
          const e = err as { code?: string; message: string };
          reply = { Error: { Code: e.code ?? 'InternalError', Message: e.message } };
        }
        const text = JSON.stringify({ Response: { ...reply, RequestId: randomUUID() } });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(text);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Requests that change something (everything but Describe/List/Get). */
  writes(): Recorded[] {
    return this.requests.filter((r) => !/^(Describe|List|Get|Check)/.test(r.action));
  }

  private handle(service: string, action: string, b: Record<string, any>): Record<string, unknown> {
    const fail = (code: string, message: string) => Object.assign(new Error(message), { code });
    if (b.EnvId !== undefined && b.EnvId !== this.envId) throw fail('ResourceNotFound', `env ${b.EnvId}`);
    switch (`${service}.${action}`) {
      case 'tcb.DescribeEnvInfo':
        return {
          EnvInfo: {
            EnvBaseInfo: {
              EnvId: this.envId,
              Alias: 'test',
              Status: 'NORMAL',
              Databases: [{ InstanceId: 'tnt-db-1' }],
              Storages: [{ Bucket: `${this.envId}-1250000000`, Region: 'ap-shanghai' }],
              Functions: [{ Namespace: this.envId }],
            },
          },
        };
      case 'tcb.ListTables': {
        const all = [...this.tables.keys()].sort();
        const page = all.slice(b.MgoOffset ?? 0, (b.MgoOffset ?? 0) + (b.MgoLimit ?? 100));
        return { Tables: page.map((TableName) => ({ TableName })), Pager: { Total: all.length } };
      }
      case 'tcb.DescribeTable': {
        const t = this.tables.get(b.TableName);
        if (!t) throw fail('ResourceNotFound', `table ${b.TableName}`);
        return { Indexes: [{ Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }] }, ...[...t.indexes].map(([Name, Keys]) => ({ Name, Keys }))] };
      }
      case 'tcb.CreateTable':
        if (this.tables.has(b.TableName)) throw fail('ResourceInUse', `table ${b.TableName}`);
        this.tables.set(b.TableName, { indexes: new Map(), rule: { AclTag: 'ADMINONLY' } });
        return {};
      case 'tcb.UpdateTable': {
        const t = this.tables.get(b.TableName);
        if (!t) throw fail('ResourceNotFound', `table ${b.TableName}`);
        for (const d of b.DropIndexes ?? []) t.indexes.delete(d.IndexName);
        for (const c of b.CreateIndexes ?? []) {
          if (t.indexes.has(c.IndexName)) throw fail('ResourceInUse', `index ${c.IndexName}`);
          t.indexes.set(c.IndexName, c.MgoKeySchema.MgoIndexKeys);
        }
        return {};
      }
      case 'tcb.DescribeSafeRule':
        return { ...(this.tables.get(b.CollectionName)?.rule ?? { AclTag: 'ADMINONLY' }) };
      case 'tcb.ModifySafeRule': {
        const t = this.tables.get(b.CollectionName);
        if (!t) throw fail('ResourceNotFound', `table ${b.CollectionName}`);
        t.rule = { AclTag: b.AclTag, Rule: b.Rule };
        return {};
      }
      case 'tcb.ListFunctions': {
        const all = [...this.functions.keys()].sort();
        return { Functions: all.slice(b.Offset ?? 0, (b.Offset ?? 0) + (b.Limit ?? 20)).map((FunctionName) => ({ FunctionName })), TotalCount: all.length };
      }
      case 'scf.GetFunction': {
        const f = this.functions.get(b.FunctionName);
        if (!f) throw fail('ResourceNotFound.Function', `function ${b.FunctionName}`);
        return { FunctionName: b.FunctionName, Status: 'Active', Runtime: f.Runtime, Handler: f.Handler, Timeout: f.Timeout, Environment: { Variables: f.Variables }, Triggers: f.Triggers };
      }
      case 'scf.CreateFunction':
        if (this.functions.has(b.FunctionName)) throw fail('ResourceInUse.FunctionName', `function ${b.FunctionName}`);
        this.functions.set(b.FunctionName, { Runtime: b.Runtime, Handler: b.Handler, Timeout: b.Timeout, Variables: b.Environment?.Variables ?? [], Triggers: [], ZipBytes: Buffer.from(b.Code?.ZipFile ?? '', 'base64').length });
        return {};
      case 'scf.UpdateFunctionCode': {
        const f = this.functions.get(b.FunctionName);
        if (!f) throw fail('ResourceNotFound.Function', `function ${b.FunctionName}`);
        f.ZipBytes = Buffer.from(b.ZipFile ?? b.Code?.ZipFile ?? '', 'base64').length;
        return {};
      }
      case 'scf.UpdateFunctionConfiguration': {
        const f = this.functions.get(b.FunctionName);
        if (!f) throw fail('ResourceNotFound.Function', `function ${b.FunctionName}`);
        if (b.Timeout !== undefined) f.Timeout = b.Timeout;
        if (b.Environment) f.Variables = b.Environment.Variables;
        return {};
      }
      case 'scf.BatchCreateTrigger': {
        const f = this.functions.get(b.FunctionName);
        if (!f) throw fail('ResourceNotFound.Function', `function ${b.FunctionName}`);
        for (const t of JSON.parse(b.Triggers) as Array<{ TriggerName: string; Type: string; TriggerDesc: string }>) {
          if (f.Triggers.some((x) => x.TriggerName === t.TriggerName)) throw fail('ResourceInUse.Trigger', t.TriggerName);
          // SCF reports a timer's cron back wrapped in JSON.
          f.Triggers.push({ TriggerName: t.TriggerName, Type: t.Type, TriggerDesc: JSON.stringify({ cron: t.TriggerDesc }) });
        }
        return {};
      }
      case 'scf.DeleteTrigger': {
        const f = this.functions.get(b.FunctionName);
        if (f) f.Triggers = f.Triggers.filter((t) => t.TriggerName !== b.TriggerName);
        return {};
      }
      case 'tcb.DescribeSecurityRule':
        return this.functionRule ? { AclTag: 'CUSTOM', Rule: this.functionRule } : { AclTag: 'CUSTOM', Rule: '{"*":{"invoke":"auth != null"}}' };
      case 'tcb.ModifySecurityRule':
        if (b.ResourceType !== 'FUNCTION') throw fail('InvalidParameter', 'ResourceType');
        this.functionRule = b.Rule;
        return {};
      case 'tcb.DescribeStorageSafeRule':
        if (b.Bucket !== `${this.envId}-1250000000`) throw fail('ResourceNotFound', `bucket ${b.Bucket}`);
        return { ...this.storageRule };
      case 'tcb.ModifyStorageSafeRule':
        if (b.Bucket !== `${this.envId}-1250000000`) throw fail('ResourceNotFound', `bucket ${b.Bucket}`);
        this.storageRule = { AclTag: b.AclTag, Rule: b.Rule };
        return {};
      case 'tcb.DescribeCloudBaseGWAPI':
        return { APISet: this.routes.map((r) => ({ ...r, ServiceId: this.envId })) };
      case 'tcb.CreateCloudBaseGWAPI':
        if (this.routes.some((r) => r.Path === b.Path)) throw fail('ResourceInUse', b.Path);
        this.routes.push({ Path: b.Path, Name: b.Name, Type: b.Type });
        return { APIId: randomUUID() };
      case 'tcb.DeleteCloudBaseGWAPI': {
        const i = this.routes.findIndex((r) => r.Path === b.Path);
        if (i >= 0) this.routes.splice(i, 1);
        return {};
      }
      default:
        throw fail('UnsupportedOperation', `${service}.${action} is not in the fake`);
    }
  }
}
