import type { UpdateProfilePayload, UserView } from '../contracts/user';
import { configuredAdmins, effectiveRoles, newUser, toOwnView, type UserDoc, type Caller } from '../domain/user';
import { AppError } from '../errors';
import { regionsRepo } from '../repositories/regions';
import { isDuplicateKey, usersRepo } from '../repositories/users';
import { checkText, SCENE } from '../repositories/wechat';
import type { Db } from '../repositories/transactions';
import { eraseAccount } from './privacy';

/** First call creates the worker; later calls return the same user (concurrent first calls too). */
export async function login(db: Db, caller: Caller, now = new Date()): Promise<UserView> {
  const isAdmin = configuredAdmins().has(caller.openid);
  if (caller.user) return toOwnView(caller.user, caller.roles);
  const users = usersRepo(db);
  let user: UserDoc;
  try {
    user = await users.create(newUser(caller.openid, now, isAdmin));
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await users.find(caller.openid);
    if (!existing) throw err;
    user = existing;
    if (existing.status === 'deleted') {
      // Erased by the earlier, partial erasure: finish it (it removes this document), then the
      // person comes back as a new worker with no history.
      await eraseAccount(db, caller.openid, now);
      user = newUser(caller.openid, now, isAdmin);
      try {
        await users.create(user);
      } catch (again) {
        if (!isDuplicateKey(again)) throw again;
        user = (await users.find(caller.openid)) ?? user;
      }
    }
  }
  return toOwnView(user, effectiveRoles(user, isAdmin));
}

export async function me(caller: Caller): Promise<UserView> {
  return toOwnView(caller.user!, caller.roles);
}

export async function updateProfile(db: Db, caller: Caller, patch: UpdateProfilePayload, now = new Date()): Promise<UserView> {
  const user = caller.user!;
  if (patch.communityId !== undefined && patch.communityId !== user.profile.communityId) {
    const region = await regionsRepo(db).find(patch.communityId);
    if (!region || region.level !== 'community') throw new AppError('INPUT.INVALID', '所选社区不存在', 'payload.communityId');
  }
  const set: Record<string, unknown> = { updatedAt: now };
  // Others see the name (timelines, the leaderboard, redemption codes): it passes the text check
  // first. Risky: refused, nothing stored. Review or no answer: stored but held from others.
  let nameCheck = user.nameCheck;
  if (patch.name !== undefined && patch.name !== user.profile.name) {
    const { verdict } = await checkText({ openid: caller.openid, scene: SCENE.profile, content: patch.name });
    if (verdict === 'risky') throw new AppError('CONTENT.RISKY', '姓名包含不适宜公开的内容，请修改后再保存', 'payload.name');
    nameCheck = verdict;
    set.nameCheck = verdict;
  }
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) set[`profile.${k}`] = v;
  await usersRepo(db).update(caller.openid, set);
  const profile = { ...user.profile, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  return toOwnView({ ...user, profile, nameCheck, updatedAt: now }, caller.roles);
}
