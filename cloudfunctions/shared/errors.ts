import type { ApiError, ErrorCode } from './contracts/common';

/** A refusal the caller should see: stable code plus a Chinese message for people. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode | string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toApiError(): ApiError {
    return this.field ? { code: this.code, message: this.message, field: this.field } : { code: this.code, message: this.message };
  }
}

export const forbidden = (message = '没有权限进行此操作') => new AppError('AUTH.FORBIDDEN', message);
export const notFound = (code: ErrorCode | string, message: string) => new AppError(code, message);
