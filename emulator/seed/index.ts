// Demo seed: run once by `npm run serve` on a fresh data directory, and by tests that want the
// demo district. It is a plain CloudBase client (the same SDK the functions use), and idempotent:
// a document that already exists is left alone, so demo changes survive restarts.
import type tcb from '@cloudbase/node-sdk';
import { demoUsers } from './accounts';
import { districtRegions } from './district';
import { seedPoints } from './points';
import { demoApplicants, demoPlaces } from './places';
import { seedReports } from './reports';
import { rebuildRollups } from '../../cloudfunctions/shared/usecases/rollups';
import type { Db } from '../../cloudfunctions/shared/runtime/app';

type App = ReturnType<typeof tcb.init>;

export { DEMO_ACCOUNTS } from './accounts';

/** Inserts the documents whose `_id` is not there yet; returns how many were created. */
async function insertMissing(app: App, collection: string, docs: { _id: string }[]): Promise<number> {
  const db = app.database();
  const _ = db.command;
  const existing = new Set<string>();
  for (let i = 0; i < docs.length; i += 500) {
    const ids = docs.slice(i, i + 500).map((d) => d._id);
    const res = await db.collection(collection).where({ _id: _.in(ids) }).field({ _id: true }).limit(1000).get();
    for (const d of res.data as { _id: string }[]) existing.add(d._id);
  }
  const missing = docs.filter((d) => !existing.has(d._id));
  for (const doc of missing) await db.collection(collection).add(doc);
  return missing.length;
}

export async function seedDemo(app: App, now = new Date()): Promise<{ created: number }> {
  let created = 0;
  created += await insertMissing(app, 'regions', districtRegions());
  created += await insertMissing(app, 'users', demoUsers(now));
  created += await insertMissing(app, 'users', demoApplicants(now));
  created += await insertMissing(app, 'places', demoPlaces(now));
  created += await seedPoints(app, (collection, docs) => insertMissing(app, collection, docs), now);
  created += await seedReports(app, now);
  // The demo documents were written directly: the dashboard's rollups are recounted from them.
  if (created > 0) await rebuildRollups(app.database() as unknown as Db, now);
  return { created };
}
