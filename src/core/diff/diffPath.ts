/**
 * Paths inside a JSON document as `diff` shows them: `event.currentStage.name`, `record.trades[1]`,
 * `record["odd key"]`, `lineItems[id=42]` for an item paired by `--array-key`, `trades[*]` for
 * "every item" in `--shape`. The same syntax is what `--ignore` parses, so a path copied from the
 * output can be pasted into `--ignore`.
 */
export interface KeyedSegment {
  key: string;
  value: string | number;
}
export interface ElementSegment {
  element: true;
}
export type Segment = string | number | KeyedSegment | ElementSegment;

export const EVERY_ELEMENT: ElementSegment = { element: true };

const IDENTIFIER = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u;
// JSON.stringify leaves C1 controls (U+0080–U+009F, where U+009B is a CSI on some terminals),
// bidi overrides and line separators as they are; a payload must not be able to drive the terminal.
const UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text from a payload made safe for a terminal: control characters become escapes such as `\u001b`. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON string literal that is also safe to print on a terminal. */
export function quote(s: string): string {
  return JSON.stringify(s).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatSegment(seg: Segment, first: boolean): string {
  if (typeof seg === 'number') return `[${seg}]`;
  if (typeof seg === 'string') return IDENTIFIER.test(seg) ? (first ? seg : `.${seg}`) : `[${quote(seg)}]`;
  if ('element' in seg) return '[*]';
  return `[${IDENTIFIER.test(seg.key) ? seg.key : quote(seg.key)}=${typeof seg.value === 'number' ? seg.value : quote(seg.value)}]`;
}

export function formatPath(path: readonly Segment[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (let i = 0; i < path.length; i++) out += formatSegment(path[i], i === 0);
  return out;
}

/**
 * A path as a linked list, so the walkers can extend it in O(1) per node however deep the
 * document is; it is turned into an array only for the few nodes that differ.
 */
export interface PathNode {
  parent: PathNode | null;
  seg: Segment;
  /** The RFC 6902 reference token that reaches this node when the patch op runs. */
  token: string;
}

export function segments(node: PathNode | null): Segment[] {
  const out: Segment[] = [];
  for (let n = node; n; n = n.parent) out.push(n.seg);
  return out.reverse();
}

export function tokens(node: PathNode | null): string[] {
  const out: string[] = [];
  for (let n = node; n; n = n.parent) out.push(n.token);
  return out.reverse();
}
