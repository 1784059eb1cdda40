import { useCallback, useEffect, useRef, useState } from 'react';
import { useReportError } from './useReportError';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads `load()` when its dependencies change, keeps the last result while reloading, and reports
 * a failure once as a notification. Answers of a superseded load are dropped.
 */
export const useLoad = <T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> => {
  const reportError = useReportError();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [isLoading, setIsLoading] = useState(true);
  const generation = useRef(0);

  const run = useCallback(load, deps);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setIsLoading(true);
    try {
      const result = await run();
      if (mine !== generation.current) return;
      setData(result);
      setError(null);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(failure);
      reportError(failure);
    } finally {
      if (mine === generation.current) setIsLoading(false);
    }
  }, [run, reportError]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, isLoading, reload };
};
