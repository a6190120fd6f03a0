import type { PlainSegment } from './pathSegment.js';

/** RFC 6901: `~` becomes `~0` first, then `/` becomes `~1`, so `a/~b` is `a~1~0b`. */
export function escapeToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toPointer(tokens: readonly string[]): string {
  let out = '';
  for (const t of tokens) out += `/${escapeToken(t)}`;
  return out;
}

/**
 * A JSON Pointer (as ajv reports `instancePath`) as path segments. A pointer does not say whether
 * `/0` is an index or a key; an all-digit token is taken as an index, as payloads key objects by name.
 */
export function pointerToSegments(pointer: string): PlainSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => (/^(?:0|[1-9]\d*)$/.test(t) ? Number(t) : t.replace(/~1/g, '/').replace(/~0/g, '~')));
}
