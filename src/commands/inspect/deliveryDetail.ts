/**
 * `GET /api/deliveries/:seq` and `.../raw`: one delivery's index entry, its body decoded as every
 * reader decodes it, and every finding (the index keeps only the first three), with their paths.
 */
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { IndexEntry } from '../../core/capture/captureFormat.js';
import { verdictClass } from '../../core/inspect/deliveryQuery.js';
import { checkBody, type CheckOptions } from '../../core/payload/check.js';
import type { Finding } from '../../core/payload/findings.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { readPayload, type FactsCache } from '../../io/capture/payloadReader.js';
import type { IndexFollower } from '../../io/capture/indexFollower.js';
import { StoredFileError } from '../../io/capture/storedFile.js';
import { apiError, type ApiReply } from '../../io/http/inspector/inspectorTypes.js';

/** The entry at `seq`, or the reply saying why there is none. */
export async function entryAt(follower: IndexFollower, seq: number): Promise<{ entry: IndexEntry; position: number } | ApiReply> {
  const position = follower.catalog.find(seq);
  const [found] = position < 0 ? [] : await follower.entries([position]);
  return found ?? apiError(404, `no delivery #${seq} in the index`);
}

export function storedFileReply(err: unknown): ApiReply {
  if (!(err instanceof StoredFileError)) throw err;
  const status = err.code === 'missing' ? 404 : err.code === 'refused' ? 403 : err.code === 'too-large' ? 413 : 500;
  return apiError(status, err.message);
}

interface BodyView {
  /** Bytes as stored. */
  bytes: number;
  sha256: string;
  /** The stored bytes still hash to what the index recorded. */
  intact: boolean;
  encoding: string | null;
  note: string | null;
  /** The decoded text, or null when it is not UTF-8 (download the raw bytes instead). */
  text: string | null;
  json: boolean;
  /** Where malformed JSON breaks. */
  parseError: { message: string; line?: number; column?: number } | null;
}

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

const RAW_TYPES: [RegExp, string][] = [
  [/\.json$/, 'application/json'],
  [/\.gz$/, 'application/gzip'],
];

/** The stored bytes as stored, as a download: never rendered by the browser. */
export async function rawDelivery(follower: IndexFollower, seq: number): Promise<ApiReply> {
  const at = await entryAt(follower, seq);
  if (!('entry' in at)) return at;
  let payload;
  try {
    payload = await readPayload(follower.dir, { file: at.entry.file });
  } catch (err) {
    return storedFileReply(err);
  }
  const name = at.entry.file;
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    status: 200,
    bytes: payload.stored,
    headers: {
      'content-type': RAW_TYPES.find(([re]) => re.test(name))?.[1] ?? 'application/octet-stream',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'content-security-policy': "default-src 'none'; sandbox",
    },
  };
}
