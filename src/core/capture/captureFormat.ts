/**
 * The capture store's on-disk format (DESIGN.md, "Capture store"), shared by the writer (`listen`)
 * and every reader (`validate`, `diff`, `replay`). A capture directory is flat: payload files whose
 * names sort in arrival order, `index.ndjson`, and dot-files for anything else.
 */
export const INDEX_FILE = 'index.ndjson';
export const SEQ_WIDTH = 8;

export interface ForwardResult {
  /** Redacted target URL. */
  url: string;
  status: number | null;
  ms: number;
  error?: string;
  /** The start of a non-2xx response body. */
  bodyStart?: string;
}

export interface Verdict {
  /** The body parsed as JSON (after content decoding). */
  json: boolean;
  /** null when validation was turned off or the body is not a JSON object. */
  valid: boolean | null;
  errors: number;
  warnings: number;
  /** The first findings, "path: message". */
  first: string[];
}

export interface IndexEntry {
  seq: number;
  file: string;
  receivedAt: string;
  method: string;
  /** Path and query, secrets redacted. */
  path: string;
  /** Request headers, secrets redacted. */
  headers: Record<string, string | string[]>;
  remote: string;
  bytes: number;
  sha256: string;
  trigger: string | null;
  eventId: number | string | null;
  recordId: number | string | null;
  /** Sequence number of an earlier delivery with the same event id. */
  duplicateOf: number | null;
  verdict: Verdict;
  status: number;
  forward?: ForwardResult;
  /** `gzip` when the stored bytes are compressed (`Content-Encoding`); readers decode before parsing. */
  encoding?: string;
}

/**
 * `00000042-PROJECT_MOVEMENT-432563.json`: sortable by arrival, tells trigger and event at a glance.
 * A gzip body is stored as received, so its name says so (`.json.gz`) instead of posing as JSON.
 */
export function captureFileName(
  seq: number,
  trigger: string | null | undefined,
  eventId: unknown,
  isJson: boolean,
  opts: { gzip?: boolean } = {},
): string {
  const part = (v: unknown, unsafe: RegExp, fallback: string) => {
    const s = v === null || v === undefined ? '' : String(v).replace(unsafe, '_').slice(0, NAME_PART_MAX);
    return s === '' || s === '.' || s === '..' ? fallback : s;
  };
  // No '-' in the trigger part (Coperniq's keys have none), so the event id is everything after
  // the second '-' and an id such as "a-b" reads back whole (see eventIdFromFileName).
  const key = part(trigger, /[^A-Za-z0-9_.]+/g, isJson ? 'UNKNOWN' : 'RAW');
  const id = part(eventId, /[^A-Za-z0-9_.-]+/g, NO_EVENT_ID);
  return `${String(seq).padStart(SEQ_WIDTH, '0')}-${key}-${id}${isJson ? '.json' : '.body'}${opts.gzip ? '.gz' : ''}`;
}

const NAME_PART_MAX = 60;
const NO_EVENT_ID = 'no-event-id';

/**
 * Sequence number from a payload file name (8 digits or more, then `-`), or null for anything
 * else. By hand rather than by a regex: `listen` runs it on every name of a directory that may
 * hold a million payloads.
 */
export function seqFromFileName(name: string): number | null {
  let seq = 0;
  let i = 0;
  for (; i < name.length; i++) {
    const digit = name.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    seq = seq * 10 + digit;
  }
  return i >= SEQ_WIDTH && name.charCodeAt(i) === 45 ? seq : null;
}

/**
 * The event id a payload file name carries, as text, or null when it has none. Exact for ids made
 * of letters, digits, `_`, `.` and `-` up to 60 characters (every Coperniq id); other ids were
 * altered to fit a file name, and read back altered.
 */
export function eventIdFromFileName(name: string): string | null {
  const m = /^\d{8,}-[^-]*-(.+?)\.(?:json|body)(?:\.gz)?$/.exec(name);
  return m && m[1] !== NO_EVENT_ID ? m[1] : null;
}

/**
 * Whether the event id a payload's name carries may not be the payload's own: characters a file
 * name cannot hold became `_` (`x/y z` is named `x_y_z`, which is another id), a long id was cut
 * at 60 characters, an id such as "." reads as none. Only the payload itself tells it then. A
 * body that is not JSON (`.body`) has no event id at all.
 */
export function nameMayAlterEventId(name: string): boolean {
  const m = /^\d{8,}-[^-]*-(.+?)\.(json|body)(?:\.gz)?$/.exec(name);
  if (!m || m[2] === 'body') return false;
  return m[1] === NO_EVENT_ID || m[1].includes('_') || m[1].length >= NAME_PART_MAX;
}

/**
 * Parses `index.ndjson` text. A line cut short by a crash (the last one) is skipped, not fatal:
 * its payload file, if any, is still found by `readCapture`.
 */
export function parseIndex(text: string): { entries: IndexEntry[]; badLines: number[] } {
  const entries: IndexEntry[] = [];
  const badLines: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const entry = parseIndexLine(line);
    if (entry) entries.push(entry);
    else badLines.push(i + 1);
  }
  return { entries, badLines };
}

/** One line of `index.ndjson`, or null when it is not an index entry. */
export function parseIndexLine(line: string): IndexEntry | null {
  try {
    const v = JSON.parse(line) as IndexEntry;
    return v && typeof v === 'object' && typeof v.file === 'string' && typeof v.seq === 'number' ? v : null;
  } catch {
    return null;
  }
}

/** The index is ours, but a hand-edited one must not send a reader outside the directory. */
export function isPayloadName(file: string): boolean {
  return file !== '' && !file.includes('/') && !file.includes('\\') && !file.startsWith('.') && !file.includes('\0');
}
