import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
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
  // Which filters the held items belong to: on the very render that changes `key`, the old list
  // is already hidden (derived here), not one effect later.
  const [itemsKey, setItemsKey] = useState(key);
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
    // New filters: drop the old list and start over.
    setItemsState([]);
    setItemsKey(key);
    setCursor(null);
    load(undefined, true);
  }, [key, load]);

  const current = itemsKey === key;
  return {
    items: current ? items : [],
    loading: loading || !started || !current,
    error,
    hasMore: current && !!cursor,
    loadMore: () => {
      if (cursor && !loading) load(cursor, false);
    },
    reload: () => load(undefined, true),
    setItems: (fn) => setItemsState(fn),
  };
}

/**
 * Reloads the list when the page shows again (back from a detail or edit page, where the items may
 * have changed), but not on the first show, which the list loads by itself.
 */
export function useReloadOnReturn(list: Pick<Paged<unknown>, 'reload'>): void {
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) list.reload();
    shown.current = true;
  });
}
