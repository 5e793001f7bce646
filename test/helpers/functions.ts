// Every cloud function's action table and the policy, discovered from the source, so table-driven
// tests cover a new action without being told about it.
import fs from 'node:fs';
import path from 'node:path';
import type { ActionDef } from '../../cloudfunctions/shared/runtime/handler';

const ROOT = path.resolve(__dirname, '..', '..', 'cloudfunctions');

export interface DiscoveredAction {
  fn: string;
  action: string;
  def: ActionDef;
}

export function discoverActions(): DiscoveredAction[] {
  const out: DiscoveredAction[] = [];
  for (const fn of fs.readdirSync(ROOT).sort()) {
    const entry = path.join(ROOT, fn, 'index.ts');
    if (!fs.existsSync(entry)) continue;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(entry) as { actions?: Record<string, ActionDef> };
    if (!mod.actions) continue; // e.g. a message-push receiver with no actions
    for (const [action, def] of Object.entries(mod.actions)) out.push({ fn, action, def });
  }
  return out;
}

/** Every cloud function, by folder: those with an action table and those with an entry of their own. */
export function discoverFunctions(): string[] {
  return fs
    .readdirSync(ROOT)
    .filter((fn) => fs.existsSync(path.join(ROOT, fn, 'index.ts')))
    .sort();
}
