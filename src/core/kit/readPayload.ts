import { decodeStoredAsync } from '../capture/storedBody.js';
import type { Finding } from '../payload/finding.js';
import { parseJsonBytes } from '../payload/json.js';
import { checkBodyLazily } from '../payload/lazyCheck.js';
import { eventFacts } from '../payload/payloadFacts.js';
import { answers, type WebhookAnswer } from './answers.js';

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

const toBuffer = (raw: string | Uint8Array): Buffer =>
  typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);

/**
 * Decode (gzip, with the same cap as every reader), parse and validate the way `validate` does
 * (the zod-free pre-check, then zod for what it cannot pass), so the kit and CI agree.
 */
export async function readPayload(raw: string | Uint8Array, encoding: string | undefined, maxBody: number, validation: Validation): Promise<ReadPayload | Unreadable> {
  const received = toBuffer(raw);
  if (received.length > maxBody) return { answer: answers.tooLarge(maxBody) };
  // Off the event loop (zlib's pool): other deliveries are answered while a big body inflates.
  const decoded = await decodeStoredAsync(received, encoding);
  if (!decoded.ok) return { answer: answers.badRequest(decoded.message) };
  const bytes = decoded.bytes;
  if (bytes.length > maxBody) return { answer: answers.tooLarge(maxBody) };

  let value: unknown;
  let errors: Finding[] = [];
  let warnings: Finding[] = [];
  if (validation === 'off') {
    const parsed = parseJsonBytes(bytes);
    if (!parsed.ok) return { answer: answers.badRequest(parsed.message) };
    value = parsed.value;
  } else {
    const r = await checkBodyLazily(bytes);
    if (!r.json) return { answer: answers.badRequest(r.errors[0]?.message ?? 'not JSON') };
    ({ value, errors, warnings } = r);
  }
  const { eventId, trigger } = eventFacts(value);
  if (errors.length > 0 && validation === 'reject') {
    return { answer: answers.invalid(eventId, errors), invalid: { errors, eventId, trigger, bytes } };
  }
  if (eventId === null || trigger === null) {
    return { answer: answers.badRequest('not a Coperniq webhook: event.eventId and event.triggerKey are required') };
  }
  return { value, bytes, eventId, trigger, errors, warnings };
}
