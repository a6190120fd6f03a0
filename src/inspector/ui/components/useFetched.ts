/** Fetches when `key` changes; a newer fetch aborts the older one, whose answer is dropped. */
import { useEffect, useState } from 'preact/hooks';

export interface Fetched<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

export function useFetched<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Fetched<T> {
  const [state, setState] = useState<Fetched<T> & { key: string }>({ key: '', data: null, error: null, loading: true });
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, key, loading: true, error: null }));
    load(abort.signal).then(
      (data) => !abort.signal.aborted && setState({ key, data, error: null, loading: false }),
      (err: Error) => !abort.signal.aborted && setState({ key, data: null, error: err.message, loading: false }),
    );
    return () => abort.abort();
  }, [key]);
  // Until the new key's answer is in, the old data is not this key's.
  return state.key === key ? state : { data: null, error: null, loading: true };
}
