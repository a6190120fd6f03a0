import { showPath } from '../path/formatPath.js';
import type { KeyedSegment, Segment } from '../path/pathSegment.js';
import { segments, tokens, type PathNode } from './diffPath.js';
import { ident, looksKeyed, pairing } from './arrayKeys.js';
import type { MatchState, PathMatcher } from './pathPattern.js';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'type-changed';
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface Change {
  kind: ChangeKind;
  path: Segment[];
  /** RFC 6902 reference tokens, valid when the changes are applied in the order given. */
  pointer?: string[];
  /** Present for removed, changed and type-changed (value diffs only). */
  old?: unknown;
  /** Present for added, changed and type-changed (value diffs only). */
  new?: unknown;
  oldType?: string;
  newType?: string;
}

export interface DiffOptions {
  ignore?: PathMatcher | null;
  /** `--array-key`: fields tried in order to pair array items; the first that every item has, unique, wins. */
  arrayKeys?: readonly string[];
  /** Give each change its RFC 6902 pointer (default true); only a patch needs them. */
  pointers?: boolean;
}

export interface DiffResult {
  changes: Change[];
  /** Things the user should know about how the diff was made (arrays that could not be paired by key). */
  notes: string[];
}

type Obj = Record<string, unknown>;
const hasOwn = Object.prototype.hasOwnProperty;

export function jsonType(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as JsonType;
}

/** A pair still to compare; it is also the path node of its children (one allocation, not two). */
interface Compare extends PathNode {
  a: unknown;
  b: unknown;
  m: MatchState | undefined;
}
type Task = Compare | Change;

/**
 * The structural diff of two parsed JSON values. Object key order never matters; arrays compare by
 * index, or by `arrayKeys`. An explicit stack instead of recursion, so a document nested
 * 100,000 levels deep (JSON.parse accepts it) cannot overflow the call stack.
 *
 * Changes come out in an order in which they can be applied as a patch: inside an array, the items
 * that stay are compared first, then removals from the highest index down, then additions. Tasks
 * are pushed in reverse so they pop in that order.
 */
