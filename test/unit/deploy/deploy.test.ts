// npm run deploy, without a cloud account: CloudBase's management SDK (@cloudbase/manager-node) runs
// for real, its HTTP requests (node-fetch, its HTTP seam) go to a fake of the Tencent Cloud API that
// keeps the environment's state and records every request. Shown: the plan for a fresh environment
// (dry run, with and without credentials: nothing is written), the requests a real deploy sends, a
// second run that changes nothing, and drift put right. Expectations are derived from the repository's
// own files, so adding a function, a collection or a route does not break this test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildFunctions } from '../../../scripts/build-functions';
import { codeHash } from '../../../scripts/deploy/desired/load';
import { deploy } from '../../../scripts/deploy/run';
import { FakeManagementApi } from '../../helpers/fake-management-api';

jest.setTimeout(180_000);

let mockPort = 0;
// Every Tencent Cloud API host goes to the fake: https://<service>.tencentcloudapi.com/ → http://127.0.0.1:<port>/<service>/
jest.mock('node-fetch', () => {
  const real = jest.requireActual('node-fetch');
  const fetch = (url: string, init: unknown) => real(String(url).replace(/^https:\/\/([a-z]+)\.tencentcloudapi\.com\/?/, (_m: string, service: string) => `http://127.0.0.1:${mockPort}/${service}/`), init);
  return Object.assign(fetch, real, { default: fetch });
});

