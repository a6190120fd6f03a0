/**
 * `GET /api/deliveries/:seq`: one delivery's index entry, its body decoded as every
 * reader decodes it, and every finding (the index keeps only the first three), with their paths.
 */
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { verdictClass } from '../../core/inspect/deliveryQuery.js';
import { checkBody } from '../../core/payload/check.js';
import type { CheckOptions } from '../../core/payload/checkCore.js';
import type { Finding } from '../../core/payload/findings.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { readPayload, type FactsCache } from '../../io/capture/payloadReader.js';
import type { IndexFollower } from '../../io/capture/indexFollower.js';
import type { ApiReply } from '../../io/http/inspector/inspectorTypes.js';
import type { BodyView } from '../../core/inspect/apiShapes.js';
import { entryAt, storedFileReply } from './deliveryEntry.js';

export async function deliveryDetail(follower: IndexFollower, facts: FactsCache, seq: number): Promise<ApiReply> {
  const at = await entryAt(follower, seq);
  if (!('entry' in at)) return at;
  const { entry, position } = at;
  const previous = follower.catalog.previousOfRecord(position);
  const base = {
    entry,
    verdictClass: verdictClass(entry),
    ...(await facts.of(entry)),
    previousOfRecord: previous < 0 ? null : follower.catalog.seqAt(previous),
  };
  let payload;
  try {
    payload = await readPayload(follower.dir, entry);
  } catch (err) {
    const r = storedFileReply(err);
    return { status: 200, json: { ...base, body: null, bodyError: (r.json as { error: string }).error, findings: null } };
  }
  const sha256 = createHash('sha256').update(payload.stored).digest('hex');
  const decoded = payload.decoded;
  const parsed = decoded ? parseJsonBytes(decoded) : null;
  const body: BodyView = {
    bytes: payload.stored.length,
    sha256,
    intact: sha256 === entry.sha256,
    encoding: entry.encoding ?? null,
    note: payload.note,
    text: decoded && isUtf8(decoded) ? decoded.toString('utf8') : null,
    json: Boolean(parsed?.ok),
    parseError: parsed && !parsed.ok ? { message: parsed.message, line: parsed.line, column: parsed.column } : null,
  };
  return { status: 200, json: { ...base, body, bodyError: null, findings: findingsOf(decoded, payload.note) } };
}

export function findingsOf(decoded: Buffer | null, note: string | null, opts: CheckOptions = {}): { valid: boolean; trigger: string | null; known: boolean; errors: Finding[]; warnings: Finding[] } {
  if (decoded === null) return { valid: false, trigger: null, known: false, errors: [{ level: 'error', path: '', code: 'undecodable', message: note ?? 'cannot be decoded' }], warnings: [] };
  const r = checkBody(decoded, opts);
  return { valid: r.valid, trigger: r.trigger, known: r.known, errors: r.errors, warnings: r.warnings };
}
