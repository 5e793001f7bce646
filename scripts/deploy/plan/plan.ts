// The steps from what CloudBase has to what the repository declares. Pure: the same inputs give the
// same plan, an up-to-date environment gives none. Deploy only adds and corrects what the repository
// declares; collections, indexes, functions and routes it does not declare are left alone (reported).
import type { Desired, IndexDecl, Rule, State, Step, Trigger } from '../types';

export function emptyState(): State {
  return { collections: new Map(), functions: new Map(), functionRules: null, storageRule: null, routes: [] };
}

/** Order-insensitive comparison of JSON values (rules come back from CloudBase re-serialised). */
export function sameJson(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(norm) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

const sameKeys = (a: IndexDecl, b: IndexDecl) => a.keys.length === b.keys.length && a.keys.every((k, i) => k.name === b.keys[i].name && String(k.direction) === String(b.keys[i].direction));
const sameTrigger = (a: Trigger, b: Trigger) => a.type === b.type && a.config.trim() === b.config.trim();

export interface Plan {
  steps: Step[];
  /** What exists in the cloud but not in the repository: left as it is, listed for the operator. */
  untouched: string[];
}

export function plan(desired: Desired, state: State): Plan {
  const steps: Step[] = [];
  const untouched: string[] = [];

  for (const c of desired.collections) {
    const have = state.collections.get(c.name);
    if (!have) steps.push({ kind: 'createCollection', collection: c.name });
    for (const index of c.indexes) {
      const existing = have?.indexes.find((i) => i.name === index.name);
      if (!existing) steps.push({ kind: 'createIndex', collection: c.name, index, replace: false });
      else if (!sameKeys(existing, index)) steps.push({ kind: 'createIndex', collection: c.name, index, replace: true });
    }
    for (const extra of have?.indexes ?? []) {
      if (extra.name !== '_id_' && !c.indexes.some((i) => i.name === extra.name)) untouched.push(`index ${c.name}.${extra.name} (not declared in database/collections.json)`);
    }
    if (!have || !have.rule || !sameJson(have.rule, c.rule)) steps.push({ kind: 'setCollectionRule', collection: c.name, rule: c.rule });
  }
  for (const name of state.collections.keys()) {
    if (!desired.collections.some((c) => c.name === name)) untouched.push(`collection ${name} (not declared)`);
  }

  for (const fn of desired.functions) {
    const have = state.functions.get(fn.name);
    if (!have) {
      steps.push({ kind: 'createFunction', fn });
      for (const trigger of fn.triggers) steps.push({ kind: 'createTrigger', fn: fn.name, trigger, replace: false });
      continue;
    }
    if (have.env.DEPLOY_CODE_SHA256 !== fn.codeHash) steps.push({ kind: 'updateFunctionCode', fn });
    const changed: string[] = [];
    if (have.timeout !== fn.timeout) changed.push(`timeout ${have.timeout} → ${fn.timeout} s`);
    if (!sameJson(have.env, fn.env)) {
      const keys = [...new Set([...Object.keys(have.env), ...Object.keys(fn.env)])].filter((k) => have.env[k] !== fn.env[k]).sort();
      changed.push(`env ${keys.join(', ')}`);
    }
    if (changed.length) steps.push({ kind: 'updateFunctionConfig', fn, changed });
    if (have.runtime !== fn.runtime) untouched.push(`function ${fn.name} runs ${have.runtime}, cloudbaserc.json says ${fn.runtime} (a runtime cannot change in place: delete the function in the console and deploy again)`);
    for (const trigger of fn.triggers) {
      const existing = have.triggers.find((t) => t.name === trigger.name);
      if (!existing) steps.push({ kind: 'createTrigger', fn: fn.name, trigger, replace: false });
      else if (!sameTrigger(existing, trigger)) steps.push({ kind: 'createTrigger', fn: fn.name, trigger, replace: true });
    }
    // A trigger the repository no longer declares would keep firing: removed.
    for (const t of have.triggers) if (!fn.triggers.some((d) => d.name === t.name)) steps.push({ kind: 'deleteTrigger', fn: fn.name, trigger: t.name });
  }
  for (const name of state.functions.keys()) {
    if (!desired.functions.some((f) => f.name === name)) untouched.push(`function ${name} (not in cloudbaserc.json)`);
  }

  if (!state.functionRules || !sameJson(state.functionRules, desired.functionRules)) steps.push({ kind: 'setFunctionRules', rule: desired.functionRules });
  if (!state.storageRule || !sameJson(state.storageRule, desired.storageRule)) steps.push({ kind: 'setStorageRule', rule: desired.storageRule });

  for (const route of desired.routes) {
    const existing = state.routes.find((r) => r.path === route.path);
    if (!existing) steps.push({ kind: 'createRoute', path: route.path, function: route.function, replace: false });
    else if (existing.function !== route.function) steps.push({ kind: 'createRoute', path: route.path, function: route.function, replace: true });
  }
  for (const r of state.routes) if (!desired.routes.some((d) => d.path === r.path)) untouched.push(`HTTP route ${r.path} → ${r.function} (not in cloudbaserc.json httpServices)`);

  return { steps, untouched };
}

const rule = (r: Rule) => JSON.stringify(r);
const keys = (i: IndexDecl) => i.keys.map((k) => `${k.name} ${k.direction}`).join(', ');

/** One line per step, as printed in the plan and the log of a run. */
export function describe(step: Step): string {
  switch (step.kind) {
    case 'createCollection':
      return `+ create collection ${step.collection}`;
    case 'createIndex':
      return `${step.replace ? '~ replace' : '+ create'} index ${step.collection}.${step.index.name} (${keys(step.index)})`;
    case 'setCollectionRule':
      return `~ set security rule of ${step.collection}: ${rule(step.rule)}`;
    case 'createFunction': {
      const vars = Object.entries(step.fn.env).map(([k, v]) => `${k}=${k === 'DEPLOY_CODE_SHA256' ? v.slice(0, 12) : v || '(empty)'}`);
      return `+ create function ${step.fn.name} (${step.fn.runtime}, ${step.fn.handler}, timeout ${step.fn.timeout} s, dependencies installed in the cloud: ${step.fn.installDependency ? 'yes' : 'no'}; env ${vars.join(' ')})`;
    }
    case 'updateFunctionCode':
      return `~ update code of function ${step.fn.name} (sha256 ${step.fn.codeHash.slice(0, 12)})`;
    case 'updateFunctionConfig':
      return `~ update config of function ${step.fn.name}: ${step.changed.join('; ')}`;
    case 'createTrigger':
      return `${step.replace ? '~ replace' : '+ create'} ${step.trigger.type} trigger ${step.fn}/${step.trigger.name} (${step.trigger.config})`;
    case 'deleteTrigger':
      return `- delete trigger ${step.fn}/${step.trigger} (not in cloudbaserc.json)`;
    case 'setFunctionRules':
      return `~ set function invoke rules: ${rule(step.rule)}`;
    case 'setStorageRule':
      return `~ set storage rule: ${rule(step.rule)}`;
    case 'createRoute':
      return `${step.replace ? '~ re-point' : '+ create'} HTTP access route ${step.path} → function ${step.function}`;
  }
}

const SECTION: Record<Step['kind'], string> = {
  createCollection: 'Database',
  createIndex: 'Database',
  setCollectionRule: 'Database',
  createFunction: 'Functions',
  updateFunctionCode: 'Functions',
  updateFunctionConfig: 'Functions',
  createTrigger: 'Functions',
  deleteTrigger: 'Functions',
  setFunctionRules: 'Function invoke rules',
  setStorageRule: 'Storage rules',
  createRoute: 'HTTP access service',
};

/** The whole plan as text. */
export function format(p: Plan): string {
  const lines: string[] = [];
  let section = '';
  for (const step of p.steps) {
    if (SECTION[step.kind] !== section) {
      section = SECTION[step.kind];
      lines.push(section);
    }
    lines.push(`  ${describe(step)}`);
  }
  if (p.untouched.length) {
    lines.push('Left as it is');
    for (const u of p.untouched) lines.push(`  = ${u}`);
  }
  lines.push(p.steps.length ? `${p.steps.length} change${p.steps.length === 1 ? '' : 's'}.` : 'Everything is up to date: nothing to change.');
  return lines.join('\n');
}
