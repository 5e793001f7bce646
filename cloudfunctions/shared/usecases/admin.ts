import type { GrantRolePayload, RegionView, RevokeRolePayload } from '../contracts/admin';
import { configuredAdmins, toOthersView, withRole, withoutRole, type UserDoc } from '../domain/user';
import { AppError } from '../errors';
import { AUDIT_COLLECTION, type AuditDoc } from '../repositories/audit';
import { regionsRepo } from '../repositories/regions';
import { inTransaction, type Db } from '../runtime/app';
import type { Caller } from '../runtime/handler';

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
    const res = await tx.collection('users').doc(targetId).get();
    const user = (res as { data: UserDoc | null }).data;
    if (!user) throw new AppError('USER.NOT_FOUND', '用户不存在，请确认对方已登录过小程序');
    const next = change(user);
    await tx.collection('users').doc(targetId).update({ roles: next.roles, scopes: next.scopes, updatedAt: now });
    const entry: AuditDoc = {
      actor: caller.openid,
      action: auditAction,
      target: { type: 'user', id: targetId },
      before: { roles: user.roles, scopes: user.scopes },
      after: next,
      at: now,
    };
    await tx.collection(AUDIT_COLLECTION).add(entry);
    return { ...user, ...next, updatedAt: now } as UserDoc;
  });
}

export async function grantRole(db: Db, caller: Caller, p: GrantRolePayload, now = new Date()) {
  if (p.role === 'staff' || p.role === 'gridworker') await checkScope(db, p.role, p.scope ?? []);
  const user = await changeRoles(db, caller, p.openid, 'admin.grantRole', (u) => withRole(u, p.role, p.scope), now);
  return toOthersView(user, { roles: caller.roles, scopes: caller.user!.scopes });
}

export async function revokeRole(db: Db, caller: Caller, p: RevokeRolePayload, now = new Date()) {
  if (p.role === 'admin' && p.openid === caller.openid) throw new AppError('INPUT.INVALID', '不能撤销自己的管理员权限', 'payload.openid');
  if (p.role === 'admin' && configuredAdmins().has(p.openid)) {
    throw new AppError('INPUT.INVALID', '该管理员由系统配置（ADMIN_OPENIDS），请在配置中移除', 'payload.openid');
  }
  const user = await changeRoles(db, caller, p.openid, 'admin.revokeRole', (u) => withoutRole(u, p.role), now);
  return toOthersView(user, { roles: caller.roles, scopes: caller.user!.scopes });
}

export async function listRegions(db: Db): Promise<RegionView[]> {
  const all = await regionsRepo(db).listAll();
  return all.map((r) => ({ id: r._id, level: r.level, name: r.name, parentId: r.parentId }));
}
