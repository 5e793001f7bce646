import { z } from 'zod';

/** Stable, dotted error codes. The front end maps none of them: `message` is already Chinese for people. */
export type ErrorCode =
  | 'AUTH.UNAUTHENTICATED'
  | 'AUTH.FORBIDDEN'
  | 'AUTH.BANNED'
  | 'INPUT.INVALID'
  | 'INPUT.UNKNOWN_ACTION'
  | 'NOT_FOUND'
  | 'USER.NOT_FOUND'
  | 'RATE.LIMITED'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode | string;
  message: string;
  /** For INPUT.INVALID: the payload path of the first bad field, e.g. "profile.phone". */
  field?: string;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** Idempotency key for creates and spends: retrying with the same key returns the first result. */
export const requestId = z
  .string()
  .trim()
  .min(8, 'requestId 至少 8 个字符')
  .max(64, 'requestId 最长 64 个字符')
  .regex(/^[A-Za-z0-9_-]+$/, 'requestId 只能包含字母、数字、下划线和短横线');

export const openid = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'openid 格式不正确');

export const emptyPayload = z.object({}).strict();
