// A worker's own data: take it away (exportMine) or erase it (deleteMe). Reports stay, anonymised,
// because the street problems they describe are public work; the ledger stays whole for audit.
import { shanghaiStamp } from '../isomorphic/time';
import { createHash } from 'node:crypto';
import type { MyDataExport } from '../contracts/user';
import type { Caller, UserDoc } from '../domain/user';
import { AppError } from '../errors';
import { eraseFromPlace, eraseFromReport, namesIn, newPseudonym, scrubIds, scrubNames, type Erasure } from '../domain/erasure';
import { PLACES_COLLECTION, type PlaceDoc } from '../domain/place';
import { appendAudit, AUDIT_COLLECTION } from '../repositories/audit';
import { erasureRepo, txGet, txMove, txPatch } from '../repositories/erasure';
import { dropExport, removeExportsOf, storeExport, txRecordExport } from '../repositories/exports';
import { LEDGER_COLLECTION, postEntry } from '../repositories/ledger';
import { LIMITS_COLLECTION } from '../repositories/limits';
import { MESSAGES_COLLECTION } from '../repositories/messages';
import { pagesByTime } from '../repositories/pagination';
import { getPointsRulesTx } from '../repositories/points-rules';
import { REDEMPTIONS_COLLECTION } from '../repositories/redemptions';
import { METOO_COLLECTION, REPORTS_COLLECTION, reportsRepo } from '../repositories/reports';
import { placesRepo } from '../repositories/places';
import { REWARDS_COLLECTION } from '../repositories/rewards';
import { txRemoveUser } from '../repositories/users';
import { inTransaction, type Db } from '../repositories/transactions';
import { ACTIVITY_COLLECTION } from '../domain/rollups';
import { eraseRedemption } from './redemptions';

type Doc = Record<string, any>;

/** What is the caller's, where, and which of its fields name other people (never exported). */
const OWN_DATA: Array<{ name: string; collection: string; owner: string; time: string; strip: (d: Doc, me: string) => Doc }> = [
  { name: 'ledger', collection: 'ledger', owner: 'openid', time: 'at', strip: (d) => ({ ...d, actor: d.actor ? '工作人员' : null }) },
  {
    name: 'reports',
    collection: 'reports',
    owner: 'reporter',
    time: 'createdAt',
    strip: (d, me) => ({
      ...d,
      assignee: d.assignee ? '网格员' : null,
      placeOwner: null,
      timeline: (d.timeline ?? []).map((t: Doc) => ({ ...t, actor: { ...t.actor, openid: t.actor?.openid === me ? me : '' } })),
      photos: (d.photos ?? []).map(photoForExport),
      resolution: d.resolution ? { ...d.resolution, by: '', photos: (d.resolution.photos ?? []).map(photoForExport) } : null,
    }),
  },
  { name: 'meToo', collection: 'report_metoo', owner: 'openid', time: 'createdAt', strip: (d) => d },
  { name: 'redemptions', collection: 'redemptions', owner: 'openid', time: 'createdAt', strip: (d) => ({ ...d, fulfilledBy: d.fulfilledBy ? '商户或工作人员' : null }) },
  { name: 'messages', collection: 'messages', owner: 'openid', time: 'createdAt', strip: (d) => d },
  {
    name: 'places',
    collection: 'places',
    owner: 'ownerOpenid',
    time: 'createdAt',
    strip: (d) => ({
      ...d,
      reviewedBy: d.reviewedBy ? '工作人员' : null,
      lastReview: d.lastReview ? { ...d.lastReview, by: d.lastReview.by ? '工作人员' : null } : null,
      imageChecks: (d.imageChecks ?? []).map(photoForExport),
    }),
  },
];

/** A photo as exported: the file and its check, never the checker's trace id or internal flags. */
function photoForExport(p: Doc): Doc {
  return { fileID: p.fileID, check: p.check };
}

/** Trace ids are the server's handle on pushed verdicts: whatever field a future change adds, none is exported. */
function withoutTraceIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTraceIds);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v as Doc).filter(([k]) => k !== 'traceId' && k !== 'trace_id').map(([k, x]) => [k, withoutTraceIds(x)]));
  }
  return v;
}

