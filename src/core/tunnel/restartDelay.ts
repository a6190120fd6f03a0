const FIRST_MS = 1000;
const MOST_MS = 30_000;

/**
 * Wait before restarting a tunnel that died, doubling with each failure in a row: a quick tunnel
 * asks Cloudflare for a new URL each time, and hammering that service gets it refused (HTTP 429).
 */
export function restartDelayMs(failuresInARow: number): number {
  return Math.min(MOST_MS, FIRST_MS * 2 ** Math.max(0, failuresInARow - 1));
}
