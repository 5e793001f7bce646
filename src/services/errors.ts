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
