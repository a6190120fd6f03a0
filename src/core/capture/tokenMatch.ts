import { createHash, timingSafeEqual } from 'node:crypto';
import { safeDecodeURIComponent } from '../text/uriDecode.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Hashing first makes the comparison take the same time whatever the lengths. */
function same(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
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
  for (const v of new URLSearchParams(query).getAll('token')) candidates.push(v);
  let ok = false;
  for (const c of candidates) if (same(c, token)) ok = true;
  return ok;
}
