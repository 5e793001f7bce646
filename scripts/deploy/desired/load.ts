// The environment as the repository declares it: cloudbaserc.json (functions, timer triggers, HTTP
// routes), database/collections.json (collections, indexes, security rules), the function invoke
// rules and storage rules in database/, and the built functions in dist/functions/.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Desired, DesiredFunction, IndexDecl, Rule, Trigger } from '../types';

/** The env var that carries the deployed code's hash, so the next run can tell the code is current. */
export const CODE_HASH_VAR = 'DEPLOY_CODE_SHA256';

interface RcFunction {
  name: string;
  timeout?: number;
  runtime?: string;
  handler?: string;
  installDependency?: boolean;
  envVariables?: Record<string, string>;
  triggers?: Trigger[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** `{{env.X}}` → process env X; unset names are collected (and become ''). */
function resolveVars(value: string, env: NodeJS.ProcessEnv, unset: Set<string>): string {
  return value.replace(/\{\{\s*env\.([A-Za-z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') unset.add(name);
    return v ?? '';
  });
}

/** SHA-256 over what is deployed of a built function (the source map stays local). */
export function codeHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).filter((f) => !f.endsWith('.map')).sort()) {
    h.update(f).update('\0').update(readFileSync(path.join(dir, f))).update('\0');
  }
  return h.digest('hex');
}

export function loadDesired(root: string, env: NodeJS.ProcessEnv, functionsDir = path.join(root, 'dist', 'functions')): Desired {
  const unset = new Set<string>();
  const rc = readJson<{ envId?: string; functions?: RcFunction[]; httpServices?: Array<{ path: string; function: string }> }>(path.join(root, 'cloudbaserc.json'));
  const envId = resolveVars(rc.envId ?? '{{env.ENV_ID}}', env, unset);
  const collections = readJson<{ collections: Array<{ name: string; indexes?: IndexDecl[]; rules?: Rule }> }>(path.join(root, 'database', 'collections.json')).collections.map((c) => ({
    name: c.name,
    indexes: c.indexes ?? [],
    rule: c.rules ?? { read: false, write: false },
  }));
  const functions: DesiredFunction[] = (rc.functions ?? []).map((f) => {
    const dir = path.join(functionsDir, f.name);
    if (!existsSync(path.join(dir, 'index.js'))) throw new Error(`函数 ${f.name} 尚未构建：先运行 npm run build:functions（缺少 ${path.relative(root, dir)}/index.js）`);
    const hash = codeHash(dir);
    const vars = Object.fromEntries(Object.entries(f.envVariables ?? {}).map(([k, v]) => [k, resolveVars(String(v), env, unset)]));
    return {
      name: f.name,
      runtime: f.runtime ?? 'Nodejs18.15',
      handler: f.handler ?? 'index.main',
      timeout: f.timeout ?? 10,
      installDependency: f.installDependency ?? true,
      env: { ...vars, [CODE_HASH_VAR]: hash },
      triggers: (f.triggers ?? []).map((t) => ({ name: t.name, type: t.type, config: t.config })),
      dir,
      codeHash: hash,
    };
  });
  // ENV_ID itself is reported by the entry, not as a function variable.
  unset.delete('ENV_ID');
  return {
    envId,
    collections,
    functions,
    functionRules: readJson<Rule>(path.join(root, 'database', 'function-rules.json')),
    storageRule: readJson<Rule>(path.join(root, 'database', 'storage-rules.json')),
    routes: (rc.httpServices ?? []).map((r) => ({ path: r.path, function: r.function })),
    unsetVars: [...unset].sort(),
    unlisted: existsSync(functionsDir)
      ? readdirSync(functionsDir, { withFileTypes: true })
          .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !functions.some((f) => f.name === d.name))
          .map((d) => d.name)
          .sort()
      : [],
  };
}
