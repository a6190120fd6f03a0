/**
 * Spaces attempts `1000 / rate` ms apart across all workers (`--rate`), so a receiver with a rate
 * limit sees an even stream rather than bursts.
 */
export function rateGate(perSecond: number | undefined, signal: AbortSignal): () => Promise<void> {
  if (!perSecond) return () => Promise.resolve();
  const gap = 1000 / perSecond;
  let nextAt = 0;
  return () => {
    const now = performance.now();
    const at = Math.max(now, nextAt);
    nextAt = at + gap;
    return sleep(at - now, signal);
  };
}

/** Resolves after `ms`, or at once when the signal aborts (the caller checks the signal). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
