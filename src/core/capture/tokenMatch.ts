import { safeDecodeURIComponent } from '../text/uriDecode.js';

/**
 * Constant time in pure JS: every character of the token is compared whatever the candidate
 * holds or how long it is, so the time tells nothing about how much matched. (Hashing both sides
 * with node:crypto first cost ~8 µs a hash, more than a whole receive; it also kept the check
 * out of runtimes without node:crypto.) The candidate is `text` from `start` to `end`, read in
 * place: slicing it out cost the kit's receive a string per candidate.
 */
function same(text: string, start: number, end: number, token: string): boolean {
  let diff = (end - start) ^ token.length;
  // A candidate shorter than the token differs in length already; reading on past its end (or
  // past the text's, where charCodeAt gives NaN and `^` reads 0) keeps the time the same.
  for (let i = 0; i < token.length; i++) diff |= text.charCodeAt(start + i) ^ token.charCodeAt(i);
  return diff === 0;
}

const sameText = (candidate: string, token: string) => same(candidate, 0, candidate.length, token);

/**
 * Coperniq cannot sign or add headers, so the token travels in the URL: as a `token` query
 * parameter or as the last path segment (`/hooks/<token>`). Every candidate is compared, so the
 * time taken does not tell where a near miss was.
 */
export function tokenMatches(target: string, token: string): boolean {
  const q = target.indexOf('?');
  const pathEnd = q >= 0 ? q : target.length;
  let ok = segmentMatches(target, target.lastIndexOf('/', pathEnd - 1) + 1, pathEnd, token);
  if (q >= 0 && queryMatches(target, q + 1, token)) ok = true;
  return ok;
}

function segmentMatches(target: string, start: number, end: number, token: string): boolean {
  if (start >= end) return false;
  const escaped = target.indexOf('%', start);
  if (escaped < 0 || escaped >= end) return same(target, start, end, token);
  const seg = safeDecodeURIComponent(target.slice(start, end));
  return seg !== null && seg !== '' && sameText(seg, token);
}

const NEEDS_DECODING = /[%+\uD800-\uDFFF]/;

/**
 * The `token` values of the query from `from` on, as URLSearchParams reads them. A target with no
 * '%' or '+' and no surrogate (URLSearchParams turns a lone one into U+FFFD) has nothing to
 * decode, so its query is walked here, in place: URLSearchParams cost more than the rest of the
 * kit's receive (issue 12's benchmark). Any other query goes to URLSearchParams.
 */
function queryMatches(target: string, from: number, token: string): boolean {
  let ok = false;
  if (NEEDS_DECODING.test(target)) {
    for (const v of new URLSearchParams(target.slice(from)).getAll('token')) if (sameText(v, token)) ok = true;
    return ok;
  }
  // As URLSearchParams does, one leading '?' is not part of the first name.
  let at = target.charCodeAt(from) === 0x3f ? from + 1 : from;
  while (at < target.length) {
    let amp = target.indexOf('&', at);
    if (amp < 0) amp = target.length;
    if (target.startsWith('token=', at)) {
      if (same(target, at + 6, amp, token)) ok = true;
    } else if (amp - at === 5 && target.startsWith('token', at) && sameText('', token)) {
      ok = true;
    }
    at = amp + 1;
  }
  return ok;
}
