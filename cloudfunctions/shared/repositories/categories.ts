import { mergeCategories, type Category, type CategoryDoc } from '../domain/categories';
import type { Db } from '../runtime/app';

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
    /** Writes the whole category (set = upsert by code). */
    async save(doc: CategoryDoc): Promise<void> {
      const { _id, ...rest } = doc;
      await col.doc(_id).set(rest);
      cache = null;
    },
  };
}
