import { EVERY_ELEMENT, type Segment } from '../path/pathSegment.js';
import { segments, type PathNode } from './pathNode.js';
import { jsonType, type Change, type Presence } from './diffValues.js';
import type { MatchState, PathMatcher } from './pathPattern.js';

/**
 * The shape of one or many payloads: which keys exist, which JSON types each holds, and how often
 * it was there. Array items are merged into one `[*]` shape, so a list of 3 trades and a list of 2
 * have the same shape; many payloads merge into one tree, so "last month's captures" and "today's"
 * compare as wholes, and a field missing from 1 of 10 deliveries still shows (issue 9).
 */
export interface Shape {
  types: number;
  /** Values merged here: for a key, the objects that had it. */
  seen: number;
  /** How many of those values were objects: what each key's `seen` is out of. */
  objects: number;
  keys: Map<string, Shape> | null;
  items: Shape | null;
}

const BIT = { object: 1, array: 2, string: 4, number: 8, boolean: 16, null: 32 } as const;
const NAMES = Object.keys(BIT) as (keyof typeof BIT)[];

export const emptyShape = (): Shape => ({ types: 0, seen: 0, objects: 0, keys: null, items: null });

export function typeNames(bits: number): string {
  return NAMES.filter((n) => bits & BIT[n]).join('|');
}

function bitOf(v: unknown): number {
  return BIT[jsonType(v)];
}

/** Merges `value` into `shape` (in place); ignored paths are left out. */
export function addToShape(shape: Shape, value: unknown, ignore: PathMatcher | null = null): void {
  const stack: { v: unknown; s: Shape; m: MatchState | undefined }[] = [{ v: value, s: shape, m: ignore?.start }];
  const step = (m: MatchState | undefined, seg: Segment) => (ignore && m ? ignore.step(m, seg) : undefined);
  while (stack.length) {
    const { v, s, m } = stack.pop()!;
    const bit = bitOf(v);
    s.types |= bit;
    s.seen++;
    if (bit === BIT.object) {
      s.objects++;
      s.keys ??= new Map();
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const cm = step(m, k);
        if (cm === null) continue;
        let child = s.keys.get(k);
        if (!child) s.keys.set(k, (child = emptyShape()));
        stack.push({ v: o[k], s: child, m: cm });
      }
    } else if (bit === BIT.array) {
      const arr = v as unknown[];
      if (arr.length === 0) continue;
      const cm = step(m, EVERY_ELEMENT);
      if (cm === null) continue;
      s.items ??= emptyShape();
      for (const item of arr) stack.push({ v: item, s: s.items, m: cm });
    }
  }
}

export function shapeOf(value: unknown, ignore: PathMatcher | null = null): Shape {
  const s = emptyShape();
  addToShape(s, value, ignore);
  return s;
}

/**
 * Fields that appeared, disappeared, changed type, or became optional or required (present in
 * every object on one side, not on the other). Below a field that appeared or disappeared nothing
 * more is listed, and item shapes are compared only when both sides saw items: an empty list says
 * nothing about what its items look like.
 */
export function diffShapes(a: Shape, b: Shape): Change[] {
  const out: Change[] = [];
  type Task = { a: Shape; b: Shape; path: PathNode | null; pa?: Presence; pb?: Presence } | Change;
  const stack: Task[] = [{ a, b, path: null }];
  while (stack.length) {
    const task = stack.pop()!;
    if ('kind' in task) {
      out.push(task);
      continue;
    }
    const { a: sa, b: sb, path } = task;
    if (sa.types !== sb.types) {
      out.push({ kind: 'type-changed', path: segments(path), oldType: typeNames(sa.types), newType: typeNames(sb.types) });
    }
    if (task.pa && task.pb) presenceChange(out, path, task.pa, task.pb);
    // Collected in document order, pushed in reverse so they pop in document order.
    const next = [...keyTasks(sa, sb, path), ...(sa.items && sb.items ? [{ a: sa.items, b: sb.items, path: at(path, EVERY_ELEMENT) }] : [])];
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  return out;
}

const at = (parent: PathNode | null, seg: Segment): PathNode => ({ parent, seg, token: '' });
const presence = (child: Shape, parent: Shape): Presence => ({ count: child.seen, of: parent.objects });
const required = (p: Presence) => p.count === p.of;

function keyTasks(sa: Shape, sb: Shape, path: PathNode | null) {
  type KeyTask = { a: Shape; b: Shape; path: PathNode; pa: Presence; pb: Presence } | Change;
  const tasks: KeyTask[] = [];
  if (!sa.keys || !sb.keys) return tasks;
  for (const [k, ca] of sa.keys) {
    const cb = sb.keys.get(k);
    if (cb) tasks.push({ a: ca, b: cb, path: at(path, k), pa: presence(ca, sa), pb: presence(cb, sb) });
    else tasks.push({ kind: 'removed', path: segments(at(path, k)), oldType: typeNames(ca.types), oldPresence: presence(ca, sa) });
  }
  for (const [k, cb] of sb.keys) {
    if (!sa.keys.has(k)) tasks.push({ kind: 'added', path: segments(at(path, k)), newType: typeNames(cb.types), newPresence: presence(cb, sb) });
  }
  return tasks;
}

function presenceChange(out: Change[], path: PathNode | null, pa: Presence, pb: Presence): void {
  if (required(pa) === required(pb)) return;
  out.push({ kind: required(pa) ? 'became-optional' : 'became-required', path: segments(path), oldPresence: pa, newPresence: pb });
}
