// The security rules kept in the repository (database/function-rules.json, database/storage-rules.json),
// enforced here for client requests exactly as deploy applies them in CloudBase. Server-side calls
// (functions through the SDK, timers, message push) are never subject to them — as in the cloud.
// Sources and differences: README.md beside this file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileRule, RuleSyntaxError, type RuleContext } from './expression';

export { compileRule, RuleSyntaxError } from './expression';

/** Who a client request is from, as the rules see it (`auth`); null when not signed in. */
export type RuleAuth = { openid: string; uid: string; loginType: string } | null;

export function authFor(openid: string | null | undefined): RuleAuth {
  // A mini-program user (WeChat login); the H5 gateway stands in for it.
  return openid ? { openid, uid: '', loginType: 'WECHAT' } : null;
}

// ---- function invoke rules -------------------------------------------------------------------

/** The only values CloudBase accepts for `invoke` (its docs list these; anything else is refused). */
const INVOKE_VALUES = new Set<unknown>([true, false, 'auth != null', "auth.loginType != 'ANONYMOUS' && auth != null"]);

export interface FunctionRules {
  /** Whether a client (callFunction) may invoke `name` as `auth`. */
  mayInvoke(name: string, auth: RuleAuth): boolean;
}

export function parseFunctionRules(json: unknown): FunctionRules {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new RuleSyntaxError('function rules must be an object');
  const entries = Object.entries(json as Record<string, unknown>);
  if (!entries.some(([k]) => k === '*')) throw new RuleSyntaxError('function rules must have a "*" entry');
  const compiled = new Map<string, (ctx: RuleContext) => boolean>();
  for (const [name, cfg] of entries) {
    const invoke = (cfg as { invoke?: unknown } | null)?.invoke;
    if (invoke === undefined) throw new RuleSyntaxError(`function rule ${name} has no invoke`);
    if (!INVOKE_VALUES.has(typeof invoke === 'string' ? invoke.replace(/\s+/g, ' ').trim() : invoke)) {
      throw new RuleSyntaxError(`function rule ${name}: invoke must be true, false or "auth != null"`);
    }
    compiled.set(name, compileRule(invoke));
  }
  return {
    mayInvoke(name, auth) {
      const rule = compiled.get(name) ?? compiled.get('*')!;
      return rule({ auth });
    },
  };
}

// ---- storage rules ---------------------------------------------------------------------------

export interface StorageRules {
  /** `op` on the file at `path` whose creator is `owner` (for a new file: the uploader). */
  allows(op: 'read' | 'write', auth: RuleAuth, resource: { openid: string; path: string }): boolean;
}

export function parseStorageRules(json: unknown): StorageRules {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new RuleSyntaxError('storage rules must be an object');
  const r = json as Record<string, unknown>;
  for (const k of Object.keys(r)) if (k !== 'read' && k !== 'write') throw new RuleSyntaxError(`storage rules have only read and write, not ${k}`);
  // Both default to false: no client access unless a rule grants it.
  const read = compileRule(r.read ?? false);
  const write = compileRule(r.write ?? false);
  return {
    allows(op, auth, resource) {
      return (op === 'read' ? read : write)({ auth, resource, now: Date.now() });
    },
  };
}

export const RULES_DIR = path.resolve(__dirname, '..', '..', 'database');

export function loadFunctionRules(file = path.join(RULES_DIR, 'function-rules.json')): FunctionRules {
  return parseFunctionRules(JSON.parse(readFileSync(file, 'utf8')));
}

export function loadStorageRules(file = path.join(RULES_DIR, 'storage-rules.json')): StorageRules {
  return parseStorageRules(JSON.parse(readFileSync(file, 'utf8')));
}
