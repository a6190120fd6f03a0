import { checkBody, checkValue } from './check.js';
import type { CheckOptions, CheckResult } from './checkCore.js';
import type { Finding } from './finding.js';
import type { KnownWebhookPayload, UnknownTriggerPayload } from './types.js';

export type ParseResult =
  | { success: true; known: true; payload: KnownWebhookPayload; warnings: Finding[] }
  | { success: true; known: false; payload: UnknownTriggerPayload; warnings: Finding[] }
  | { success: false; errors: Finding[]; warnings: Finding[] };

function toParseResult(r: CheckResult): ParseResult {
  if (!r.valid) return { success: false, errors: r.errors, warnings: r.warnings };
  return r.known
    ? { success: true, known: true, payload: r.value as KnownWebhookPayload, warnings: r.warnings }
    : { success: true, known: false, payload: r.value as UnknownTriggerPayload, warnings: r.warnings };
}

/** Validates a parsed payload. The payload is returned as given (never stripped or coerced). */
export function parseWebhook(value: unknown, opts?: CheckOptions): ParseResult {
  return toParseResult(checkValue(value, opts));
}

/** Validates raw body bytes (strict UTF-8, then JSON, then the schema). */
export function parseWebhookBody(body: Uint8Array, opts?: CheckOptions): ParseResult {
  return toParseResult(checkBody(body, opts));
}
