import { EVERY_ELEMENT, type Segment } from '../path/pathSegment.js';
import { segments, type PathNode } from './diffPath.js';
import { jsonType, type Change } from './diffValues.js';
import type { MatchState, PathMatcher } from './pathPattern.js';

/**
 * The shape of one or many payloads: which keys exist and which JSON types each holds. Array items
 * are merged into one `[*]` shape, so a list of 3 trades and a list of 2 have the same shape; many
 * payloads merge into one tree, so "last month's captures" and "today's" compare as wholes.
 */
export interface Shape {
  types: number;
  keys: Map<string, Shape> | null;
  items: Shape | null;
}

const BIT = { object: 1, array: 2, string: 4, number: 8, boolean: 16, null: 32 } as const;
const NAMES = Object.keys(BIT) as (keyof typeof BIT)[];

export const emptyShape = (): Shape => ({ types: 0, keys: null, items: null });

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
    if (bit === BIT.object) {
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
 * Fields that appeared, disappeared or changed type. Below a field that appeared or disappeared
 * nothing more is listed, and item shapes are compared only when both sides saw items: an empty
 * list says nothing about what its items look like.
 */
export function diffShapes(a: Shape, b: Shape): Change[] {
  const out: Change[] = [];
  type Task = { a: Shape; b: Shape; path: PathNode | null } | Change;
  const stack: Task[] = [{ a, b, path: null }];
  const at = (parent: PathNode | null, seg: Segment): PathNode => ({ parent, seg, token: '' });
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
    // Collected in document order, pushed in reverse so they pop in document order.
    const next: Task[] = [];
    if (sa.keys && sb.keys) {
      for (const [k, ca] of sa.keys) {
        const cb = sb.keys.get(k);
        if (cb) next.push({ a: ca, b: cb, path: at(path, k) });
        else next.push({ kind: 'removed', path: segments(at(path, k)), oldType: typeNames(ca.types) });
      }
      for (const [k, cb] of sb.keys) {
        if (!sa.keys.has(k)) next.push({ kind: 'added', path: segments(at(path, k)), newType: typeNames(cb.types) });
      }
    }
    if (sa.items && sb.items) next.push({ a: sa.items, b: sb.items, path: at(path, EVERY_ELEMENT) });
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  return out;
}
