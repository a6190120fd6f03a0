/**
 * The filters of `GET /api/deliveries` (issue 10, "Filters"): parsed from the query string once,
 * checked, then matched against the compact facts the catalog keeps for every delivery.
 */
import type { IndexEntry } from '../capture/captureFormat.js';

/** One class per delivery, so a filter on several classes is a plain "any of". */
export const VERDICT_CLASSES = ['valid', 'warnings', 'invalid', 'not-json', 'empty', 'unchecked'] as const;
export type VerdictClass = (typeof VERDICT_CLASSES)[number];

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** Payload files read for one `q` request before it answers "partial, continue from here". */
export const DEFAULT_SCAN = 10_000;
export const MAX_SCAN = 100_000;
/** Bytes read for one `q` request, whatever `scan` says (a few huge bodies must not stall it). */
export const SCAN_BYTES = 64 * 1024 * 1024;

export interface DeliveryQuery {
  /** Trigger keys; `none` stands for deliveries without one. Empty: any. */
  triggers: string[];
  verdicts: VerdictClass[];
  /** true: only duplicates; false: only first deliveries; null: both. */
  duplicates: boolean | null;
  record: string | null;
  /** Free text searched in the bodies, lower-cased; null: no search. */
  text: string | null;
  /** Only deliveries with a smaller sequence number (the cursor). */
  before: number | null;
  limit: number;
  scan: number;
}

export class QueryError extends Error {}

const list = (v: string | null) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function whole(name: string, raw: string | null, min: number, max: number, fallback: number | null): number | null {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new QueryError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

function yesNo(name: string, raw: string | null): boolean | null {
  if (raw === null || raw === '') return null;
  if (/^(1|true|yes|only)$/i.test(raw)) return true;
  if (/^(0|false|no|exclude)$/i.test(raw)) return false;
  throw new QueryError(`${name} must be 1 (only duplicates) or 0 (no duplicates), got "${raw}"`);
}

export function parseDeliveryQuery(params: URLSearchParams): DeliveryQuery {
  const verdicts = list(params.get('verdict'));
  for (const v of verdicts) {
    if (!(VERDICT_CLASSES as readonly string[]).includes(v)) throw new QueryError(`verdict must be one or more of ${VERDICT_CLASSES.join(', ')} (comma-separated), got "${v}"`);
  }
  const q = params.get('q');
  const record = params.get('record');
  return {
    triggers: list(params.get('trigger')),
    verdicts: verdicts as VerdictClass[],
    duplicates: yesNo('duplicates', params.get('duplicates')),
    record: record === null || record.trim() === '' ? null : record.trim(),
    text: q === null || q.trim() === '' ? null : q.trim().toLowerCase(),
    before: whole('before', params.get('before'), 1, Number.MAX_SAFE_INTEGER, null),
    limit: whole('limit', params.get('limit'), 1, MAX_LIMIT, DEFAULT_LIMIT) as number,
    scan: whole('scan', params.get('scan'), 1, MAX_SCAN, DEFAULT_SCAN) as number,
  };
}

export function verdictClass(e: Pick<IndexEntry, 'bytes' | 'verdict'>): VerdictClass {
  if (e.bytes === 0) return 'empty';
  if (!e.verdict?.json) return 'not-json';
  if (e.verdict.valid === false) return 'invalid';
  if (e.verdict.valid === null || e.verdict.valid === undefined) return 'unchecked';
  return e.verdict.warnings > 0 ? 'warnings' : 'valid';
}

/** What the catalog keeps of each delivery to filter on (the rest stays in index.ndjson). */
export interface DeliveryFacts {
  trigger: string | null;
  verdict: VerdictClass;
  duplicate: boolean;
  record: string | null;
}

/** Does a delivery pass the filters that need no body? (`text` is the body search's job.) */
export function matchesFacts(q: DeliveryQuery, f: DeliveryFacts): boolean {
  if (q.triggers.length && !q.triggers.includes(f.trigger ?? 'none')) return false;
  if (q.verdicts.length && !q.verdicts.includes(f.verdict)) return false;
  if (q.duplicates !== null && f.duplicate !== q.duplicates) return false;
  if (q.record !== null && f.record !== q.record) return false;
  return true;
}

/** True when the query filters at all on the catalog's facts. */
export function filtersFacts(q: DeliveryQuery): boolean {
  return q.triggers.length > 0 || q.verdicts.length > 0 || q.duplicates !== null || q.record !== null;
}

/** `q` matches a body whose text (as stored, gzip decoded) holds it, ignoring case. */
export function bodyMatches(text: string, lowerNeedle: string): boolean {
  return text.toLowerCase().includes(lowerNeedle);
}

export function factsOf(e: IndexEntry): DeliveryFacts {
  return {
    trigger: typeof e.trigger === 'string' ? e.trigger : null,
    verdict: verdictClass(e),
    duplicate: e.duplicateOf !== null && e.duplicateOf !== undefined,
    record: e.recordId === null || e.recordId === undefined ? null : String(e.recordId),
  };
}
