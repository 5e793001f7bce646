import type {
  AuditEntryView,
  AuditLogPayload,
  GrantRolePayload,
  ImportRegionsPayload,
  ListUsersPayload,
  Page,
  RegionView,
  ReviewNamePayload,
  RevokeRolePayload,
  SetBannedPayload,
} from '../contracts/admin';
import type { UserView } from '../contracts/user';
import { decodeCursor, pageOf } from '../domain/cursor';
import { validateRegionImport } from '../domain/regions';
import { inStaffScope, listScope, staffCommunities, viewerOf } from '../domain/scope';
import { configuredAdmins, toOthersView, withRole, withoutRole, type UserDoc, type Caller } from '../domain/user';
import { AppError } from '../errors';
import { appendAudit, auditRepo } from '../repositories/audit';
import { regionsRepo, saveRegions } from '../repositories/regions';
import { txFindUser, txUpdateUser, usersRepo } from '../repositories/users';
import { inTransaction, type Db } from '../repositories/transactions';

const SCOPE_LEVEL = { staff: 'community', gridworker: 'grid' } as const;

async function checkScope(db: Db, role: 'staff' | 'gridworker', scope: string[]): Promise<void> {
  const wanted = [...new Set(scope)];
  const found = await regionsRepo(db).findMany(wanted);
  const ok = new Set(found.filter((r) => r.level === SCOPE_LEVEL[role]).map((r) => r._id));
  const missing = wanted.find((id) => !ok.has(id));
  if (missing) {
    const what = role === 'staff' ? '社区' : '网格';
    throw new AppError('INPUT.INVALID', `负责范围中的${what}不存在：${missing}`.slice(0, 100), 'payload.scope');
  }
}

/**
 * Changes a user's roles and appends the audit entry in one transaction: both happen or neither.
 * The target is read inside the transaction so two admins editing one user cannot lose a change.
 */
async function changeRoles(
  db: Db,
  caller: Caller,
  targetId: string,
  auditAction: string,
  change: (user: UserDoc) => Pick<UserDoc, 'roles' | 'scopes'>,
  now: Date,
): Promise<UserDoc> {
  return inTransaction(db, async (tx) => {
    const user = await txFindUser(tx, targetId);
    if (!user) throw new AppError('USER.NOT_FOUND', '用户不存在，请确认对方已登录过小程序');
    const next = change(user);
    await txUpdateUser(tx, targetId, { roles: next.roles, scopes: next.scopes, updatedAt: now });
    await appendAudit(tx, {
      actor: caller.openid,
      action: auditAction,
      target: { type: 'user', id: targetId },
      before: { roles: user.roles, scopes: user.scopes },
      after: next,
      at: now,
    });
    return { ...user, ...next, updatedAt: now } as UserDoc;
  });
}

export async function grantRole(db: Db, caller: Caller, p: GrantRolePayload, now = new Date()) {
  if (p.role === 'staff' || p.role === 'gridworker') await checkScope(db, p.role, p.scope ?? []);
  const user = await changeRoles(db, caller, p.openid, 'admin.grantRole', (u) => withRole(u, p.role, p.scope), now);
  return toOthersView(user, viewerOf(caller));
}

export async function revokeRole(db: Db, caller: Caller, p: RevokeRolePayload, now = new Date()) {
  if (p.role === 'admin' && p.openid === caller.openid) throw new AppError('INPUT.INVALID', '不能撤销自己的管理员权限', 'payload.openid');
  if (p.role === 'admin' && configuredAdmins().has(p.openid)) {
    throw new AppError('INPUT.INVALID', '该管理员由系统配置（ADMIN_OPENIDS），请在配置中移除', 'payload.openid');
  }
  const user = await changeRoles(db, caller, p.openid, 'admin.revokeRole', (u) => withoutRole(u, p.role), now);
  return toOthersView(user, viewerOf(caller));
}

export async function listRegions(db: Db): Promise<RegionView[]> {
  const all = await regionsRepo(db).listAll();
  return all.map((r) => ({ id: r._id, level: r.level, name: r.name, parentId: r.parentId, ...(r.center ? { center: r.center.coordinates } : {}) }));
}

/**
 * Imports district → street → community → grid from GeoJSON. The file is validated whole before
 * anything is written; writes are whole-document upserts, so a retried import converges.
 */
export async function importRegions(db: Db, caller: Caller, p: ImportRegionsPayload, now = new Date()) {
  const regions = regionsRepo(db);
  const result = validateRegionImport(p.geojson, await regions.listWithGeometry());
  if (!result.ok) throw new AppError('REGION.INVALID', result.message, 'payload.geojson');
  const byLevel: Record<string, number> = {};
  for (const r of result.regions) byLevel[r.level] = (byLevel[r.level] ?? 0) + 1;
  await inTransaction(db, async (tx) => {
    await saveRegions(tx, result.regions);
    await appendAudit(tx, { actor: caller.openid, action: 'admin.importRegions', target: { type: 'regions', id: 'import' }, before: null, after: { byLevel, ids: result.regions.map((r) => r._id) }, at: now });
  });
  return { imported: result.regions.length, byLevel };
}

