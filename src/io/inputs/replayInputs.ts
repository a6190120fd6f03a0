/**
 * Reads replay inputs in two passes so 100,000 payloads fit in little memory: `scanInputs` opens
 * each file once for its order and facts, and DeliveryQueue reads a payload again when its turn
 * comes. A run of at most KEEP_COUNT payloads keeps the bytes the scan read (up to KEEP_BYTES),
 * so everyday runs read each file once; bigger runs keep none, and their memory stays flat.
 */
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import { Interrupted } from '../../core/errors.js';
import { orderFacts } from '../../core/replay/orderFacts.js';
import { decodeStored } from '../../core/capture/storedBody.js';
import type { InputReader } from './inputReader.js';
import { encodingOf, type Input } from './inputs.js';

export interface ReplayItem {
  readonly name: string;
  readonly path?: string;
  readonly capture?: IndexEntry;
  readonly fromIndex: boolean;
  firedAt: number | null;
  trigger: string | null;
  eventId: number | string | null;
  /** Content-Encoding of the stored bytes (gzip captures are kept as received). */
  readonly encoding?: string;
  /** Why this payload cannot be sent (unreadable, malformed JSON). */
  problem?: string;
  /** The bytes, when the scan kept them (always for `-` and samples: they cannot be read again). */
  bytes?: Buffer;
  /** A capture directory's file: never read through a symlink. */
  readonly noFollow?: boolean;
  /** The directory walk saw a regular file (ScratchReader.read may skip its fstat). */
  readonly seenRegular?: boolean;
}

/**
 * A payload of the run. It keeps its Input, whose name and path a file found under a directory
 * derives when asked, rather than the two strings: the items label the report, so a run holds
 * all of them to its end, and at 100,000 inputs the strings were most of its memory (issue 13).
 */
class Item implements ReplayItem {
  firedAt: number | null = null;
  trigger: string | null = null;
  eventId: number | string | null = null;
  problem: string | undefined = undefined;
  bytes: Buffer | undefined = undefined;
  readonly encoding: string | undefined;

  constructor(private readonly input: Input) {
    this.encoding = encodingOf(input);
  }

  get name(): string {
    return this.input.name;
  }

  get path(): string | undefined {
    return this.input.path;
  }

  get capture(): IndexEntry | undefined {
    return this.input.capture;
  }

  get noFollow(): boolean {
    return this.input.noFollow === true;
  }

  get seenRegular(): boolean {
    return this.input.seenRegular === true;
  }

  /** Capture-directory payloads keep the index's order. */
  get fromIndex(): boolean {
    return this.input.capture !== undefined;
  }
}

export const KEEP_BYTES = 16 * 1024 * 1024;
export const KEEP_COUNT = 20_000;

/**
 * Takes the inputs over: each Input moves from the array into its item as it is scanned, so a big
 * run never holds both lists at full size. On Ctrl-C, returns what it scanned so far.
 */
export async function scanInputs(inputs: (Input | undefined)[], reader: InputReader): Promise<ReplayItem[]> {
  const items: ReplayItem[] = [];
  // A run holds a handful of triggers: one string each, not one per payload.
  const triggers = new Map<string, string>();
  let kept = inputs.length <= KEEP_COUNT ? 0 : Infinity;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as Input;
    inputs[i] = undefined;
    const item = new Item(input);
    const c = input.capture;
    if (c) {
      // Captured bodies were real deliveries: sent as they are, even when they were not JSON.
      item.trigger = c.trigger;
      item.eventId = c.eventId;
      items.push(item);
      continue;
    }
    const path = item.path;
    let bytes: Buffer;
    try {
      bytes = await reader.read(input);
    } catch (err) {
      if (err instanceof Interrupted) break;
      // stdin was named on its own: what went wrong there is an input error of the whole run.
      if (path === undefined) throw err;
      item.problem = `cannot read: ${(err as Error).message}`;
      items.push(item);
      continue;
    }
    const decoded = decodeStored(bytes, item.encoding);
    const facts = decoded.ok ? orderFacts(decoded.bytes) : { ok: false as const, message: decoded.message };
    if (!facts.ok) {
      item.problem = facts.message;
    } else {
      if (path === undefined || kept + bytes.length <= KEEP_BYTES) {
        item.bytes = path === undefined ? bytes : Buffer.from(bytes);
        kept += bytes.length;
      }
      item.firedAt = facts.firedAt;
      item.trigger = facts.trigger === null ? null : intern(triggers, facts.trigger);
      item.eventId = facts.eventId;
    }
    items.push(item);
  }
  return items;
}

function intern(strings: Map<string, string>, s: string): string {
  const known = strings.get(s);
  if (known !== undefined) return known;
  strings.set(s, s);
  return s;
}
