import { UsageError } from '../errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since` / `--until`: an ISO-8601 time (`2025-01-21T06:00:00Z`; a date alone is midnight UTC,
 * a time without a zone is local time, as `Date.parse` reads them) or a time ago (`90s`, `30m`,
 * `2h`, `7d`, `1w`) counted back from `now`. Epoch milliseconds.
 */
export function parseTimeBound(flag: string, text: string, now: number): number {
  const t = text.trim();
  const ago = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(t);
  if (ago) return now - Number(ago[1]) * UNIT_MS[ago[2].toLowerCase()];
  const ms = /^\d{4}-\d{2}-\d{2}/.test(t) ? Date.parse(t) : NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(`${flag} takes an ISO time such as 2025-01-21T06:00:00Z or 2025-01-21, or a time ago such as 30m, 2h, 7d; got "${text}"`);
  }
  return ms;
}
