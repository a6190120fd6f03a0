/**
 * Reads replay inputs in two passes so 100,000 payloads fit in little memory: `scanInputs` opens
 * each file once for its order and facts and keeps none of its bytes; `readBody` reads a payload
 * again only when its turn to be sent comes.
 */
import { readFileSync } from 'node:fs';
import type { IndexEntry } from '../core/captureFormat.js';
import { parseJsonBytes } from '../core/json.js';
import { firedAtMs } from '../core/replayPlan.js';
import { payloadFacts } from '../core/summary.js';
import { readStdin, type Input } from './inputs.js';

export interface ReplayItem {
  name: string;
  path?: string;
  capture?: IndexEntry;
  fromIndex: boolean;
  firedAt: number | null;
  trigger: string | null;
  eventId: number | string | null;
  /** Why this payload cannot be sent (unreadable, malformed JSON). */
  problem?: string;
  /** Only for `-`: stdin cannot be read twice. */
  bytes?: Buffer;
}

export async function scanInputs(inputs: Input[], stdin: NodeJS.ReadableStream): Promise<ReplayItem[]> {
  const items: ReplayItem[] = [];
  for (const input of inputs) {
    const c = input.capture;
    if (c) {
      // Captured bodies were real deliveries: sent as they are, even when they were not JSON.
      items.push({ name: input.name, path: input.path, capture: c, fromIndex: true, firedAt: null, trigger: c.trigger, eventId: c.eventId });
      continue;
    }
    const item: ReplayItem = { name: input.name, path: input.path, fromIndex: false, firedAt: null, trigger: null, eventId: null };
    let bytes: Buffer;
    try {
      bytes = input.path === undefined ? await readStdin(stdin) : readFileSync(input.path);
    } catch (err) {
      items.push({ ...item, problem: `cannot read: ${(err as Error).message}` });
      continue;
    }
    if (input.path === undefined) item.bytes = bytes;
    const parsed = parseJsonBytes(bytes);
    if (!parsed.ok) {
      item.problem = parsed.message;
    } else {
      const facts = payloadFacts(parsed.value);
      item.firedAt = firedAtMs(parsed.value);
      item.trigger = facts.trigger;
      item.eventId = facts.eventId;
    }
    items.push(item);
  }
  return items;
}

export function readBody(item: ReplayItem): Buffer {
  return item.bytes ?? readFileSync(item.path as string);
}
