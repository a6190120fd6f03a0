/**
 * Reads replay inputs in two passes so 100,000 payloads fit in little memory: `scanInputs` opens
 * each file once for its order and facts, and DeliveryQueue reads a payload again when its turn
 * comes. A run of at most KEEP_COUNT payloads keeps the bytes the scan read (up to KEEP_BYTES),
 * so everyday runs read each file once; bigger runs keep none, and their memory stays flat.
 */
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import { Interrupted } from '../../core/errors.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { firedAtMs } from '../../core/replay/replayPlan.js';
import { eventFacts } from '../../core/payload/payloadFacts.js';
import { decodeStored } from '../../core/capture/storedBody.js';
import type { InputReader } from './inputReader.js';
import { encodingOf, type Input } from './inputs.js';

export interface ReplayItem {
  name: string;
  path?: string;
  capture?: IndexEntry;
  fromIndex: boolean;
  firedAt: number | null;
  trigger: string | null;
  eventId: number | string | null;
  /** Content-Encoding of the stored bytes (gzip captures are kept as received). */
  encoding?: string;
  /** Why this payload cannot be sent (unreadable, malformed JSON). */
  problem?: string;
  /** The bytes, when the scan kept them (always for `-` and samples: they cannot be read again). */
  bytes?: Buffer;
}

export const KEEP_BYTES = 16 * 1024 * 1024;
export const KEEP_COUNT = 20_000;

/**
 * Takes the inputs over: each Input is dropped from the array once scanned, so a big run never
 * holds both lists at full size. On Ctrl-C, returns what it scanned so far.
 */
export async function scanInputs(inputs: (Input | undefined)[], reader: InputReader): Promise<ReplayItem[]> {
  const items: ReplayItem[] = [];
  let kept = inputs.length <= KEEP_COUNT ? 0 : Infinity;
  for (let i = 0; i < inputs.length; i++) {
    const found = inputs[i] as Input;
    inputs[i] = undefined;
    // Read once: inputs found under a directory derive their name and path on each read.
    const input = { name: found.name, path: found.path, capture: found.capture, bytes: found.bytes };
    const encoding = encodingOf(found);
    const c = input.capture;
    if (c) {
      // Captured bodies were real deliveries: sent as they are, even when they were not JSON.
      items.push({ name: input.name, path: input.path, capture: c, fromIndex: true, firedAt: null, trigger: c.trigger, eventId: c.eventId, ...(encoding ? { encoding } : {}) });
      continue;
    }
    const item: ReplayItem = { name: input.name, path: input.path, fromIndex: false, firedAt: null, trigger: null, eventId: null };
    if (encoding) item.encoding = encoding;
    let bytes: Buffer;
    try {
      bytes = await reader.read(input);
    } catch (err) {
      if (err instanceof Interrupted) break;
      // stdin was named on its own: what went wrong there is an input error of the whole run.
      if (input.path === undefined) throw err;
      items.push({ ...item, problem: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const decoded = decodeStored(bytes, encoding);
    const parsed = decoded.ok ? parseJsonBytes(decoded.bytes) : { ok: false as const, message: decoded.message };
    if (!parsed.ok) {
      item.problem = parsed.message;
    } else {
      if (input.path === undefined || kept + bytes.length <= KEEP_BYTES) {
        item.bytes = input.path === undefined ? bytes : Buffer.from(bytes);
        kept += bytes.length;
      }
      const facts = eventFacts(parsed.value);
      item.firedAt = firedAtMs(parsed.value);
      item.trigger = facts.trigger;
      item.eventId = facts.eventId;
    }
    items.push(item);
  }
  return items;
}
