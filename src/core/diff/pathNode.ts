import type { Segment } from '../path/pathSegment.js';

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
