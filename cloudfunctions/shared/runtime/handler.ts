import { z, type ZodTypeAny } from 'zod';
import type { Envelope } from '../contracts/common';
import { configuredAdmins, effectiveRoles, type Caller, type CallerInTx, type UserDoc } from '../domain/user';
import { AppError } from '../errors';
import { accessFor, allows } from '../policy';
import { txFindUser, usersRepo } from '../repositories/users';
import { writeRollupsAs } from '../repositories/rollups';
import { inputError } from '../zod-messages';
import { callerOpenid, getDb, type Tx } from './app';

export type { Caller };

export type ActionDef<S extends ZodTypeAny = ZodTypeAny, R = unknown> =
  | { input: S; run: (caller: Caller, payload: z.output<S>) => Promise<R>; runInTx?: undefined }
  | { input: S; run?: undefined; runInTx: (caller: CallerInTx<Tx>, payload: z.output<S>) => Promise<R> };

/** Typed helper so each action's `run` sees its parsed payload. */
export function action<S extends ZodTypeAny, R>(input: S, run: (caller: Caller, payload: z.output<S>) => Promise<R>): ActionDef<S, R> {
  return { input, run };
}

/**
 * An action that looks its caller up itself, as the first read of its transaction (CallerInTx): for
 * writes of the caller's own document, which would otherwise read it twice. A payload that fails
 * validation takes the ordinary path, so every refusal comes in the same order as for any action.
 */
export function actionInTx<S extends ZodTypeAny, R>(input: S, runInTx: (caller: CallerInTx<Tx>, payload: z.output<S>) => Promise<R>): ActionDef<S, R> {
  return { input, runInTx };
}

/** The entry's checks of the stored caller: the same whether read before the action or inside its transaction. */
function admit(openid: string, access: NonNullable<ReturnType<typeof accessFor>>, stored: UserDoc | null): Caller {
  // An erased account is no account: the person logs in afresh.
  const user = stored?.status === 'deleted' ? null : stored;
  if (user?.status === 'banned') throw new AppError('AUTH.BANNED', '账号已被停用，如有疑问请联系社区工作人员');
  const roles = effectiveRoles(user, configuredAdmins().has(openid));
  if (access !== 'public' && !user) throw new AppError('AUTH.UNAUTHENTICATED', '请先登录');
  if (!allows(access, roles)) throw new AppError('AUTH.FORBIDDEN', '没有权限进行此操作');
  return { openid, user, roles };
}

const eventSchema = z.object({
  action: z.string().min(1).max(64),
  payload: z.unknown().optional(),
});

/** Keys that claim an identity. Identity comes only from the runtime, so these are dropped from a payload
 * unless the action itself names a target user (admin.grantRole's `openid`). */
const IDENTITY_KEYS = ['openid', '_openid', 'openId', 'unionid', 'unionId', 'appid', 'appId', 'uid', 'userInfo'];

function declaredKeys(schema: ZodTypeAny): Set<string> {
  let s: ZodTypeAny = schema;
  while (s instanceof z.ZodEffects) s = s.innerType();
  return new Set(s instanceof z.ZodObject ? Object.keys(s.shape) : []);
}

function withoutIdentity(payload: unknown, schema: ZodTypeAny): unknown {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const declared = declaredKeys(schema);
  const copy: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const k of IDENTITY_KEYS) if (!declared.has(k)) delete copy[k];
  return copy;
}

const INTERNAL = { code: 'INTERNAL', message: '服务繁忙，请稍后重试' } as const;

/**
 * The entry every function shares: parse `{action, payload}`, identify the caller from the
 * runtime, apply the policy table, validate the payload, run the use-case, and answer with the
 * envelope (an actionInTx with a valid payload is identified, by the same checks, as the first read
 * of its own transaction). Nothing thrown inside reaches the caller except AppError's code and
 * Chinese message.
 */
export function createFunction(name: string, actions: Record<string, ActionDef<any, any>>) {
  writeRollupsAs(name);
  return async function main(event: unknown): Promise<Envelope<unknown>> {
    try {
      const parsedEvent = eventSchema.safeParse(event);
      if (!parsedEvent.success) throw inputError(parsedEvent.error, 'event');
      const { action: actionName } = parsedEvent.data;
      const def = Object.prototype.hasOwnProperty.call(actions, actionName) ? actions[actionName] : undefined;
      const access = accessFor(name, actionName);
      if (!def || !access) throw new AppError('INPUT.UNKNOWN_ACTION', `不支持的操作：${name}.${actionName}`.slice(0, 80), 'action');

      const openid = callerOpenid();
      if (!openid) throw new AppError('AUTH.UNAUTHENTICATED', '请在微信中打开小程序后重试');

      const payload = def.input.safeParse(withoutIdentity(parsedEvent.data.payload ?? {}, def.input));
      if (def.runInTx && payload.success) {
        let identified = false;
        const identify = async (tx: Tx) => {
          const caller = admit(openid, access, await txFindUser(tx, openid));
          identified = true;
          return caller;
        };
        const data = await def.runInTx({ openid, identify }, payload.data);
        // Deny by default: an action that never asked who is calling answers nobody (and fails every test of it).
        if (!identified) throw new Error(`${name}.${actionName} is an actionInTx that never identified its caller`);
        return { ok: true, data };
      }
      const caller = admit(openid, access, await usersRepo(getDb()).find(openid));
      if (!payload.success) throw inputError(payload.error);
      // (An actionInTx with a valid payload returned above.)
      const data = await def.run!(caller, payload.data);
      return { ok: true, data };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toApiError() };
      // Logged for operators; the caller gets a plain message with no internals.
      console.error(`[${name}] unexpected error`, err);
      return { ok: false, error: { ...INTERNAL } };
    }
  };
}
