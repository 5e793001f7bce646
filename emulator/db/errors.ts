// CloudBase reports database failures as HTTP 200 with a code string; wx-server-sdk maps these
// strings to numeric errCodes, so only CloudBase's real codes are used.
export type DbErrorCode =
  | 'INVALID_PARAM'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL';

export class DbError extends Error {
  constructor(readonly code: DbErrorCode, message: string) {
    super(message);
  }
}
