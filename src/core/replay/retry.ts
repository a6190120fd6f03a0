/**
 * When and how long to wait before trying a delivery again. Coperniq retries any non-2xx, so a
 * receiver under test answers 429/503 with Retry-After; we honour it, within MAX_WAIT_MS so one
 * odd header cannot stall a run for hours.
 */
export const BASE_DELAY_MS = 250;
export const MAX_BACKOFF_MS = 10_000;
export const MAX_WAIT_MS = 30_000;

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** `Retry-After: 3` or an HTTP date -> milliseconds to wait (capped), or null when unusable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_WAIT_MS);
  // Only the IMF-fixdate and its obsolete siblings: Date.parse would accept "5" or "soon-ish".
  if (!/^[A-Za-z]{3},? /.test(v) && !/GMT$/.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - nowMs), MAX_WAIT_MS);
}

/** The wait before retry number `retry` (1-based), preferring the server's Retry-After. */
export function retryDelay(retry: number, retryAfter: string | string[] | undefined, nowMs: number, random?: () => number): number {
  return parseRetryAfter(retryAfter, nowMs) ?? backoffMs(retry, random);
}
