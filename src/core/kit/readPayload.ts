import { decodeStoredAsync, isPlainEncoding, MAX_DECODED } from '../capture/storedBody.js';
import type { Finding } from '../payload/finding.js';
import { parseJsonBytes } from '../payload/json.js';
import type { CheckResult } from '../payload/checkCore.js';
import { checkBodyLazily } from '../payload/lazyCheck.js';
import { eventFacts } from '../payload/payloadFacts.js';
import { answers, type WebhookAnswer } from './answers.js';
import { isPromiseLike } from './maybeAsync.js';

export type Validation = 'reject' | 'warn' | 'off';

export interface ReadPayload {
  value: unknown;
  bytes: Buffer;
  eventId: number | string;
  trigger: string;
  errors: Finding[];
  warnings: Finding[];
}

/** A body the kit cannot handle at all: the answer, and what validation found when it got that far. */
export interface Unreadable {
  answer: WebhookAnswer;
  invalid?: { errors: Finding[]; eventId: number | string | null; trigger: string | null; bytes: Buffer };
}

type Read = ReadPayload | Unreadable;

const toBuffer = (raw: string | Uint8Array): Buffer =>
  typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);

/**
 * Decode (gzip, with the same cap as every reader), parse and validate the way `validate` does
 * (the zod-free pre-check, then zod for what it cannot pass), so the kit and CI agree. A plain
 * body the pre-check passes is read without a promise: each await is a trip through the
 * microtask queue, per delivery.
 */
export function readPayload(raw: string | Uint8Array, encoding: string | undefined, maxBody: number, validation: Validation): Read | Promise<Read> {
  const received = toBuffer(raw);
  if (received.length > maxBody) return { answer: answers.tooLarge(maxBody) };
  if (isPlainEncoding(encoding)) return readDecoded(received, maxBody, validation);
  // Off the event loop (zlib's pool): other deliveries are answered while a big body inflates;
  // inflating stops one byte past maxBody, so a few KiB of gzip never cost more than that.
  return decodeStoredAsync(received, encoding, Math.min(maxBody + 1, MAX_DECODED)).then((decoded) =>
    decoded.ok ? readDecoded(decoded.bytes, maxBody, validation) : { answer: decoded.tooLarge ? answers.tooLarge(maxBody) : answers.badRequest(decoded.message) },
  );
}

function readDecoded(bytes: Buffer, maxBody: number, validation: Validation): Read | Promise<Read> {
  if (bytes.length > maxBody) return { answer: answers.tooLarge(maxBody) };
  if (validation === 'off') {
    const parsed = parseJsonBytes(bytes);
    if (!parsed.ok) return { answer: answers.badRequest(parsed.message) };
    return withFacts(parsed.value, bytes, NONE, NONE, validation);
  }
  const checked = checkBodyLazily(bytes);
  return isPromiseLike(checked) ? checked.then((r) => fromCheck(r, bytes, validation)) : fromCheck(checked, bytes, validation);
}

const NONE: Finding[] = [];

function fromCheck(r: CheckResult, bytes: Buffer, validation: Validation): Read {
  if (!r.json) return { answer: answers.badRequest(r.errors[0]?.message ?? 'not JSON') };
  return withFacts(r.value, bytes, r.errors, r.warnings, validation);
}

function withFacts(value: unknown, bytes: Buffer, errors: Finding[], warnings: Finding[], validation: Validation): Read {
  const { eventId, trigger } = eventFacts(value);
  if (errors.length > 0 && validation === 'reject') {
    return { answer: answers.invalid(eventId, errors), invalid: { errors, eventId, trigger, bytes } };
  }
  if (eventId === null || trigger === null) {
    return { answer: answers.badRequest('not a Coperniq webhook: event.eventId and event.triggerKey are required') };
  }
  return { value, bytes, eventId, trigger, errors, warnings };
}