/**
 * People, newest first. Admins see everyone; staff only people whose home community is in their
 * scope. Phones are masked unless the viewer may see them (toOthersView).
 */
export async function listUsers(db: Db, caller: Caller, p: ListUsersPayload): Promise<Page<UserView>> {
  // Checks a requested community; a staff member's list is then narrowed to their communities.
  const viewer = viewerOf(caller);
  listScope(viewer, p.communityId, '只能查看本社区的人员');
  const mine = staffCommunities(viewer);
  const size = p.pageSize ?? 20;
  const search = { role: p.role, platform: p.platform, status: p.status, nameUnderReview: p.nameUnderReview, communityId: p.communityId, communityIn: mine ? [...mine] : undefined, q: p.q };
  const page = pageOf(await usersRepo(db).search(search, decodeCursor(p.cursor), size + 1), size, (u) => u.createdAt);
  return { items: page.rows.map((u) => toOthersView(u, viewer)), nextCursor: page.nextCursor };
}

/** Bans or restores a user; a banned user's every call gets AUTH.BANNED. */
export async function setBanned(db: Db, caller: Caller, p: SetBannedPayload, now = new Date()): Promise<UserView> {
  if (p.openid === caller.openid) throw new AppError('INPUT.INVALID', '不能停用自己的账号', 'payload.openid');
  if (p.banned && configuredAdmins().has(p.openid)) throw new AppError('INPUT.INVALID', '系统配置的管理员不能被停用', 'payload.openid');
  const status = p.banned ? 'banned' : 'active';
  const user = await inTransaction(db, async (tx) => {
    const u = await txFindUser(tx, p.openid);
    if (!u) throw new AppError('USER.NOT_FOUND', '用户不存在，请确认对方已登录过小程序');
    await txUpdateUser(tx, p.openid, { status, updatedAt: now });
    await appendAudit(tx, { actor: caller.openid, action: p.banned ? 'admin.ban' : 'admin.unban', target: { type: 'user', id: p.openid }, before: { status: u.status }, after: { status, reason: p.reason }, at: now });
    return { ...u, status } as UserDoc;
  });
  return toOthersView(user, viewerOf(caller));
}

/**
 * A person's name as others see it: approve shows a name held by the text check, reject clears it
 * (any name — staff may also take down one that passed). Staff decide for their communities' people.
 */
export async function reviewName(db: Db, caller: Caller, p: ReviewNamePayload, now = new Date()): Promise<UserView> {
  const viewer = viewerOf(caller);
  const user = await inTransaction(db, async (tx) => {
    const u = await txFindUser(tx, p.openid);
    if (!u || u.status === 'deleted') throw new AppError('USER.NOT_FOUND', '用户不存在，请确认对方已登录过小程序');
    if (!inStaffScope(viewer, u.profile.communityId)) throw new AppError('AUTH.FORBIDDEN', '只能审核本社区人员的姓名');
    const name = p.decision === 'approve' ? u.profile.name : '';
    await txUpdateUser(tx, p.openid, { 'profile.name': name, nameCheck: 'pass', updatedAt: now });
    await appendAudit(tx, { actor: caller.openid, action: 'admin.reviewName', target: { type: 'user', id: p.openid }, before: { name: u.profile.name, nameCheck: u.nameCheck ?? 'pass' }, after: { name, nameCheck: 'pass' }, at: now });
    return { ...u, profile: { ...u.profile, name }, nameCheck: 'pass' } as UserDoc;
  });
  return toOthersView(user, viewerOf(caller));
}

/** The audit trail, newest first, filterable; read-only by construction (no action edits it). */
export async function auditLog(db: Db, p: AuditLogPayload): Promise<Page<AuditEntryView>> {
  const size = p.pageSize ?? 20;
  const span = { from: p.from ? new Date(p.from) : undefined, to: p.to ? new Date(p.to) : undefined };
  const { rows: docs, nextCursor } = pageOf(await auditRepo(db).search({ actor: p.actor, action: p.action, targetId: p.targetId, ...span }, decodeCursor(p.cursor), size + 1), size, (d) => d.at);
  // Actors and the people acted on, named in one read.
  const names = await usersRepo(db).names([...docs.map((d) => d.actor), ...docs.filter((d) => d.target.type === 'user').map((d) => d.target.id)]);
  return {
    items: docs.map((d) => ({
      id: d._id,
      actor: { openid: d.actor, name: names[d.actor] ?? '' },
      action: d.action,
      target: d.target.type === 'user' ? { ...d.target, name: names[d.target.id] ?? '' } : d.target,
      before: d.before,
      after: d.after,
      at: new Date(d.at).toISOString(),
      names: d.names ?? {},
    })),
    nextCursor,
  };
}
