import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiCallError } from '../../services/errors';

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Paged<T> {
  items: T[];
  loading: boolean;
  error: string;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  setItems: (fn: (items: T[]) => T[]) => void;
}

/**
 * A cursor-paged list: the first page on mount and whenever `key` (the filters) changes, more on
 * demand. A reply for outdated filters is dropped, so quick taps never mix two lists.
 */
export function usePaged<T>(fetchPage: (cursor?: string) => Promise<PageOf<T>>, key: string): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((from: string | undefined, replace: boolean) => {
    const gen = replace ? ++generation.current : generation.current;
    setLoading(true);
    setError('');
    fetchRef
      .current(from)
      .then((page) => {
        if (gen !== generation.current) return;
        setItems((old) => (replace ? page.items : [...old, ...page.items]));
        setCursor(page.nextCursor);
      })
      .catch((e: unknown) => {
        if (gen !== generation.current) return;
        if (replace) setItems([]);
        setError(e instanceof ApiCallError ? e.message : '加载失败，请稍后重试');
      })
      .finally(() => {
        if (gen === generation.current) setLoading(false);
      });
  }, []);

  useEffect(() => {
    load(undefined, true);
  }, [key, load]);

  return {
    items,
    loading,
    error,
    hasMore: !!cursor,
    loadMore: () => {
      if (cursor && !loading) load(cursor, false);
    },
    reload: () => load(undefined, true),
    setItems,
  };
}
