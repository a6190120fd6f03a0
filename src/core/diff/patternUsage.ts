import { parsePattern } from '../path/parsePath.js';
import type { Segment } from '../path/pathSegment.js';
import { jsonType } from './diffValues.js';
import { compileMatcher, type MatchState, type PathMatcher } from './pathPattern.js';

interface Waiting {
  matcher: PathMatcher;
  /** Keys of `[key=value]` steps: array items are also tried as the keyed items `--array-key` makes. */
  itemKeys: string[];
}

/**
 * Which `--ignore` patterns match a path in some payload, so one that matches nothing (a typo, a
 * field that is not there) can be named (issue 9). The diff itself only walks where values differ,
 * so each pattern not yet seen walks the payload on its own, pruned where it can no longer match.
 */
export class PatternUsage {
  private readonly waiting = new Map<string, Waiting>();

  constructor(patterns: readonly string[]) {
    for (const p of patterns) {
      const itemKeys = parsePattern(p).flatMap((step) => (step.t === 'keyed' ? [step.key] : []));
      this.waiting.set(p, { matcher: compileMatcher([p]), itemKeys });
    }
  }

  see(value: unknown): void {
    for (const [pattern, w] of this.waiting) if (matchesIn(value, w)) this.waiting.delete(pattern);
  }

  unmatched(): string[] {
    return [...this.waiting.keys()];
  }
}

function matchesIn(root: unknown, { matcher, itemKeys }: Waiting): boolean {
  const stack: { v: unknown; state: MatchState }[] = [{ v: root, state: matcher.start }];
  while (stack.length) {
    const { v, state } = stack.pop()!;
    for (const [seg, child] of children(v, itemKeys)) {
      const next = matcher.step(state, seg);
      if (next === null) return true;
      // No position left in the pattern: nothing below can match.
      if (next.at.length) stack.push({ v: child, state: next });
    }
  }
  return false;
}

function* children(v: unknown, itemKeys: string[]): Generator<[Segment, unknown]> {
  const type = jsonType(v);
  if (type === 'object') {
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) yield [k, child];
  } else if (type === 'array') {
    for (const [i, item] of (v as unknown[]).entries()) {
      yield [i, item];
      for (const key of itemKeys) {
        const id = jsonType(item) === 'object' && Object.hasOwn(item as object, key) ? (item as Record<string, unknown>)[key] : undefined;
        if (typeof id === 'string' || typeof id === 'number') yield [{ key, value: id }, item];
      }
    }
  }
}
