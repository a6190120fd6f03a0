import { showPath } from '../path/formatPath.js';
import type { KeyedSegment, Segment } from '../path/pathSegment.js';
import { ExactNumber } from '../payload/exactNumber.js';
import { ident, looksKeyed, pairByArrayKey, type KeyedPairs } from './arrayKeys.js';
import { segments, tokens, type PathNode } from './pathNode.js';
import type { MatchState, PathMatcher } from './pathPattern.js';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'type-changed' | 'became-optional' | 'became-required';
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** How often a field was there, in a shape diff of many payloads: "present in 9 of 10". */
export interface Presence {
  count: number;
  of: number;
}

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
  /** Shape diffs only: how often the field was there on each side. */
  oldPresence?: Presence;
  newPresence?: Presence;
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
  if (typeof v !== 'object') return typeof v as JsonType;
  if (Array.isArray(v)) return 'array';
  return v instanceof ExactNumber ? 'number' : 'object';
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
  return new ValueDiff(opts).run(a, b);
}

class ValueDiff {
  private readonly matcher: PathMatcher | null;
  private readonly keys: readonly string[];
  private readonly pointers: boolean;
  private readonly changes: Change[] = [];
  private readonly notes = new Set<string>();
  private readonly stack: Task[] = [];

  constructor(opts: DiffOptions) {
    this.matcher = opts.ignore ?? null;
    this.keys = opts.arrayKeys ?? [];
    this.pointers = opts.pointers ?? true;
  }

  run(a: unknown, b: unknown): DiffResult {
    const { stack } = this;
    // The root has no segment: its children hang from `null`.
    this.visit(a, b, null, this.matcher?.start);
    while (stack.length) {
      const task = stack.pop()!;
      if ('kind' in task) this.changes.push(task);
      else this.visit(task.a, task.b, task, task.m);
    }
    return { changes: this.changes, notes: [...this.notes] };
  }

  private visit(av: unknown, bv: unknown, path: PathNode | null, m: MatchState | undefined): void {
    if (av === bv) return;
    const ta = jsonType(av);
    const tb = jsonType(bv);
    if (ta !== tb) this.changes.push(this.change('type-changed', path, av, bv));
    else if (ta === 'object') this.objects(av as Obj, bv as Obj, path, m);
    else if (ta === 'array') this.arrays(av as unknown[], bv as unknown[], path, m);
    else if (!sameNumber(av, bv)) this.changes.push(this.change('changed', path, av, bv));
  }

  private objects(ao: Obj, bo: Obj, path: PathNode | null, m: MatchState | undefined): void {
    const ka = Object.keys(ao);
    const kb = Object.keys(bo);
    if (sameKeys(ka, kb)) {
      // Payloads from one serialiser list keys in one order: compare values side by side, no
      // hash lookup per key.
      const xa = Object.values(ao);
      const xb = Object.values(bo);
      for (let i = ka.length - 1; i >= 0; i--) {
        if (xa[i] === xb[i]) continue;
        const cm = this.step(m, ka[i]);
        if (cm !== null) this.push(xa[i], xb[i], path, ka[i], ka[i], cm);
      }
      return;
    }
    for (let i = kb.length - 1; i >= 0; i--) {
      const k = kb[i];
      if (!hasOwn.call(ao, k) && this.step(m, k) !== null) this.stack.push(this.change('added', at(path, k, k), undefined, bo[k]));
    }
    for (let i = ka.length - 1; i >= 0; i--) {
      const k = ka[i];
      const inB = hasOwn.call(bo, k);
      if (inB && ao[k] === bo[k]) continue;
      const cm = this.step(m, k);
      if (cm === null) continue;
      if (inB) this.push(ao[k], bo[k], path, k, k, cm);
      else this.stack.push(this.change('removed', at(path, k, k), ao[k], undefined));
    }
  }

