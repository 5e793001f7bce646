import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiCallError } from '../../services/errors';

export interface Loaded<T> {
  data: T | null;
  loading: boolean;
  error: string;
  reload: () => void;
}

/**
 * One fetched value (a home's counts, a short list): loaded on mount, reloadable — pair it with
 * useReloadOnReturn so the figures are fresh whenever the page shows again. A reload keeps the old
 * value on screen until the new one arrives, and a late reply of an older load is dropped.
 */
export function useLoaded<T>(fetch: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const generation = useRef(0);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const reload = useCallback(() => {
    const gen = ++generation.current;
    setLoading(true);
    // A fetch that throws at once is a failed load like any other, not a crashed page.
    Promise.resolve()
      .then(() => fetchRef.current())
      .then((value) => {
        if (gen !== generation.current) return;
        setData(value);
        setError('');
      })
      .catch((e: unknown) => {
        if (gen !== generation.current) return;
        setError(e instanceof ApiCallError ? e.message : '加载失败，请稍后重试');
      })
      .finally(() => {
        if (gen === generation.current) setLoading(false);
      });
  }, []);

  useEffect(reload, [reload]);
  return { data, loading, error, reload };
}
