/** Every failed call — a non-ok envelope or a transport failure — surfaces as one of these. */
export class ApiCallError extends Error {
  readonly code: string;
  readonly field?: string;

  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
    this.field = field;
  }
}

export const NETWORK_ERROR_CODE = 'NETWORK';
export const NETWORK_ERROR_MESSAGE = '网络不太好，请稍后重试';

/** The reply did not come within the client's timeout: the call may or may not have happened. */
export const TIMEOUT_ERROR_CODE = 'TIMEOUT';
export const TIMEOUT_ERROR_MESSAGE = '网络较慢，没有等到回复，请重试';

/** True when the outcome is unknown (no reply), so a retry must repeat the same request. */
export function isUnanswered(err: unknown): boolean {
  return err instanceof ApiCallError && (err.code === NETWORK_ERROR_CODE || err.code === TIMEOUT_ERROR_CODE);
}
