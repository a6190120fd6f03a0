/**
 * Who may use the inspector (issue 10, "Security"): a local server that holds payloads and can
 * send requests is a target for every web page the user visits. Pure decisions, so each rule is
 * tested on its own; the server applies them to every request before anything else.
 */
import { timingSafeEqual } from 'node:crypto';

/** Loopback names the inspector answers to; anything else is DNS rebinding (403). */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** `Host` must be a loopback name or address with the inspector's own port. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.some((name) => h === `${name}:${port}` || (port === 80 && h === name));
}

/** `Origin` of the inspector's own page, as a browser sends it. */
export function isOwnOrigin(origin: string, port: number): boolean {
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}` || (port === 80 && origin.toLowerCase() === `http://${name}`));
}

export interface RequestFacts {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  /** `Sec-Fetch-Site`, which browsers send on every request. */
  fetchSite: string | undefined;
  /** An API call (as opposed to loading the page itself). */
  api: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * null when the request may go on to authentication, else the status and why. A state-changing
 * request (and any API call) from another origin is refused even with a valid cookie: for a
 * browser, every port of localhost is the same *site*, so SameSite=Strict alone lets another
 * local web app send the cookie.
 */
export function refuseRequest(r: RequestFacts, port: number): { status: 403; reason: string } | null {
  if (!isAllowedHost(r.host, port)) {
    return { status: 403, reason: `Host ${JSON.stringify(r.host ?? '')} is not this machine's loopback address: open the inspector at http://127.0.0.1:${port}/` };
  }
  const checked = r.api || !SAFE_METHODS.has(r.method);
  if (!checked) return null;
  if (r.origin !== undefined && !isOwnOrigin(r.origin, port)) return { status: 403, reason: `requests from ${JSON.stringify(r.origin)} are not allowed` };
  if (r.fetchSite !== undefined && r.fetchSite !== 'same-origin' && r.fetchSite !== 'none') {
    return { status: 403, reason: `${r.fetchSite} requests are not allowed` };
  }
  return null;
}

/** The cookie that carries the session token; one name per port, since cookies ignore ports. */
export function cookieName(port: number): string {
  return `coperniq_hooks_inspector_${port}`;
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : null;
}

/** Constant-time comparison, so the token cannot be guessed a character at a time. */
export function sessionTokenMatches(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