  private arrays(aa: unknown[], ba: unknown[], path: PathNode | null, m: MatchState | undefined): void {
    const paired = this.keys.length ? pairByArrayKey(aa, ba, this.keys) : null;
    if (paired) return this.keyedItems(aa, ba, paired, path, m);
    if (this.keys.length && looksKeyed(aa, ba, this.keys)) {
      this.notes.add(`${showPath(segments(path))}: compared by index, as not every item has a unique ${this.keys.map((k) => `"${k}"`).join(' or ')}`);
    }
    const n = Math.min(aa.length, ba.length);
    for (let i = ba.length - 1; i >= n; i--) {
      if (this.step(m, i) !== null) this.stack.push(this.change('added', at(path, i, String(i)), undefined, ba[i]));
    }
    for (let i = n; i < aa.length; i++) {
      if (this.step(m, i) !== null) this.stack.push(this.change('removed', at(path, i, String(i)), aa[i], undefined));
    }
    for (let i = n - 1; i >= 0; i--) {
      if (aa[i] === ba[i]) continue;
      const cm = this.step(m, i);
      if (cm !== null) this.push(aa[i], ba[i], path, i, i, cm);
    }
  }

  private keyedItems(aa: unknown[], ba: unknown[], { key, inA, inB }: KeyedPairs, path: PathNode | null, m: MatchState | undefined): void {
    const segOf = (item: unknown): KeyedSegment => ({ key, value: (item as Obj)[key] as string | number });
    for (let j = ba.length - 1; j >= 0; j--) {
      const seg = segOf(ba[j]);
      if (!inA.has(ident(seg.value)) && this.step(m, seg) !== null) this.stack.push(this.change('added', at(path, seg, '-'), undefined, ba[j]));
    }
    // Removals pushed lowest index first pop highest first, so each index is still right.
    const kept: number[] = [];
    for (let i = 0; i < aa.length; i++) {
      const seg = segOf(aa[i]);
      if (this.step(m, seg) === null) continue;
      if (inB.has(ident(seg.value))) kept.push(i);
      else this.stack.push(this.change('removed', at(path, seg, String(i)), aa[i], undefined));
    }
    // A kept item's index in a is still right when its own changes apply: removals come after.
    for (let r = kept.length - 1; r >= 0; r--) {
      const i = kept[r];
      const seg = segOf(aa[i]);
      const j = inB.get(ident(seg.value))!;
      if (aa[i] !== ba[j]) this.push(aa[i], ba[j], path, seg, String(i), this.step(m, seg) as MatchState | undefined);
    }
  }

  private change(kind: ChangeKind, path: PathNode | null, old: unknown, now: unknown): Change {
    const c: Change = { kind, path: segments(path) };
    if (this.pointers) c.pointer = tokens(path);
    if (kind !== 'added') c.old = old;
    if (kind !== 'removed') c.new = now;
    if (kind === 'type-changed') {
      c.oldType = jsonType(old);
      c.newType = jsonType(now);
    }
    return c;
  }

  /** undefined: no matcher at all; null: the path is ignored. */
  private step(m: MatchState | undefined, seg: Segment): MatchState | null | undefined {
    return this.matcher && m ? this.matcher.step(m, seg) : undefined;
  }

  /** `token` may be an array index, turned into its string only for a subtree that differs. */
  private push(x: unknown, y: unknown, parent: PathNode | null, seg: Segment, token: string | number, m: MatchState | undefined): void {
    // Most of a payload is unchanged: a small equal subtree is skipped without a task per node.
    budget = SMALL;
    if (typeof x === 'object' && x !== null && sameSmall(x, y)) return;
    this.stack.push({ a: x, b: y, parent, seg, token: String(token), m });
  }
}

const at = (parent: PathNode | null, seg: Segment, token: string): PathNode => ({ parent, seg, token });

/** Two numbers of one type that are not ===: equal only as two ExactNumbers of one value. */
function sameNumber(a: unknown, b: unknown): boolean {
  return a instanceof ExactNumber && b instanceof ExactNumber && a.equals(b);
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
  if (a instanceof ExactNumber || b instanceof ExactNumber) return sameNumber(a, b);
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) return false;
  if (isArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameSmall(x[i], y[i])) return false;
    return true;
  }
  // for-in, not Object.keys: no array per object, in a walk that visits every node of two documents
  // (a JSON object has no inherited enumerable keys, and for-in lists its own as Object.keys does).
  let n = 0;
  for (const k in a as Obj) {
    if (!hasOwn.call(b, k) || !sameSmall((a as Obj)[k], (b as Obj)[k])) return false;
    n++;
  }
  for (const _ in b as Obj) if (--n < 0) return false;
  return n === 0;
}

function sameKeys(ka: string[], kb: string[]): boolean {
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return false;
  return true;
}
