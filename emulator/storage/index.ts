export { LocalStorage, StorageError, normalizeCloudPath, contentTypeFor, loadSecret, LOCAL_BUCKET } from './storage';
export type { StorageOptions, StoredFile } from './storage';
