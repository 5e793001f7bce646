import { mergeCategories, type Category, type CategoryDoc } from '../domain/categories';
import type { Db, Tx } from '../runtime/app';

export const CATEGORIES_COLLECTION = 'categories';

/**
 * Categories, cached per warm instance: read on every submit, edited a few times a year. An edit
 * clears this instance's cache at once; other warm instances pick it up within CATEGORY_CACHE_MS.
 */
export const CATEGORY_CACHE_MS = 60_000;
let cache: { at: number; list: Category[] } | null = null;

export function categoriesRepo(db: Db) {
  const col = db.collection(CATEGORIES_COLLECTION);
  return {
    async list(now = Date.now()): Promise<Category[]> {
      if (cache && now - cache.at < CATEGORY_CACHE_MS) return cache.list;
      const res = await col.where({}).limit(1000).get();
      const list = mergeCategories(res.data as CategoryDoc[]);
      cache = { at: now, list };
      return list;
    },
    async find(code: string): Promise<Category | null> {
      return (await this.list()).find((c) => c.code === code) ?? null;
    },
  };
}

/**
 * Inside the transaction that edits a category: the stored document as it is now (never the cached
 * list, which may be a minute old), so the audit entry's `before` is what the edit really replaced.
 */
export async function storedCategory(tx: Tx, code: string): Promise<CategoryDoc | null> {
  const res = await tx.collection(CATEGORIES_COLLECTION).doc(code).get();
  return ((res as { data: CategoryDoc | null }).data ?? null) as CategoryDoc | null;
}

/** Writes the whole category (set = upsert by code) within the edit's transaction. */
export async function saveCategory(tx: Tx, doc: CategoryDoc): Promise<void> {
  const { _id, ...rest } = doc;
  await tx.collection(CATEGORIES_COLLECTION).doc(_id).set(rest);
  cache = null;
}
