/** Data loaded from the API on mount (and on `reload()`), with its error. */
import { useCallback, useEffect, useState } from 'react';

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore-start lint/correctness/useExhaustiveDependencies: the caller names what `load` reads
  const reload = useCallback(() => {
    load().then(
      (value) => {
        setData(value);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, deps);
  // biome-ignore-end lint/correctness/useExhaustiveDependencies: the caller names what `load` reads
  useEffect(reload, [reload]);
  return { data, error, reload };
}