export async function exportMine(db: Db, caller: Caller, now = new Date()): Promise<MyDataExport> {
  const user = caller.user!;
  const bundle: Record<string, unknown> = {
    exportedAt: now.toISOString(),
    account: { openid: user.openid, roles: user.roles, scopes: user.scopes, profile: user.profile, points: user.points, status: user.status, createdAt: user.createdAt },
  };
  const counts: Record<string, number> = {};
  for (const part of OWN_DATA) {
    const rows: Doc[] = [];
    for await (const page of pagesByTime(db, part.collection, { [part.owner]: caller.openid }, part.time)) rows.push(...page.map((d) => part.strip(d, caller.openid)));
    bundle[part.name] = rows;
    counts[part.name] = rows.length;
  }
  // Beijing time in the file's name, as on every screen.
  const stamp = shanghaiStamp(now);
  const content = Buffer.from(JSON.stringify(withoutTraceIds(bundle), null, 2), 'utf8');
  const { fileID, url, record } = await storeExport({ openid: caller.openid, kind: 'my-data', fileName: `my-data-${stamp}.json`, content, now });
  // Recorded like every export (so an erasure finds the file), with the record the file timer deletes it by.
  await inTransaction(db, async (tx) => {
    await txRecordExport(tx, record);
    await appendAudit(tx, { actor: caller.openid, action: 'user.exportMine', target: { type: 'export', id: 'my-data' }, before: null, after: { counts, fileID }, at: now });
  }).catch(async (err) => {
    await dropExport(fileID);
    throw err;
  });
  return { fileID, url, counts };
}

/**
 * Erases the account. Open redemptions are cancelled (points and stock back, codes void); every
 * document that names the person — reports and their timelines, redemptions, ledger, audit, places,
 * rewards, messages, me-too, limit counters — either goes or names a random pseudonym instead; their
 * files (photos, licences, exports) are deleted; the balance is zeroed by a ledger entry; and at the
 * end the user document itself is removed, taking the only link between openid and pseudonym with it.
 * A later login with the same openid starts a new account with no history.
 *
 * Every step finds what still names the person and rewrites it, and the pseudonym is kept on the
 * user document until the end, so a retry after a failure finishes the job under the same pseudonym.
 */
export async function deleteMe(db: Db, caller: Caller, now = new Date()): Promise<{ deleted: true }> {
  const user = caller.user!;
  const duties = user.roles.filter((r) => r === 'staff' || r === 'gridworker' || r === 'admin');
  if (duties.length || caller.roles.includes('admin')) throw new AppError('USER.HAS_DUTIES', '你还担任社区工作人员、网格员或管理员，请先由管理员撤销后再注销');
  if ((await placesRepo(db).countOwnedLive(caller.openid)) > 0) throw new AppError('USER.HAS_PLACES', '你名下还有友好商户，请先联系社区工作人员注销商户后再注销账号');

  await eraseAccount(db, caller.openid, now);
  return { deleted: true };
}

/**
 * The erasure itself (deleteMe checks the person may go first). Also finishes an account erased by
 * the earlier, partial erasure (status `deleted`, reports under a hash of the openid) when that
 * person logs in again, so they too start with no history.
 */
