import { safeDecodeURIComponent } from '../text/uriDecode.js';

/**
 * Constant time in pure JS: every character of the token is compared whatever the candidate
 * holds or how long it is, so the time tells nothing about how much matched. (Hashing both sides
 * with node:crypto first cost ~8 µs a hash, more than a whole receive; it also kept the check
 * out of runtimes without node:crypto.)
 */
function same(candidate: string, token: string): boolean {
  let diff = candidate.length ^ token.length;
  // Past the candidate's end charCodeAt gives NaN, which `^` reads as 0: still a difference.
  for (let i = 0; i < token.length; i++) diff |= candidate.charCodeAt(i) ^ token.charCodeAt(i);
  return diff === 0;
}

/**
 * Coperniq cannot sign or add headers, so the token travels in the URL: as a `token` query
 * parameter or as the last path segment (`/hooks/<token>`). Every candidate is compared, so the
 * time taken does not tell where a near miss was.
 */
export function tokenMatches(target: string, token: string): boolean {
  const q = target.indexOf('?');
  const pathPart = q >= 0 ? target.slice(0, q) : target;
  const query = q >= 0 ? target.slice(q + 1) : '';
  const candidates: string[] = [];
  const seg = safeDecodeURIComponent(pathPart.slice(pathPart.lastIndexOf('/') + 1));
  if (seg !== null && seg !== '') candidates.push(seg);
  for (const v of tokenParams(query)) candidates.push(v);
  let ok = false;
  for (const c of candidates) if (same(c, token)) ok = true;
  return ok;
}

const NEEDS_DECODING = /[%+\uD800-\uDFFF]/;

/**
 * The `token` values of a query, as URLSearchParams reads them. A query with no '%' or '+' and
 * no surrogate (URLSearchParams turns a lone one into U+FFFD) has nothing to decode, so it is
 * split here: URLSearchParams cost more than the rest of the token check (issue 12's benchmark).
 * Any other query goes to URLSearchParams.
 */
function tokenParams(query: string): string[] {
  if (query === '') return [];
  if (NEEDS_DECODING.test(query)) return new URLSearchParams(query).getAll('token');
  const out: string[] = [];
  // As URLSearchParams does, one leading '?' is not part of the first name.
  for (const pair of (query.startsWith('?') ? query.slice(1) : query).split('&')) {
    if (pair.startsWith('token=')) out.push(pair.slice(6));
    else if (pair === 'token') out.push('');
  }
  return out;
}
