import { useCallback, useRef, useState } from 'react';
import { ApiCallError } from '../../services/errors';

export interface Paged<T> {
  items: T[];
  loading: boolean;
  /** Chinese message of the last failure, '' when fine. */
  error: string;
  /** null before the first load. */
  loaded: boolean;
  hasMore: boolean;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
}

/** A cursor-paginated list: first page, 加载更多, and a reload that starts over. */
export function usePaged<T>(fetchPage: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  // Only the latest request may write (a reload overtakes a slow load-more).
  const seq = useRef(0);

  const load = useCallback(
    async (from: string | undefined, append: boolean) => {
      const mine = ++seq.current;
      setLoading(true);
      setError('');
      try {
        const page = await fetchPage(from);
        if (mine !== seq.current) return;
        setItems((prev) => (append ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoaded(true);
      } catch (err) {
        if (mine !== seq.current) return;
        setError(err instanceof ApiCallError ? err.message : '加载失败，请稍后重试');
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    },
    [fetchPage],
  );

  return {
    items,
    loading,
    error,
    loaded,
    hasMore: !!cursor,
    reload: () => load(undefined, false),
    loadMore: async () => {
      if (cursor && !loading) await load(cursor, true);
    },
  };
}
