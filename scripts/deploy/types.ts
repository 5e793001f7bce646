// What deploy works with: the environment as the repository declares it (Desired), as CloudBase
// reports it (State), and the steps between them (Step). Plain data, so planning is a pure function.

import type { IndexDecl } from '../../database/collections';

export type { IndexDecl, IndexKey } from '../../database/collections';
export interface Trigger {
  name: string;
  type: string;
  config: string;
}
export type Rule = Record<string, unknown>;

export interface DesiredFunction {
  name: string;
  runtime: string;
  handler: string;
  timeout: number;
  installDependency: boolean;
  /** Including DEPLOY_CODE_SHA256, so an up-to-date function is recognised on the next run. */
  env: Record<string, string>;
  triggers: Trigger[];
  /** The built function folder (dist/functions/<name>). */
  dir: string;
  codeHash: string;
}

export interface Desired {
  envId: string;
  collections: Array<{ name: string; indexes: IndexDecl[]; rule: Rule }>;
  functions: DesiredFunction[];
  functionRules: Rule;
  storageRule: Rule;
  routes: Array<{ path: string; function: string }>;
  /** `{{env.X}}` placeholders in cloudbaserc.json with no value in the environment. */
  unsetVars: string[];
  /** Built functions cloudbaserc.json does not list: never deployed, so the operator is told. */
  unlisted: string[];
}

export interface FunctionState {
  runtime: string;
  timeout: number;
  env: Record<string, string>;
  triggers: Trigger[];
}

export interface State {
  collections: Map<string, { indexes: IndexDecl[]; rule: Rule | null }>;
  functions: Map<string, FunctionState>;
  functionRules: Rule | null;
  storageRule: Rule | null;
  routes: Array<{ path: string; function: string }>;
}

export type Step =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'createIndex'; collection: string; index: IndexDecl; replace: boolean }
  | { kind: 'setCollectionRule'; collection: string; rule: Rule }
  | { kind: 'createFunction'; fn: DesiredFunction }
  | { kind: 'updateFunctionCode'; fn: DesiredFunction }
  | { kind: 'updateFunctionConfig'; fn: DesiredFunction; changed: string[] }
  | { kind: 'createTrigger'; fn: string; trigger: Trigger; replace: boolean }
  | { kind: 'deleteTrigger'; fn: string; trigger: string }
  | { kind: 'setFunctionRules'; rule: Rule }
  | { kind: 'setStorageRule'; rule: Rule }
  | { kind: 'createRoute'; path: string; function: string; replace: boolean };

/** Whether the environment had to be assumed fresh (no credentials in a dry run) or was read. */
export type StateSource = 'read' | 'assumed-fresh';
