/**
 * Every path in a node tree, in the one path notation of core/path (which findings and diff
 * print), and the nearest one that exists for a path that does not (a missing required field is
 * marked on the object that lacks it).
 */
import { formatPath } from '../../../core/path/formatPath.js';
import type { JsonNode } from './jsonNodes.js';

/** A child's path from its parent's, one step at a time, so that a deep tree costs linear time. */
export function childPath(parent: string, key: string | number): string {
  const step = formatPath([key]);
  return parent === '' || step.startsWith('[') ? parent + step : `${parent}.${step}`;
}

export function treePaths(root: JsonNode): Set<string> {
  const out = new Set<string>(['']);
  const todo: [JsonNode, string][] = [[root, '']];
  while (todo.length) {
    const [node, path] = todo.pop() as [JsonNode, string];
    const children: [string | number, JsonNode][] = node.t === 'object' ? node.entries : node.t === 'array' ? node.items.map((v, i) => [i, v]) : [];
    for (const [k, v] of children) {
      const p = childPath(path, k);
      out.add(p);
      todo.push([v, p]);
    }
  }
  return out;
}

const LAST_SEGMENT = /(?:\.[^.[\]]+|\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])$/;

export function nearestExisting(paths: Set<string>, path: string): string {
  let p = path;
  while (p !== '' && !paths.has(p)) {
    const m = LAST_SEGMENT.exec(p);
    if (!m) return '';
    p = p.slice(0, m.index);
  }
  return p;
}

/** Marks moved to nodes that exist; a mark on an absent path shows on its parent. */
export function placeMarks(paths: Set<string>, marks: Map<string, string>): Map<string, string> {
  const placed = new Map<string, string>();
  for (const [path, cls] of marks) {
    const at = nearestExisting(paths, path);
    const kind = at === path ? cls : `${cls}-below`;
    if (!placed.has(at) || cls === 'error') placed.set(at, kind);
  }
  return placed;
}

/** Is `inner` a path inside `outer` (or `outer` itself)? */
export function within(outer: string, inner: string): boolean {
  if (outer === '') return true;
  if (!inner.startsWith(outer)) return false;
  const c = inner[outer.length];
  return c === undefined || c === '.' || c === '[';
}
