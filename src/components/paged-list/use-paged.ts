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
 * A cursor-paged list: first page on mount and whenever `key` changes (a filter), more on demand.
 * A reply for an outdated key is dropped, so quick filter taps never mix two lists, and a failed
 * first page clears the list, so an error never sits under another filter's items.
 * In the main package because subpackages (snapshot, admin) cannot import each other.
 */
export function usePaged<T>(fetchPage: (cursor?: string) => Promise<PageOf<T>>, key: string): Paged<T> {
  const [items, setItemsState] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [started, setStarted] = useState(false);
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
        setItemsState((old) => (replace ? page.items : [...old, ...page.items]));
        setCursor(page.nextCursor);
        setStarted(true);
      })
      .catch((e: unknown) => {
        if (gen !== generation.current) return;
        if (replace) setItemsState([]);
        setError(e instanceof ApiCallError ? e.message : '加载失败，请稍后重试');
      })
      .finally(() => {
        if (gen === generation.current) setLoading(false);
      });
  }, []);

  useEffect(() => {
    // New filters: the old list goes at once, so it is never taken for the new one while loading.
    setItemsState([]);
    setCursor(null);
    load(undefined, true);
  }, [key, load]);

  return {
    items,
    loading: loading || !started,
    error,
    hasMore: !!cursor,
    loadMore: () => {
      if (cursor && !loading) load(cursor, false);
    },
    reload: () => load(undefined, true),
    setItems: (fn) => setItemsState(fn),
  };
}