export async function eraseAccount(db: Db, openid: string, now: Date): Promise<void> {
  const started = await inTransaction(db, async (tx) => {
    const fresh = (await txGet(tx, 'users', openid)) as (UserDoc & { erasure?: { pseudonym: string } }) | null;
    if (!fresh) return null;
    if (fresh.erasure?.pseudonym) return { user: fresh, pseudonym: fresh.erasure.pseudonym };
    const drawn = newPseudonym();
    await txPatch(db, tx, 'users', openid, { erasure: { pseudonym: drawn, startedAt: now } });
    return { user: fresh, pseudonym: drawn };
  });
  if (!started) return;
  const { user, pseudonym } = started;
  const legacy = legacyErasedId(openid);
  const e: Erasure = { openid, pseudonym, names: [user.profile?.name].filter((n): n is string => !!n), aliases: [legacy] };
  const repo = erasureRepo(db);
  const files: string[] = [];
  if (user.profile?.avatar) files.push(user.profile.avatar);

  // Codes first: cancelling refunds into the balance that is zeroed next.
  await repo.forEachNaming(REDEMPTIONS_COLLECTION, [{ openid }, { fulfilledBy: openid }], async (d) => {
    if (d.holderName) e.names.push(d.holderName);
    await eraseRedemption(db, d._id, e, now);
  });

  await inTransaction(db, async (tx) => {
    const fresh = (await txGet(tx, 'users', openid)) as UserDoc | null;
    if (!fresh || fresh.points.balance === 0) return;
    const rules = await getPointsRulesTx(tx);
    await postEntry(tx, { key: `erase:${pseudonym}`, openid, delta: -fresh.points.balance, kind: 'adjust', reason: '账号注销，积分清零', ref: null, actor: null }, now, rules);
  });

  // The ledger stays whole for audit, under the pseudonym; keys that carried the openid move.
  await repo.forEachNaming(LEDGER_COLLECTION, [{ openid }, { actor: openid }], async (entry) => {
    const next = scrubIds(entry, e);
    if (next._id !== entry._id) await inTransaction(db, (tx) => txMove(tx, LEDGER_COLLECTION, entry._id, next as Doc & { _id: string }));
    else await repo.patchDoc(LEDGER_COLLECTION, entry._id, { openid: next.openid, actor: next.actor });
  });

  const touched: string[] = [];
  await repo.forEachNaming(
    REPORTS_COLLECTION,
    [{ reporter: openid }, { reporter: legacy }, { assignee: openid }, { placeOwner: openid }, { 'resolution.by': openid }, { 'timeline.actor.openid': openid }],
    async (seen) => {
      await inTransaction(db, async (tx) => {
        const r = (await reportsRepo(db).txFind(tx, seen._id))!;
        e.names.push(...namesIn(r, openid));
        const { patch, files: gone } = eraseFromReport(r, e);
        files.push(...gone);
        if (r.reporter !== openid) touched.push(r._id);
        await txPatch(db, tx, REPORTS_COLLECTION, r._id, patch);
      });
    },
  );
  // Messages others got, and the audit of staff steps, about reports the person handled carry their
  // openid and the name they had then.
  e.names = [...new Set(e.names)];
  for (const reportId of touched) {
    await repo.forEachNaming(AUDIT_COLLECTION, [{ 'target.id': reportId }], async (entry) => {
      const next = scrubIds({ before: entry.before ?? null, after: entry.after ?? null }, e, true);
      if (JSON.stringify(next) !== JSON.stringify({ before: entry.before ?? null, after: entry.after ?? null })) await repo.patchDoc(AUDIT_COLLECTION, entry._id, next);
    });
    await repo.forEachMessageToOthers(MESSAGES_COLLECTION, reportId, openid, async (m) => {
      const body = scrubNames(String(m.body ?? ''), e);
      const title = scrubNames(String(m.title ?? ''), e);
      if (body === m.body && title === m.title) return;
      await repo.patchDoc(MESSAGES_COLLECTION, m._id, { body, title });
    });
  }
  await repo.removeWhere(METOO_COLLECTION, { openid });
  await repo.removeWhere(MESSAGES_COLLECTION, { openid });
  await repo.removeWhere(LIMITS_COLLECTION, { openid });
  // Nobody is tracked as active under an erased account (the dashboard's activity marks).
  await repo.removeWhere(ACTIVITY_COLLECTION, { openid });

  await repo.forEachNaming(PLACES_COLLECTION, [{ ownerOpenid: openid }, { createdBy: openid }, { reviewedBy: openid }, { 'lastReview.by': openid }], async (seen) => {
    await inTransaction(db, async (tx) => {
      const p = (await txGet(tx, PLACES_COLLECTION, seen._id)) as PlaceDoc;
      if (p.applicant?.name) e.names.push(p.applicant.name);
      const { patch, files: gone } = eraseFromPlace(p, e);
      files.push(...gone);
      await txPatch(db, tx, PLACES_COLLECTION, p._id, patch);
    });
  });
  await repo.forEachNaming(REWARDS_COLLECTION, [{ createdBy: openid }, { reviewedBy: openid }], async (rw) => {
    await inTransaction(db, (tx) => txPatch(db, tx, REWARDS_COLLECTION, rw._id, { createdBy: rw.createdBy === openid ? pseudonym : rw.createdBy, reviewedBy: rw.reviewedBy === openid ? pseudonym : rw.reviewedBy ?? null }));
  });

  // Audit keeps every entry; the person in them becomes the pseudonym. Their export files go.
  await repo.forEachNaming(AUDIT_COLLECTION, [{ actor: openid }, { 'target.id': openid }], async (entry) => {
    if (entry.actor === openid && EXPORT_ACTIONS.includes(entry.action) && entry.after?.fileID) files.push(entry.after.fileID);
    const next = scrubIds(entry, e);
    await repo.patchDoc(AUDIT_COLLECTION, entry._id, { actor: next.actor, target: next.target, before: next.before ?? null, after: next.after ?? null });
  });

  await repo.deleteFiles(files);
  await removeExportsOf(db, openid);

  await inTransaction(db, async (tx) => {
    if (!(await txGet(tx, 'users', openid))) return;
    await txRemoveUser(tx, openid);
    await appendAudit(tx, { actor: pseudonym, action: 'user.deleteMe', target: { type: 'user', id: pseudonym }, before: null, after: { erased: true }, at: now });
  });
}

/** The stand-in the earlier erasure gave reporters: a hash anyone holding the openid can recompute. */
const legacyErasedId = (openid: string) => `erased-${createHash('sha256').update(openid).digest('hex').slice(0, 16)}`;

/** Audit actions whose `after.fileID` is an export the actor made. */
const EXPORT_ACTIONS = ['stats.export', 'user.exportMine'];
