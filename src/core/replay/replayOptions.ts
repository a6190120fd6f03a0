/**
 * Parsing of `replay`'s option values: the target, `--header`, `--set`, `--expect`. Pure, so every
 * rule can be unit-tested; bad values become UsageError (exit 2) before anything is read or sent.
 */
import { UsageError } from '../errors.js';
import { redactUrl } from '../capture/redact.js';
import { isLoopbackHost } from '../http/loopback.js';
import { isConnectionHeader } from '../http/hopByHop.js';
import { parsePath } from '../path/parsePath.js';
import { PathError } from '../path/tokenizePath.js';
import type { PlainSegment } from '../path/pathSegment.js';

export interface SetChange {
  /** As the user wrote it, for the report. */
  path: string;
  segments: PlainSegment[];
  value: unknown;
  /** `--set-new`: create what is missing on the way. `--set` changes only what exists, so a typo is an error. */
  create: boolean;
}

export function parseTarget(raw: string | undefined): URL {
  if (raw === undefined || raw.trim() === '') {
    throw new UsageError('no target: give --to URL or set COPERNIQ_HOOKS_TARGET');
  }
  const text = raw.trim();
  const guess = withScheme(text);
  if (guess) throw new UsageError(`--to needs a scheme: did you mean ${redactUrl(guess)} ?`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`not a URL: "${redactUrl(text)}" (expected e.g. http://127.0.0.1:3000/hook)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--to must be an http:// or https:// URL, got ${url.protocol}//`);
  }
  return url;
}

/**
 * `localhost:3000/hook` parses as a URL whose scheme is "localhost:", and `staging.example.com/hook`
 * does not parse at all: both are a host written without its scheme. The guess is http:// for this
 * machine (local servers rarely speak TLS) and https:// for anything else.
 */
function withScheme(text: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || !/^[\w.[\]:-]+(?::\d+)?(?:[/?#]|$)/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    return null;
  }
  const host = url.hostname;
  const looksLikeHost = isLoopbackHost(host) || host.includes('.') || host.startsWith('[');
  if (!looksLikeHost) return null;
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${text}`;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `--header "X-Env: staging"` -> ['x-env', 'staging']. */
export function parseHeaderArg(arg: string): [string, string] {
  const colon = arg.indexOf(':');
  const name = colon < 0 ? '' : arg.slice(0, colon).trim();
  if (colon < 0 || !TOKEN.test(name)) {
    throw new UsageError(`--header must look like "Name: value", got "${arg}"`);
  }
  const value = arg.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(value)) throw new UsageError(`--header ${name}: the value may not contain line breaks`);
  // Other control characters: what undici (and the HTTP grammar, RFC 9110 §5.5) refuses in a value.
  if (/[\x01-\x08\x0b-\x1f\x7f]/.test(value)) throw new UsageError(`--header ${name}: the value may not contain control characters`);
  if (isConnectionHeader(name)) {
    throw new UsageError(`--header ${name}: set by the connection itself (the body goes whole, with its content-length); leave it out`);
  }
  return [name.toLowerCase(), value];
}

/**
 * A --set path in the notation every command prints (`event.currentStage.name`,
 * `record.trades[0]`, `record["odd.key"]`), read by the one path parser; `__proto__`,
 * `constructor` and `prototype` are refused there (`--set __proto__.x=1` once polluted every
 * object in the process, issue 8).
 */
export function parseSetPath(path: string, option = '--set'): PlainSegment[] {
  try {
    return parsePath(path);
  } catch (err) {
    if (err instanceof PathError) throw new UsageError(`${option} path "${path}": ${err.message}`);
    throw err;
  }
}

/**
 * `PATH=VALUE`; the value is JSON when it parses (`3`, `true`, `{"id":1}`), else a plain string.
 * `create` is `--set-new`.
 */
export function parseSet(arg: string, create = false): SetChange {
  const option = create ? '--set-new' : '--set';
  const eq = pathEnd(arg);
  if (eq <= 0) throw new UsageError(`${option} must look like PATH=VALUE, got "${arg}"`);
  const path = arg.slice(0, eq).trim();
  const raw = arg.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { path, segments: parseSetPath(path, option), value, create };
}

/** Where PATH ends: the first `=` outside brackets, so `record["a=b"]=1` sets the key `a=b`. */
function pathEnd(arg: string): number {
  let bracket = false;
  let quoted = false;
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '[' || c === ']') bracket = c === '[';
    else if (c === '"' && bracket) quoted = true;
    else if (c === '=' && !bracket) return i;
  }
  return -1;
}

export interface Expect {
  text: string;
  test: (status: number) => boolean;
}

/** `2xx`, `200,202`, `200-299,409`: which answers count as success. */
export function parseExpect(spec: string): Expect {
  const parts = spec.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError('--expect is empty (e.g. 2xx or 200,202)');
  const ranges = parts.map((p): [number, number] => {
    let m = /^([1-5])xx$/i.exec(p);
    if (m) return [Number(m[1]) * 100, Number(m[1]) * 100 + 99];
    m = /^(\d{3})$/.exec(p);
    if (m && valid(Number(m[1]))) return [Number(m[1]), Number(m[1])];
    m = /^(\d{3})-(\d{3})$/.exec(p);
    if (m && valid(Number(m[1])) && valid(Number(m[2])) && Number(m[1]) <= Number(m[2])) return [Number(m[1]), Number(m[2])];
    throw new UsageError(`--expect: "${p}" is not a status (e.g. 2xx, 200, 200-299)`);
  });
  return { text: parts.join(','), test: (s) => ranges.some(([lo, hi]) => s >= lo && s <= hi) };
}

const valid = (n: number) => n >= 100 && n <= 599;