const ROOT = path.join(__dirname, '..', '..', '..');
const ENV_ID = 'district-prod-7f3a';
const rc = JSON.parse(readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as { functions: Array<{ name: string; timeout: number; envVariables?: Record<string, string>; triggers?: Array<{ name: string; config: string }> }>; httpServices?: Array<{ path: string; function: string }> };
const collections = (JSON.parse(readFileSync(path.join(ROOT, 'database', 'collections.json'), 'utf8')) as { collections: Array<{ name: string; indexes: Array<{ name: string; keys: Array<{ name: string; direction: string }> }>; rules: unknown }> }).collections;
const functionRules = JSON.parse(readFileSync(path.join(ROOT, 'database', 'function-rules.json'), 'utf8'));
const storageRules = JSON.parse(readFileSync(path.join(ROOT, 'database', 'storage-rules.json'), 'utf8'));
const env = { ENV_ID, ADMIN_OPENIDS: 'o-admin-1', SUBSCRIBE_TEMPLATES: 'review=T1', TENCENTCLOUD_SECRETID: 'AKIDtest', TENCENTCLOUD_SECRETKEY: 'secret', TENCENTCLOUD_REGION: 'ap-shanghai' };
const EXPECTED_CHANGES = collections.length * 2 + collections.reduce((n, c) => n + c.indexes.length, 0) + rc.functions.length + rc.functions.reduce((n, f) => n + (f.triggers?.length ?? 0), 0) + 2 + (rc.httpServices?.length ?? 0);

let api: FakeManagementApi;
beforeAll(async () => {
  await buildFunctions();
  api = new FakeManagementApi(ENV_ID);
  await api.start();
  mockPort = api.port;
});
afterAll(() => api.close());

function run(dryRun: boolean, over: Record<string, string | undefined> = {}) {
  const lines: string[] = [];
  return deploy({ root: ROOT, env: { ...env, ...over }, dryRun, log: (l) => lines.push(l) }).then((r) => ({ ...r, out: lines.join('\n') }));
}

describe('a fresh environment', () => {
  it('dry run without credentials: the whole plan, and not one request', async () => {
    const r = await run(true, { TENCENTCLOUD_SECRETID: undefined, TENCENTCLOUD_SECRETKEY: undefined, ENV_ID: undefined });
    expect(api.requests).toEqual([]);
    expect(r.source).toBe('assumed-fresh');
    expect(r.plan.steps).toHaveLength(EXPECTED_CHANGES);
    for (const c of collections) expect(r.out).toContain(`+ create collection ${c.name}`);
    for (const f of rc.functions) expect(r.out).toContain(`+ create function ${f.name} (`);
    for (const route of rc.httpServices ?? []) expect(r.out).toContain(`+ create HTTP access route ${route.path} → function ${route.function}`);
    expect(r.out).toContain(`${EXPECTED_CHANGES} changes.`);
    // Every function in cloudfunctions/ is deployed: none is built and left out of cloudbaserc.json.
    expect(r.out).not.toContain('not listed in cloudbaserc.json');
  });

  it('dry run with credentials reads the environment and writes nothing', async () => {
    const r = await run(true);
    expect(r.source).toBe('read');
    expect(api.requests.length).toBeGreaterThan(0);
    expect(api.writes()).toEqual([]);
    expect(r.plan.steps).toHaveLength(EXPECTED_CHANGES);
  });
});

describe('deploying', () => {
  beforeAll(() => {
    api.requests.length = 0;
  });

  it('sends what the repository declares: collections, indexes, rules, functions, triggers, invoke and storage rules, routes', async () => {
    const r = await run(false);
    expect(r.applied).toBe(true);
    const w = api.writes();
    const of = (action: string) => w.filter((x) => x.action === action).map((x) => x.body);

    expect(of('CreateTable').map((b) => b.TableName).sort()).toEqual(collections.map((c) => c.name).sort());
    const indexes = of('UpdateTable').flatMap((b) => b.CreateIndexes.map((i: any) => `${b.TableName}.${i.IndexName}:${i.MgoKeySchema.MgoIndexKeys.map((k: any) => `${k.Name}/${k.Direction}`).join(',')}`));
    expect(indexes.sort()).toEqual(collections.flatMap((c) => c.indexes.map((i) => `${c.name}.${i.name}:${i.keys.map((k) => `${k.name}/${k.direction}`).join(',')}`)).sort());
    expect(of('ModifySafeRule').map((b) => [b.CollectionName, b.AclTag, JSON.parse(b.Rule)]).sort()).toEqual(collections.map((c) => [c.name, 'CUSTOM', c.rules]).sort());

    const created = new Map(of('CreateFunction').map((b) => [b.FunctionName, b]));
    expect([...created.keys()].sort()).toEqual(rc.functions.map((f) => f.name).sort());
    for (const f of rc.functions) {
      const b = created.get(f.name)!;
      expect([f.name, b.Timeout, b.Runtime, b.Handler, b.InstallDependency]).toEqual([f.name, f.timeout, 'Nodejs18.15', 'index.main', 'TRUE']);
      const vars = Object.fromEntries(b.Environment.Variables.map((v: any) => [v.Key, v.Value]));
      expect(vars.DEPLOY_CODE_SHA256).toBe(codeHash(path.join(ROOT, 'dist', 'functions', f.name)));
      for (const k of Object.keys(f.envVariables ?? {})) expect([f.name, k, k in vars]).toEqual([f.name, k, true]);
      expect(Buffer.from(b.Code.ZipFile, 'base64').subarray(0, 2).toString()).toBe('PK');
    }
    expect(Object.fromEntries(created.get('user')!.Environment.Variables.map((v: any) => [v.Key, v.Value]))).toMatchObject({ ADMIN_OPENIDS: 'o-admin-1' });

    const triggers = of('BatchCreateTrigger').flatMap((b) => (JSON.parse(b.Triggers) as any[]).map((t) => `${b.FunctionName}/${t.TriggerName}/${t.Type}/${t.TriggerDesc}`));
    expect(triggers.sort()).toEqual(rc.functions.flatMap((f) => (f.triggers ?? []).map((t) => `${f.name}/${t.name}/timer/${t.config}`)).sort());

    expect(of('ModifySecurityRule').map((b) => [b.ResourceType, b.AclTag, JSON.parse(b.Rule)])).toEqual([['FUNCTION', 'CUSTOM', functionRules]]);
    expect(of('ModifyStorageSafeRule').map((b) => [b.Bucket, b.AclTag, JSON.parse(b.Rule)])).toEqual([[`${ENV_ID}-1250000000`, 'CUSTOM', storageRules]]);
    expect(of('CreateCloudBaseGWAPI').map((b) => [b.Path, b.Name])).toEqual((rc.httpServices ?? []).map((h) => [h.path, h.function]));
    // Collections exist before their indexes and rules; functions before their triggers.
    const order = w.map((x) => `${x.action}:${x.body.TableName ?? x.body.CollectionName ?? x.body.FunctionName ?? ''}`);
    for (const c of collections) expect(order.indexOf(`CreateTable:${c.name}`)).toBeLessThan(order.indexOf(`ModifySafeRule:${c.name}`));
    for (const f of rc.functions.filter((f) => f.triggers?.length)) expect(order.indexOf(`CreateFunction:${f.name}`)).toBeLessThan(order.indexOf(`BatchCreateTrigger:${f.name}`));
  });

  it('a second run changes nothing and says so', async () => {
    api.requests.length = 0;
    const r = await run(false);
    expect(r.plan.steps).toEqual([]);
    expect(r.applied).toBe(false);
    expect(r.out).toContain('Everything is up to date: nothing to change.');
    expect(api.writes()).toEqual([]);
  });

  it('puts drift right, and only the drift: a timeout, a rule, a removed trigger, an index changed by hand', async () => {
    const fn = rc.functions.find((f) => f.triggers?.length)!;
    api.functions.get(fn.name)!.Timeout = 3;
    api.functions.get(fn.name)!.Triggers = [];
    api.tables.get(collections[0].name)!.rule = { AclTag: 'READONLY' };
    const indexed = collections.find((c) => c.indexes.length)!;
    api.tables.get(indexed.name)!.indexes.set(indexed.indexes[0].name, [{ Name: 'somethingElse', Direction: '1' }]);
    api.requests.length = 0;
    const r = await run(false);
    expect(r.plan.steps.map((s) => s.kind).sort()).toEqual(['createIndex', 'createTrigger', 'setCollectionRule', 'updateFunctionConfig']);
    expect(r.out).toContain(`~ update config of function ${fn.name}: timeout 3 → ${fn.timeout} s`);
    expect(r.out).toContain(`~ replace index ${indexed.name}.${indexed.indexes[0].name}`);
    expect(api.writes().map((x) => x.action).sort()).toEqual(['BatchCreateTrigger', 'ModifySafeRule', 'UpdateFunctionConfiguration', 'UpdateTable']);
    expect((await run(false)).plan.steps).toEqual([]);
  });

  it('refuses to deploy without credentials, and says how to see the plan', async () => {
    await expect(run(false, { TENCENTCLOUD_SECRETID: undefined })).rejects.toThrow(/TENCENTCLOUD_SECRETID[\s\S]*--dry-run/);
  });
});
