import { diffValues, type Change } from './diffValues.js';
import { compileMatcher, VOLATILE_PATTERNS, type PathMatcher } from './pathPattern.js';
import { PatternUsage } from './patternUsage.js';
import { addToShape, diffShapes, shapeOf, type Shape } from './shape.js';

export interface ComparisonOptions {
  /** The user's `--ignore` patterns. */
  ignore: readonly string[];
  /** `--ignore-volatile`: ids and timestamps that change on every delivery. */
  ignoreVolatile: boolean;
  arrayKeys: readonly string[];
  /** Keys and types only (`--shape`). */
  shape: boolean;
  /** Only a patch needs JSON Pointers. */
  pointers: boolean;
}

/**
 * One `diff` run's way of comparing, whether of two files or of the pairs of two folders. It
 * gathers what the user should hear about as it goes: arrays that could not be paired by key, and
 * which `--ignore` patterns have matched anything yet.
 */
export class Comparison {
  readonly notes: string[] = [];
  private readonly matcher: PathMatcher | null;
  private readonly usage: PatternUsage;

  /** Throws PatternError for a pattern that does not parse. */
  constructor(private readonly opts: ComparisonOptions) {
    const patterns = [...opts.ignore, ...(opts.ignoreVolatile ? VOLATILE_PATTERNS : [])];
    this.matcher = patterns.length ? compileMatcher(patterns) : null;
    this.usage = new PatternUsage(opts.ignore);
  }

  /** The changes from a to b; `label` starts each note (the pair's file name in a folder). */
  pair(a: unknown, b: unknown, label = ''): Change[] {
    this.usage.see(a);
    this.usage.see(b);
    if (this.opts.shape) return diffShapes(shapeOf(a, this.matcher), shapeOf(b, this.matcher));
    const { changes, notes } = diffValues(a, b, { ignore: this.matcher, arrayKeys: this.opts.arrayKeys, pointers: this.opts.pointers });
    for (const n of notes) this.notes.push(`${label}${n}`);
    return changes;
  }

  /** Merges one more payload into a side's shape (`--shape` on folders). */
  addToShape(shape: Shape, value: unknown): void {
    this.usage.see(value);
    addToShape(shape, value, this.matcher);
  }

  /** The user's `--ignore` patterns that matched nothing in any payload seen. */
  unmatchedPatterns(): string[] {
    return this.usage.unmatched();
  }
}
