import { quote } from '../text/printable.js';
import type { Segment } from './pathSegment.js';

/**
 * The one notation for a path inside a payload, printed by every command and read back by every
 * option that takes a path (`parsePath`, `parsePattern`): `event.currentStage.name`,
 * `record.trades[1]`, `record["odd key"]`, `lineItems[id=42]`, `trades[*]`.
 *
 * Only ASCII identifiers go bare. A key with other letters is quoted (`record["café"]`), because
 * Unicode identifiers may hold invisible joiners and look-alike letters: two keys that differ must
 * look different.
 */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Invisible in a terminal even inside quotes; JSON escapes keep the key readable and re-parseable.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060-\u2064\ufeff]/g;

function quoteKey(key: string): string {
  return quote(key).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function formatSegment(seg: Segment, first: boolean): string {
  if (typeof seg === 'number') return `[${seg}]`;
  if (typeof seg === 'string') return IDENTIFIER.test(seg) ? (first ? seg : `.${seg}`) : `[${quoteKey(seg)}]`;
  if ('element' in seg) return '[*]';
  const key = IDENTIFIER.test(seg.key) ? seg.key : quoteKey(seg.key);
  return `[${key}=${typeof seg.value === 'number' ? seg.value : quoteKey(seg.value)}]`;
}

/** The path as text; the empty path (the whole document) is the empty string. */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) out += formatSegment(path[i], i === 0);
  return out;
}

/** For people: the whole document is `(root)`, which no key can be mistaken for (it would be `["(root)"]`). */
export function showPath(path: readonly Segment[]): string {
  return path.length ? formatPath(path) : '(root)';
}
