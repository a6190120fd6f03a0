import { safeDecodeURIComponent } from '../text/uriDecode.js';

/**
 * Constant time in pure JS: every character of the token is compared whatever the candidate
 * holds or how long it is, so the time tells nothing about how much matched. (Hashing both sides
 * with node:crypto first cost ~8 µs a hash, more than a whole receive; it also kept the check
 * out of runtimes without node:crypto.) The candidate is `text` from `start` to `end`, read in
 * place: slicing it out cost the kit's receive a string per candidate. The token comes as its
 * character codes, read once when the matcher is built.
 */
function same(text: string, start: number, end: number, token: Codes): boolean {
  let diff = (end - start) ^ token.length;
  // A candidate shorter than the token differs in length already; reading on past its end (or
  // past the text's, where charCodeAt gives NaN and `^` reads 0) keeps the time the same.
  for (let i = 0; i < token.length; i++) diff |= text.charCodeAt(start + i) ^ token[i];
  return diff === 0;
}

type Codes = readonly number[];

const sameText = (candidate: string, token: Codes) => same(candidate, 0, candidate.length, token);

const QUESTION = 0x3f;
const EQUALS = 0x3d;
const AMPERSAND = 0x26;
const NAME = 'token';

/** Characters URLSearchParams or decodeURIComponent would turn into others. */
const DECODED = /[%+ \uD800-\uDFFF\uFFFD]/;

/**
 * Coperniq cannot sign or add headers, so the token travels in the URL: as a `token` query
 * parameter (as URLSearchParams reads it) or as the last path segment (`/hooks/<token>`, as
 * decodeURIComponent reads it). Built once per token, run per request.
 *
 * Each candidate is compared in constant time, so the time taken does not tell how nearly a
 * wrong one matched. The query is looked at first and a match ends the check: that tells the
 * sender only what the answer tells them anyway.
 */
export function tokenMatcher(token: string): (target: string) => boolean {
  // A token with no character that decoding could produce can be compared with the raw text of
  // a query that has no '%': URLSearchParams would read the same value. The rest go through it.
  const plain = !DECODED.test(token);
  const codes: Codes = Array.from({ length: token.length }, (_, i) => token.charCodeAt(i));
  const atEnd = plain && !token.includes('&');
  return (target) => {
    if (atEnd && endsWithToken(target, codes)) return true;
    const q = target.indexOf('?');
    if (q >= 0 && (plain ? rawQueryMatches(target, q + 1, codes) : decodedQueryMatches(target, q + 1, codes))) return true;
    return segmentMatches(target, q >= 0 ? q : target.length, codes);
  };
}

/**
 * Whether the target ends with the parameter `token=<token>`, as Coperniq's webhook URL usually
 * does (`…/coperniq?token=…`): one comparison in place, where reading the query cost the kit's
 * receive three searches of the text (issue 12). Only for a plain token without '&', which no
 * decoding changes and no '&' splits, so URLSearchParams reads the same value there. A no here
 * says nothing: the caller then reads the whole target.
 */
export function endsWithToken(target: string, token: Codes): boolean {
  const value = target.length - token.length;
  // The '?' or '&' before `token=`.
  const before = value - NAME.length - 2;
  if (before < 0 || target.charCodeAt(value - 1) !== EQUALS || !target.startsWith(NAME, before + 1)) return false;
  const q = target.indexOf('?');
  // After '&' the parameter must be in the query; a '?' must be the one that starts it.
  const separates = target.charCodeAt(before) === AMPERSAND ? q >= 0 && q < before : q === before;
  return separates && same(target, value, target.length, token);
}

/** One-off check, for callers that do not keep a matcher. */
export const tokenMatches = (target: string, token: string): boolean => tokenMatcher(token)(target);

/** The path's last segment, before `pathEnd`, decoded when it has an escape. */
function segmentMatches(target: string, pathEnd: number, token: Codes): boolean {
  const start = target.lastIndexOf('/', pathEnd - 1) + 1;
  if (start >= pathEnd) return false;
  const escaped = target.indexOf('%', start);
  if (escaped < 0 || escaped >= pathEnd) return same(target, start, pathEnd, token);
  const seg = safeDecodeURIComponent(target.slice(start, pathEnd));
  return seg !== null && seg !== '' && sameText(seg, token);
}

/**
 * The query from `from` on, split here in place: URLSearchParams cost more than the rest of the
 * kit's receive (issue 12's benchmark). Without a '%' in the query, a name is `token` only as
 * written ('+' and surrogates cannot make one), and for a plain token neither can make a value.
 */
function rawQueryMatches(target: string, from: number, token: Codes): boolean {
  if (target.indexOf('%', from) >= 0) return decodedQueryMatches(target, from, token);
  let ok = false;
  // As URLSearchParams does, one leading '?' is not part of the first name.
  let at = target.charCodeAt(from) === QUESTION ? from + 1 : from;
  while (at < target.length) {
    let end = target.indexOf('&', at);
    if (end < 0) end = target.length;
    if (target.startsWith(NAME, at)) {
      // `token` alone is `token=`: an empty value.
      if (end - at === NAME.length ? token.length === 0 : target.charCodeAt(at + NAME.length) === EQUALS && same(target, at + NAME.length + 1, end, token)) ok = true;
    }
    at = end + 1;
  }
  return ok;
}

function decodedQueryMatches(target: string, from: number, token: Codes): boolean {
  let ok = false;
  for (const v of new URLSearchParams(target.slice(from)).getAll(NAME)) if (sameText(v, token)) ok = true;
  return ok;
}
