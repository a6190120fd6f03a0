import { diffValues, type Change } from './diffValues.js';
import type { PathMatcher } from './pathPattern.js';
import { diffShapes, shapeOf } from './shape.js';

/** What the comparison of one pair needs, whether it came from two files or two folders. */
export interface Comparer {
  ignore: PathMatcher | null;
  arrayKeys: string[];
  shape: boolean;
  /** Only a patch needs JSON Pointers. */
  pointers: boolean;
  notes: string[];
}

export function compare(cmp: Comparer, va: unknown, vb: unknown, label = ''): Change[] {
  if (cmp.shape) return diffShapes(shapeOf(va, cmp.ignore), shapeOf(vb, cmp.ignore));
  const { changes, notes } = diffValues(va, vb, { ignore: cmp.ignore, arrayKeys: cmp.arrayKeys, pointers: cmp.pointers });
  for (const n of notes) cmp.notes.push(`${label}${n}`);
  return changes;
}

