/**
 * Coperniq webhooks carry no signature, so users put tokens in the URL (path or query) and
 * proxies add auth headers and pass the original URL on (`X-Original-URL`, `Referer`): every URL
 * and header we print or store goes through here first.
 */
import { safeDecodeURIComponent } from '../text/uriDecode.js';

export const REDACTED = '***';

/**
 * Credential-carrying header names: `authorization`, cookies, and anything named like a key,
 * token, secret, password, signature, session, JWT or bearer (`x-access-key`, `private-key`,
 * `x-hub-signature-256`, `x-pass`). Narrow enough to leave `keep-alive`, `x-request-id`,
 * `content-type`, `accept` and `x-passenger-version` readable.
 */
const SECRET_HEADER = new RegExp(
  [
    '^(authorization|proxy-authorization|cookie|set-cookie)$',
    'api[-_]?key', 'access[-_]?key', 'private[-_]?key', '(^|[-_])key$',
    'token', 'secret', 'passw(or)?d', '(^|[-_])pass(word|wd|phrase|code)?($|[-_])',
    'signature', 'session', 'credential', 'auth', 'jwt', 'bearer',
  ].join('|'),
  'i',
);

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

export interface RedactOptions {
  /** The listener's token (or the one the user names): hidden wherever it appears, percent-encoded too. */
  token?: string;
  /** `--show-secrets`: redact nothing. */
  show?: boolean;
}

export type Headers = Record<string, string | string[] | undefined>;

/** Secret-named headers become `***`; in every other value the token is hidden, and URL-like values are redacted as URLs. */
export function redactHeaders(headers: Headers, opts: RedactOptions = {}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (opts.show) out[name] = value;
    else if (isSecretHeader(name)) out[name] = Array.isArray(value) ? value.map(() => REDACTED) : REDACTED;
    else out[name] = Array.isArray(value) ? value.map((v) => redactHeaderValue(v, opts.token)) : redactHeaderValue(value, opts.token);
  }
  return out;
}

const URL_LIKE = /^(\/|[a-z][a-z0-9+.-]*:\/\/)/i;

function redactHeaderValue(value: string, token: string | undefined): string {
  if (URL_LIKE.test(value)) return redactUrl(value, { token });
  return token ? redactToken(value, token) : value;
}

/** A few patterns (a token and the secrets of one target URL), kept so each answer does not recompile them. */
const patterns = new Map<string, RegExp>();

/** Each character of the token as written or percent-encoded (either hex case): `s%33cret` is `s3cret`. */
function tokenPattern(token: string): RegExp {
  const known = patterns.get(token);
  if (known) return known;
  const encoder = new TextEncoder();
  const hex = (b: number) => `%${[...b.toString(16).padStart(2, '0')].map((c) => (/[a-f]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('')}`;
  const source = [...token]
    .map((ch) => `(?:${ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|${[...encoder.encode(ch)].map(hex).join('')})`)
    .join('');
  const pattern = new RegExp(source, 'g');
  if (patterns.size >= 16) patterns.clear();
  patterns.set(token, pattern);
  return pattern;
}

/** Hides every occurrence of the token, as written or percent-encoded. */
export function redactToken(text: string, token: string): string {
  return token === '' ? text : text.replace(tokenPattern(token), REDACTED);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path segment that looks generated rather than named, so it is most likely a secret (a
 * webhook.site id, `openssl rand -hex 16`, a nanoid): a UUID; a run of 16 or more letters and
 * digits mixing both; or 20 or more of `[A-Za-z0-9_-]` mixing upper case, lower case and digits.
 * `webhooks`, `coperniq-hook-2024` and `v2` stay readable.
 */
export function looksLikeSecret(segment: string): boolean {
  if (UUID.test(segment)) return true;
  const mixed = (s: string) => /\d/.test(s) && /[A-Za-z]/.test(s);
  if (segment.split(/[-_.~]/).some((part) => part.length >= 16 && /^[A-Za-z0-9]+$/.test(part) && mixed(part))) return true;
  return segment.length >= 20 && /^[\w-]+$/.test(segment) && /[a-z]/.test(segment) && /[A-Z]/.test(segment) && /\d/.test(segment);
}

/**
 * Redacts, in an absolute URL or a request target (`/hooks/abc?token=x`): the token wherever it
 * appears, every query value, user:password, the fragment, and a last path segment or a bare
 * query item that looks like a secret (`looksLikeSecret`).
 */
export function redactUrl(url: string, opts: RedactOptions = {}): string {
  if (opts.show) return url;
  let out = opts.token ? redactToken(url, opts.token) : url;
  const hashAt = out.indexOf('#');
  const hash = hashAt >= 0 ? `#${REDACTED}` : '';
  if (hashAt >= 0) out = out.slice(0, hashAt);
  const q = out.indexOf('?');
  const query = q >= 0 ? `?${redactQuery(out.slice(q + 1))}` : '';
  if (q >= 0) out = out.slice(0, q);
  return redactPath(redactUserinfo(out)) + query + hash;
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return looksLikeSecret(pair) ? REDACTED : pair;
      return `${pair.slice(0, eq)}=${REDACTED}`;
    })
    .join('&');
}

function redactUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@?#]*)@/i, (_m, scheme: string, userinfo: string) =>
    `${scheme}${userinfo.includes(':') ? `${userinfo.slice(0, userinfo.indexOf(':'))}:${REDACTED}` : REDACTED}@`,
  );
}

/** The last non-empty path segment, when it looks like a secret; the authority is never a path segment. */
function redactPath(url: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url);
  const start = authority ? authority[0].length : 0;
  const segments = url.slice(start).split('/');
  let last = segments.length - 1;
  while (last > 0 && segments[last] === '') last--;
  if (last > 0 && looksLikeSecret(segments[last])) segments[last] = REDACTED;
  return url.slice(0, start) + segments.join('/');
}

/**
 * The secrets a URL carries, as they may come back in free text (a receiver that echoes the URL
 * it was called with in its error page): the password of user:password, query values long
 * enough to be a key (short ones such as `v=2` would hide digits everywhere), and a last path
 * segment that looks generated. Both as written and decoded.
 */
export function urlSecrets(href: string): string[] {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return [];
  }
  const found = new Set<string>();
  const add = (raw: string) => {
    for (const s of [raw, safeDecode(raw)]) if (s.length >= 6 || looksLikeSecret(s)) found.add(s);
  };
  if (url.password) add(url.password);
  for (const pair of url.search.slice(1).split('&')) {
    const eq = pair.indexOf('=');
    const value = eq < 0 ? pair : pair.slice(eq + 1);
    if (value && (eq >= 0 || looksLikeSecret(value))) add(value);
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const last = segments.at(-1);
  if (last && looksLikeSecret(safeDecode(last))) add(last);
  // Longest first, so a secret that contains another is hidden whole.
  return [...found].sort((a, b) => b.length - a.length);
}

/** A query value as a server reads it ('+' is a space); as written when its escapes are malformed. */
const safeDecode = (s: string): string => safeDecodeURIComponent(s.replace(/\+/g, ' ')) ?? s;

/** Hides each of the secrets (as `redactToken` does one) in a text shown to the user. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = redactToken(out, s);
  return out;
}
