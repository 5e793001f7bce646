// A worker's own data: take it away (exportMine) or erase it (deleteMe). Reports stay, anonymised,
// because the street problems they describe are public work; the ledger stays whole for audit.
import { createHash } from 'node:crypto';
import type { MyDataExport } from '../contracts/user';
import type { UserDoc } from '../domain/user';
import { AppError } from '../errors';
import { appendAudit } from '../repositories/audit';
import { tempUrls } from '../repositories/files';
import { postEntry } from '../repositories/ledger';
import { pagesByTime } from '../repositories/pagination';
import { getPointsRulesTx } from '../repositories/points-rules';
import { getApp, inTransaction, type Db } from '../runtime/app';
import type { Caller } from '../runtime/handler';

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
      resolution: d.resolution ? { ...d.resolution, by: '' } : null,
    }),
  },
  { name: 'meToo', collection: 'report_metoo', owner: 'openid', time: 'createdAt', strip: (d) => d },
  { name: 'redemptions', collection: 'redemptions', owner: 'openid', time: 'createdAt', strip: (d) => ({ ...d, fulfilledBy: d.fulfilledBy ? '商户或工作人员' : null }) },
  { name: 'messages', collection: 'messages', owner: 'openid', time: 'createdAt', strip: (d) => d },
  { name: 'places', collection: 'places', owner: 'ownerOpenid', time: 'createdAt', strip: (d) => ({ ...d, reviewedBy: d.reviewedBy ? '工作人员' : null }) },
];

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
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const { fileID } = await getApp().uploadFile({ cloudPath: `exports/${caller.openid}/my-data-${stamp}.json`, fileContent: Buffer.from(JSON.stringify(bundle, null, 2), 'utf8') });
  return { fileID, url: (await tempUrls([fileID]))[fileID] ?? '', counts };
}

/** Stable stand-in for an erased person in the reports they filed. */
export const erasedId = (openid: string) => `erased-${createHash('sha256').update(openid).digest('hex').slice(0, 16)}`;

/**
 * Erases the account: personal fields wiped, points zeroed by a ledger entry (the ledger itself is
 * kept for audit), reports anonymised, messages and me-too marks removed. The bulk steps run first
 * and are idempotent, so a retry after a failure finishes the job.
 */
export async function deleteMe(db: Db, caller: Caller, now = new Date()): Promise<{ deleted: true }> {
  const user = caller.user!;
  const duties = user.roles.filter((r) => r === 'staff' || r === 'gridworker' || r === 'admin');
  if (duties.length || caller.roles.includes('admin')) throw new AppError('USER.HAS_DUTIES', '你还担任社区工作人员、网格员或管理员，请先由管理员撤销后再注销');
  const _ = db.command;
  const owned = await db.collection('places').where({ ownerOpenid: caller.openid, status: _.in(['approved', 'pending', 'suspended']) }).count();
  if (owned.total > 0) throw new AppError('USER.HAS_PLACES', '你名下还有友好商户，请先联系社区工作人员注销商户后再注销账号');

  const anon = erasedId(caller.openid);
  await db.collection('reports').where({ reporter: caller.openid }).update({ reporter: anon, reporterErased: true });
  await db.collection('report_metoo').where({ openid: caller.openid }).remove();
  await db.collection('messages').where({ openid: caller.openid }).remove();

  await inTransaction(db, async (tx) => {
    const fresh = (await tx.collection('users').doc(caller.openid).get()).data as UserDoc | null;
    if (!fresh || fresh.status === 'deleted') return;
    if (fresh.points.balance !== 0) {
      const rules = await getPointsRulesTx(tx);
      await postEntry(tx, { key: `erase:${caller.openid}:${new Date(fresh.createdAt).getTime()}`, openid: caller.openid, delta: -fresh.points.balance, kind: 'adjust', reason: '账号注销，积分清零', ref: null, actor: null }, now, rules);
    }
    await tx.collection('users').doc(caller.openid).update({
      status: 'deleted',
      roles: ['worker'],
      scopes: { staff: [], gridworker: [], merchant: [] },
      profile: { name: '', phone: '', platform: '', workType: '', communityId: '', avatar: '' },
      updatedAt: now,
    });
    await appendAudit(tx, { actor: caller.openid, action: 'user.deleteMe', target: { type: 'user', id: caller.openid }, before: null, after: { status: 'deleted' }, at: now });
  });
  return { deleted: true };
}
