/**
 * Parsing of `replay`'s option values: the target, `--header`, `--set`, `--expect`. Pure, so every
 * rule can be unit-tested; bad values become UsageError (exit 2) before anything is read or sent.
 */
import { UsageError } from '../errors.js';
import { redactUrl } from '../capture/redact.js';

export type PathSegment = string | number;

export interface SetChange {
  /** As the user wrote it, for the report. */
  path: string;
  segments: PathSegment[];
  value: unknown;
}

export function parseTarget(raw: string | undefined): URL {
  if (raw === undefined || raw.trim() === '') {
    throw new UsageError('no target: give --to URL or set COPERNIQ_HOOKS_TARGET');
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`not a URL: "${redactUrl(raw.trim())}" (expected e.g. http://127.0.0.1:3000/hook)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--to must be an http:// or https:// URL, got ${url.protocol}//`);
  }
  return url;
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
  return [name.toLowerCase(), value];
}

/**
 * `event.currentStage.name`, `record.trades[0]`, `record["odd.key"]`. Numbers in brackets index
 * arrays; a dotted number (`a.0`) is a key, since Coperniq objects never use numeric keys.
 */
export function parseSetPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  const bad = (why: string): never => {
    throw new UsageError(`--set path "${path}": ${why}`);
  };
  if (path === '') bad('empty path');
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) bad('unclosed "["');
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) segments.push(JSON.parse(inner) as string);
      else bad(`expected [number] or ["key"], got [${inner}]`);
      i = close + 1;
      if (i < path.length && path[i] !== '.' && path[i] !== '[') bad(`unexpected "${path[i]}" after "]"`);
      if (path[i] === '.') i++;
      if (i === path.length && path.endsWith('.')) bad('ends with "."');
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    const key = path.slice(i, j);
    if (key === '') bad('empty key (two dots in a row, or a leading dot)');
    segments.push(key);
    i = j;
    if (path[i] === '.') {
      i++;
      if (i === path.length) bad('ends with "."');
    }
  }
  return segments;
}

/** `PATH=VALUE`; the value is JSON when it parses (`3`, `true`, `{"id":1}`), else a plain string. */
export function parseSet(arg: string): SetChange {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set must look like PATH=VALUE, got "${arg}"`);
  const path = arg.slice(0, eq).trim();
  const raw = arg.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { path, segments: parseSetPath(path), value };
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
