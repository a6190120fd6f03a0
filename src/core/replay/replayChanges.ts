/**
 * What `replay` does to a payload's ids and to its headers. Unchanged payloads are sent as stored
 * (DESIGN.md, "Lose nothing"); `--set` is in applySet.ts.
 */
import { REDACTED } from '../capture/redact.js';
import { UsageError } from '../errors.js';
import { endToEndHeaders } from '../http/hopByHop.js';
import { safeDecodeURIComponent } from '../text/uriDecode.js';
import { parseHeaderArg } from './replayOptions.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/**
 * A fresh `event.eventId` and `event.firedAt`, so the receiver treats the delivery as a new
 * event. The id keeps the original's type (Coperniq sends numbers).
 */
export function applyNewIds(root: unknown, eventId: number, firedAt: Date): string | null {
  const event = isObj(root) && Object.hasOwn(root, 'event') ? root.event : undefined;
  if (!isObj(event)) return 'cannot give new ids: the payload has no "event" object';
  event.eventId = typeof event.eventId === 'string' ? String(eventId) : eventId;
  event.firedAt = firedAt.toISOString();
  return null;
}

/**
 * Where new event ids come from. Coperniq's ids are serials (6 digits in 2025, e.g. 432563) and
 * receivers store them in 32-bit columns (Postgres `integer`), so ids must stay at or below
 * 2^31 - 1. The top eighth of that range is far above any id Coperniq will issue for years, so a
 * replayed event is never mistaken for a real one.
 */
export const NEW_ID_MIN = 1_900_000_000;
export const NEW_ID_MAX = 2_147_483_647;

/**
 * Ids for one run: consecutive from a random start in [NEW_ID_MIN, NEW_ID_MAX] (wrapping at the
 * top), so they are unique within the run without remembering them, and two runs overlap only if
 * their starts fall within a run's length of each other (about 1 in 120,000 for 1,000 deliveries).
 * Ids the inputs already carry are skipped: a capture of an earlier replay holds ids from this range.
 */
export function newIdSource(count: number, inputIds: Iterable<number | string | null>, random: () => number = Math.random): () => number {
  const span = NEW_ID_MAX - NEW_ID_MIN + 1;
  const taken = new Set<number>();
  for (const id of inputIds) {
    const n = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
    if (typeof n === 'number' && Number.isInteger(n) && n >= NEW_ID_MIN && n <= NEW_ID_MAX) taken.add(n);
  }
  if (count > span - taken.size) throw new UsageError(`--new-ids: ${count} deliveries need more ids than the ${span} kept for replays`);
  let next = NEW_ID_MIN + Math.floor(random() * span);
  return () => {
    for (;;) {
      const id = next;
      next = next === NEW_ID_MAX ? NEW_ID_MIN : next + 1;
      if (!taken.has(id)) return id;
    }
  };
}

/**
 * Captured headers fit to send again: no hop-by-hop, host or length headers (the new connection
 * sets its own), and no value the capture store redacted, whole or in part (`/hooks/***`), since
 * "***" is not the secret.
 */
export function keptHeaders(captured: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(endToEndHeaders(captured))) {
    const values = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' && !v.includes(REDACTED));
    if (values.length === 0) continue;
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/** The URL's `user:password` as a Basic authorization value, as curl sends it; null when there is none. */
export function basicAuth(target: URL): string | null {
  if (!target.username && !target.password) return null;
  const decode = (s: string) => safeDecodeURIComponent(s) ?? s;
  return `Basic ${Buffer.from(`${decode(target.username)}:${decode(target.password)}`).toString('base64')}`;
}

/**
 * The headers every delivery of a run starts from: `--header` values, and the target's
 * `user:password` (undici posts to the origin, which drops it) unless a --header set authorization.
 */
export function headerPlan(target: URL, headerArgs: string[], opts: { userAgent: string; keep: boolean }): HeaderPlan {
  const extra = headerArgs.map(parseHeaderArg);
  const auth = basicAuth(target);
  if (auth && !extra.some(([name]) => name === 'authorization')) extra.unshift(['authorization', auth]);
  return { ...opts, extra };
}

export interface HeaderPlan {
  userAgent: string;
  keep: boolean;
  extra: [string, string][];
}

/** Our defaults, then the captured headers (with --keep-headers), then every --header, in that order of strength. */
export function buildHeaders(plan: HeaderPlan, captured?: Record<string, string | string[]>): Record<string, string | string[]> {
  const contentType = captured?.['content-type'];
  const headers: Record<string, string | string[]> = {
    'content-type': typeof contentType === 'string' && contentType !== '***' ? contentType : 'application/json',
    'user-agent': plan.userAgent,
  };
  if (plan.keep && captured) Object.assign(headers, keptHeaders(captured));
  const given: Record<string, string[]> = {};
  for (const [name, value] of plan.extra) (given[name] ??= []).push(value);
  for (const [name, values] of Object.entries(given)) headers[name] = values.length === 1 ? values[0] : values;
  return headers;
}
