import { toPointer } from '../path/jsonPointer.js';
import type { Change } from './diffValues.js';

/** One RFC 6902 operation; `diff` needs only these three. */
export type PatchOp =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; value: unknown };


/**
 * The patch that turns a into b (outside ignored paths), from a value diff. `diffValues` already
 * orders the changes so that every pointer is right when its operation runs.
 */
export function toJsonPatch(changes: readonly Change[]): PatchOp[] {
  return changes.map((c): PatchOp => {
    if (!c.pointer) throw new Error('a shape diff has no values and cannot become a patch');
    const path = toPointer(c.pointer);
    if (c.kind === 'added') return { op: 'add', path, value: c.new };
    if (c.kind === 'removed') return { op: 'remove', path };
    return { op: 'replace', path, value: c.new };
  });
}