export function diffValues(a: unknown, b: unknown, opts: DiffOptions = {}): DiffResult {
  const matcher = opts.ignore ?? null;
  const keys = opts.arrayKeys ?? [];
  const pointers = opts.pointers ?? true;
  const changes: Change[] = [];
  const notes = new Set<string>();
  const root = { a, b, m: matcher?.start, parent: null, seg: '', token: '' };
  const stack: Task[] = [];

  const change = (kind: ChangeKind, path: PathNode | null, old: unknown, now: unknown): Change => {
    const c: Change = { kind, path: segments(path) };
    if (pointers) c.pointer = tokens(path);
    if (kind !== 'added') c.old = old;
    if (kind !== 'removed') c.new = now;
    if (kind === 'type-changed') {
      c.oldType = jsonType(old);
      c.newType = jsonType(now);
    }
    return c;
  };
  // undefined: no matcher at all; null: the path is ignored.
  const step = (m: MatchState | undefined, seg: Segment): MatchState | null | undefined =>
    matcher && m ? matcher.step(m, seg) : undefined;
  const at = (parent: PathNode | null, seg: Segment, token: string): PathNode => ({ parent, seg, token });
  const push = (x: unknown, y: unknown, parent: PathNode | null, seg: Segment, token: string, m: MatchState | undefined) => {
    // Most of a payload is unchanged: a small equal subtree is skipped without a task per node.
    budget = SMALL;
    if (typeof x === 'object' && x !== null && sameSmall(x, y)) return;
    stack.push({ a: x, b: y, parent, seg, token, m });
  };

  // The root has no segment: its children hang from `null`.
  let first = true;
  stack.push(root);
  while (stack.length) {
    const task = stack.pop()!;
    if ('kind' in task) {
      changes.push(task);
      continue;
    }
    const { a: av, b: bv, m } = task;
    const path: PathNode | null = first ? null : task;
    first = false;
    if (av === bv) continue;
    const ta = jsonType(av);
    const tb = jsonType(bv);
    if (ta !== tb) {
      changes.push(change('type-changed', path, av, bv));
      continue;
    }
    if (ta !== 'object' && ta !== 'array') {
      changes.push(change('changed', path, av, bv));
      continue;
    }
    if (ta === 'object') {
      const ao = av as Obj;
      const bo = bv as Obj;
      const ka = Object.keys(ao);
      const kb = Object.keys(bo);
      if (sameKeys(ka, kb)) {
        // Payloads from one serialiser list keys in one order: compare values side by side, no
        // hash lookup per key.
        const xa = Object.values(ao);
        const xb = Object.values(bo);
        for (let i = ka.length - 1; i >= 0; i--) {
          if (xa[i] === xb[i]) continue;
          const cm = step(m, ka[i]);
          if (cm !== null) push(xa[i], xb[i], path, ka[i], ka[i], cm);
        }
        continue;
      }
      for (let i = kb.length - 1; i >= 0; i--) {
        const k = kb[i];
        if (!hasOwn.call(ao, k) && step(m, k) !== null) stack.push(change('added', at(path, k, k), undefined, bo[k]));
      }
      for (let i = ka.length - 1; i >= 0; i--) {
        const k = ka[i];
        const inB = hasOwn.call(bo, k);
        if (inB && ao[k] === bo[k]) continue;
        const cm = step(m, k);
        if (cm === null) continue;
        if (inB) push(ao[k], bo[k], path, k, k, cm);
        else stack.push(change('removed', at(path, k, k), ao[k], undefined));
      }
      continue;
    }
    const aa = av as unknown[];
    const ba = bv as unknown[];
    const paired = keys.length ? pairing(aa, ba, keys) : null;
    if (paired) {
      const { key, inA, inB } = paired;
      for (let j = ba.length - 1; j >= 0; j--) {
        const id = (ba[j] as Obj)[key] as string | number;
        const seg: KeyedSegment = { key, value: id };
        if (!inA.has(ident(id)) && step(m, seg) !== null) stack.push(change('added', at(path, seg, '-'), undefined, ba[j]));
      }
      // Removals pushed lowest index first pop highest first, so each index is still right.
      const kept: number[] = [];
      for (let i = 0; i < aa.length; i++) {
        const id = (aa[i] as Obj)[key] as string | number;
        const seg: KeyedSegment = { key, value: id };
        if (step(m, seg) === null) continue;
        if (inB.has(ident(id))) kept.push(i);
        else stack.push(change('removed', at(path, seg, String(i)), aa[i], undefined));
      }
      // A kept item's index in a is still right when its own changes apply: removals come after.
      for (let r = kept.length - 1; r >= 0; r--) {
        const i = kept[r];
        const id = (aa[i] as Obj)[key] as string | number;
        const j = inB.get(ident(id))!;
        const seg: KeyedSegment = { key, value: id };
        if (aa[i] !== ba[j]) push(aa[i], ba[j], path, seg, String(i), step(m, seg) as MatchState | undefined);
      }
      continue;
    }
    if (keys.length && looksKeyed(aa, ba, keys)) {
      notes.add(`${showPath(segments(path))}: compared by index, as not every item has a unique ${keys.map((k) => `"${k}"`).join(' or ')}`);
    }
    const n = Math.min(aa.length, ba.length);
    for (let i = ba.length - 1; i >= n; i--) {
      if (step(m, i) !== null) stack.push(change('added', at(path, i, String(i)), undefined, ba[i]));
    }
    for (let i = n; i < aa.length; i++) {
      if (step(m, i) !== null) stack.push(change('removed', at(path, i, String(i)), aa[i], undefined));
    }
    for (let i = n - 1; i >= 0; i--) {
      if (aa[i] === ba[i]) continue;
      const cm = step(m, i);
      if (cm !== null) push(aa[i], ba[i], path, i, String(i), cm);
    }
  }
  return { changes, notes: [...notes] };
}

/**
 * Deep equality for small subtrees: stops (answering "not the same", so the caller walks the subtree
 * the ordinary way) once it has spent `SMALL` nodes, which also bounds its recursion depth.
 */
const SMALL = 64;
let budget = SMALL;
function sameSmall(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (--budget < 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) return false;
  if (isArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameSmall(x[i], y[i])) return false;
    return true;
  }
  const ka = Object.keys(a as Obj);
  if (ka.length !== Object.keys(b as Obj).length) return false;
  for (const k of ka) if (!hasOwn.call(b, k) || !sameSmall((a as Obj)[k], (b as Obj)[k])) return false;
  return true;
}

function sameKeys(ka: string[], kb: string[]): boolean {
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return false;
  return true;
}
