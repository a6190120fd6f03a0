import { parsePattern, type PatternStep } from '../path/parsePath.js';
import { PathError } from '../path/tokenizePath.js';
import type { Segment } from '../path/pathSegment.js';

/**
 * `--ignore` patterns: `event.eventId`, `record.*.id` (`*` = one level), `**.updatedAt` (`**` = any
 * depth, zero included), `record.trades[0]`, `record["odd key"]`, `[*]` (any array item),
 * `lineItems[id=42]` (the item `--array-key id` paired, as `diff` prints it).
 *
 * The walkers carry a match state down the tree instead of testing every pattern against every
 * full path, so ignoring costs O(1) per node: states are interned and their transitions memoised.
 */
export class PatternError extends Error {}

function parse(src: string): PatternStep[] {
  try {
    return parsePattern(src);
  } catch (err) {
    if (err instanceof PathError) throw new PatternError(`bad --ignore pattern ${JSON.stringify(src)}: ${err.message}`);
    throw err;
  }
}

/** Where the matcher is after some path: null means the path is ignored. */
export interface MatchState {
  /** Pattern positions (pattern * 4096 + position), epsilon-closed over `**`. */
  readonly at: readonly number[];
  readonly names: Map<string, MatchState | null>;
  readonly indexes: Map<number, MatchState | null>;
  readonly keyed: Map<string, MatchState | null>;
  element: MatchState | null | undefined;
}

export interface PathMatcher {
  readonly start: MatchState;
  /** The state after one more segment, or null when the path so far is ignored. */
  step(state: MatchState, seg: Segment): MatchState | null;
}

const WIDTH = 4096;

export function compileMatcher(patterns: readonly string[]): PathMatcher {
  const compiled = patterns.map(parse);
  for (const [k, p] of compiled.entries()) {
    if (p.length >= WIDTH) throw new PatternError(`--ignore pattern ${k + 1} is too long`);
  }
  return new PatternAutomaton(compiled);
}

function stepMatches(tok: PatternStep, seg: Segment): boolean {
  if (tok.t === 'any' || tok.t === 'deep') return true;
  if (typeof seg === 'string') return tok.t === 'name' && tok.name === seg;
  if (typeof seg === 'number') return tok.t === 'index' ? tok.n === seg : tok.t === 'name' && tok.name === String(seg);
  if ('key' in seg) return tok.t === 'keyed' && tok.key === seg.key && tok.value === seg.value;
  return false;
}

/** A lazily built DFA over the patterns: states are sets of pattern positions, interned by content. */
class PatternAutomaton implements PathMatcher {
  readonly start: MatchState;
  private readonly interned = new Map<string, MatchState | null>();
  // Unless a pattern names a specific index, every array index moves the matcher the same way,
  // so a 100,000-item array costs one transition, not 100,000 memo entries.
  private readonly indexSensitive: boolean;
  private readonly keySensitive: boolean;

  constructor(private readonly compiled: PatternStep[][]) {
    this.indexSensitive = compiled.some((p) => p.some((t) => t.t === 'index' || (t.t === 'name' && /^\d+$/.test(t.name))));
    this.keySensitive = compiled.some((p) => p.some((t) => t.t === 'keyed'));
    const start = this.stateOf(compiled.map((_, p) => p * WIDTH));
    if (start === null) throw new PatternError('an --ignore pattern that matches the whole document leaves nothing to compare');
    this.start = start;
  }

  step(state: MatchState, seg: Segment): MatchState | null {
    if (state.at.length === 0) return state;
    if (typeof seg === 'string') return this.memoised(state.names, seg, state);
    if (typeof seg === 'number' && this.indexSensitive) return this.memoised(state.indexes, seg, state);
    if (typeof seg === 'object' && 'key' in seg && this.keySensitive) {
      return this.memoised(state.keyed, `${seg.key}=${JSON.stringify(seg.value)}`, state, seg);
    }
    if (state.element === undefined) state.element = this.advance(state, seg);
    return state.element;
  }

  private memoised<K>(memo: Map<K, MatchState | null>, key: K, state: MatchState, seg: Segment = key as Segment): MatchState | null {
    const known = memo.get(key);
    if (known !== undefined) return known;
    const next = this.advance(state, seg);
    memo.set(key, next);
    return next;
  }

  private advance(state: MatchState, seg: Segment): MatchState | null {
    const next: number[] = [];
    for (const s of state.at) {
      const tok = this.compiled[Math.floor(s / WIDTH)][s % WIDTH];
      if (tok.t === 'deep') next.push(s);
      else if (stepMatches(tok, seg)) next.push(s + 1);
    }
    return this.stateOf(next);
  }

  /** The state for these positions, closed over `**` (which may match nothing); null once a pattern is complete. */
  private stateOf(positions: number[]): MatchState | null {
    const closed = new Set<number>();
    const todo = [...positions];
    while (todo.length) {
      const s = todo.pop()!;
      if (closed.has(s)) continue;
      const p = Math.floor(s / WIDTH);
      const pos = s % WIDTH;
      if (pos === this.compiled[p].length) return null;
      closed.add(s);
      if (this.compiled[p][pos].t === 'deep') todo.push(s + 1);
    }
    const at = [...closed].sort((x, y) => x - y);
    const key = at.join(',');
    let state = this.interned.get(key);
    if (state === undefined) {
      state = { at, names: new Map(), indexes: new Map(), keyed: new Map(), element: undefined };
      this.interned.set(key, state);
    }
    return state;
  }
}

/** `--ignore-volatile`: what changes on every delivery of the same record. */
export const VOLATILE_PATTERNS = ['event.eventId', 'event.firedAt', '**.createdAt', '**.updatedAt', '**.modifiedAt'];
