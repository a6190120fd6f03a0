/**
 * coperniq-hooks as a library: the same rules `coperniq-hooks validate` applies, for middleware that
 * wants to validate Coperniq webhooks at run time.
 *
 *   import { parseWebhook } from 'coperniq-hooks';
 *   const r = parseWebhook(JSON.parse(body));
 *   if (r.success && r.known && r.payload.event.triggerKey === 'PROJECT_MOVEMENT') r.payload.event.currentStage.name;
 */
import { checkBody, checkValue } from './core/payload/check.js';
import type { CheckOptions, CheckResult } from './core/payload/checkCore.js';
import type { Finding } from './core/payload/findings.js';
import type { KnownWebhookPayload, UnknownTriggerPayload } from './core/payload/types.js';

export { checkBody, checkValue } from './core/payload/check.js';
export type { CheckOptions, CheckResult } from './core/payload/checkCore.js';
export type { Finding, Level } from './core/payload/findings.js';
export { webhookJsonSchema } from './core/payload/jsonSchema.js';
export { buildSchemas, schemas, type Openness, type Schemas } from './core/payload/schemas.js';
export { payloadFacts, type PayloadFacts } from './core/payload/payloadFacts.js';
export { KNOWN_VALUES, TRIGGERS, TRIGGER_KEYS, isKnownTrigger, triggerInfo, type TriggerInfo, type TriggerKey } from './core/payload/triggers.js';
export type * from './core/payload/types.js';
export { diffValues, type Change, type ChangeKind, type DiffOptions, type DiffResult } from './core/diff/diffValues.js';
export { formatPath } from './core/path/formatPath.js';
export { parsePath, parsePattern, PathError } from './core/path/parsePath.js';
export type { Segment, PlainSegment } from './core/path/pathSegment.js';
export { toJsonPatch, type PatchOp } from './core/diff/jsonPatch.js';
export { compileMatcher, VOLATILE_PATTERNS, type PathMatcher } from './core/diff/pathPattern.js';
export { diffShapes, shapeOf, type Shape } from './core/diff/shape.js';

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
