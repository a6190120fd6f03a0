/**
 * Turns a stored payload into what goes on the wire: its headers, and its bytes as stored or, when
 * a change was asked for, decoded, changed and re-serialised. A payload the change cannot apply to
 * (not JSON, no such path, no event object) is "not sent (cannot change)": a fact about the input,
 * never a failure of the receiver (issue 9).
 */
import { exactJsonText } from '../payload/exactNumber.js';
import { decodeStored } from '../capture/storedBody.js';
import { parseJsonBytes } from '../payload/json.js';
import { applySet } from './applySet.js';
import { applyNewIds, buildHeaders, type HeaderPlan } from './replayChanges.js';
import type { SetChange } from './replayOptions.js';

export type Headers = Record<string, string | string[]>;

/** What preparation needs to know of a stored payload (an input of `replay`). */
export interface StoredPayload {
  /** Content-Encoding of the stored bytes (gzip captures are kept as received). */
  encoding?: string;
  eventId: number | string | null;
  /** Set for payloads from a capture directory. */
  capture?: { headers: Headers };
}

export type Prepared =
  | { body: Uint8Array; headers: Headers; changed: string[]; eventId: number | string | null }
  | { cannotChange: string };

export interface ChangePlan {
  headers: HeaderPlan;
  /** In the order they apply. */
  sets: SetChange[];
  /** With `--new-ids`: hands out the next id. */
  nextId?: () => number;
  now: () => Date;
}

/** The stored bytes as a JSON value, or why they are not one. */
export function parseStored(bytes: Buffer, encoding: string | undefined): { ok: true; value: unknown } | { ok: false; message: string } {
  const decoded = decodeStored(bytes, encoding);
  if (!decoded.ok) return decoded;
  // Numbers a double cannot hold stay as written: a change elsewhere must not round them.
  return parseJsonBytes(decoded.bytes, { exactNumbers: true });
}

/** One function for the whole run, so the plain headers are built once, not per delivery. */
export function preparer(plan: ChangePlan): (stored: StoredPayload, bytes: Buffer) => Prepared {
  const plain = buildHeaders(plan.headers);
  const headersFor = (stored: StoredPayload) => (stored.capture ? buildHeaders(plan.headers, stored.capture.headers) : plain);
  const changing = plan.sets.length > 0 || plan.nextId !== undefined;
  return (stored, bytes) => {
    if (!changing) {
      // A gzip capture goes out as stored, labelled as it arrived.
      const headers = stored.encoding ? { ...headersFor(stored), 'content-encoding': stored.encoding } : headersFor(stored);
      return { body: bytes, headers, changed: [], eventId: stored.eventId };
    }
    const parsed = parseStored(bytes, stored.encoding);
    if (!parsed.ok) return { cannotChange: parsed.message };
    const applied = applyChanges(parsed.value, plan);
    if (typeof applied === 'string') return { cannotChange: applied };
    const headers = { ...headersFor(stored) };
    // A changed gzip capture is sent decoded.
    delete headers['content-encoding'];
    return { body: Buffer.from(exactJsonText(JSON.stringify(parsed.value))), headers, changed: applied.changed, eventId: applied.eventId ?? stored.eventId };
  };
}

/** The changed paths (and the new event id), or why the changes cannot apply. */
function applyChanges(value: unknown, plan: ChangePlan): { changed: string[]; eventId?: number } | string {
  const changed: string[] = [];
  for (const set of plan.sets) {
    const r = applySet(value, set);
    if (!r.ok) return r.message;
    changed.push(set.path);
  }
  if (!plan.nextId) return { changed };
  const eventId = plan.nextId();
  const problem = applyNewIds(value, eventId, plan.now());
  if (problem) return problem;
  changed.push('event.eventId', 'event.firedAt');
  return { changed, eventId };
}
