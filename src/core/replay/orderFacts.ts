/**
 * What `replay` learns of a plain payload before sending anything: when it fired (the order), its
 * trigger and event id (the report), or why it cannot be sent (not JSON). The byte scan answers
 * for nearly every payload; the full parse is for the rest, and words the errors.
 */
import { parseJsonBytes } from '../payload/json.js';
import { eventFacts } from '../payload/payloadFacts.js';
import { scanEventFacts } from '../payload/eventScan.js';
import { firedAtMs, timeMs } from './replayPlan.js';

export type OrderFacts =
  | { ok: true; firedAt: number | null; trigger: string | null; eventId: number | string | null }
  | { ok: false; message: string };

export function orderFacts(bytes: Uint8Array): OrderFacts {
  const scanned = scanEventFacts(bytes);
  if (scanned) return { ok: true, firedAt: timeMs(scanned.firedAt), trigger: scanned.trigger, eventId: scanned.eventId };
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) return parsed;
  return { ok: true, firedAt: firedAtMs(parsed.value), ...eventFacts(parsed.value) };
}
