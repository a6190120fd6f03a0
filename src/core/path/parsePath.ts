import type { PlainSegment } from './pathSegment.js';
import { PathError, tokenizePath } from './tokenizePath.js';

// Setting one of these through a path reaches Object.prototype (issue 8: `--set __proto__.x=1`).
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A path to one place, as `formatPath` prints it: `event.currentStage.name`, `record.trades[0]`,
 * `record["odd.key"]`. A number in brackets indexes an array; a dotted number (`a.0`) is a key.
 * Throws PathError for wildcards, keyed items and the keys that lead to a prototype.
 */
export function parsePath(text: string): PlainSegment[] {
  return tokenizePath(text, { patterns: false }).map((tok): PlainSegment => {
    if (tok.t === 'index') return tok.n;
    if (tok.t === 'element' || (tok.t === 'name' && tok.bare && (tok.name === '*' || tok.name === '**'))) {
      throw new PathError(`a wildcard ("${tok.t === 'element' ? '[*]' : tok.name}" at offset ${tok.at}) names no single place; write ["*"] for a key named "*"`);
    }
    if (tok.t === 'keyed') throw new PathError(`[${tok.key}=…] at offset ${tok.at} picks an item by key; give its index, e.g. [0]`);
    if (FORBIDDEN.has(tok.name)) {
      const others = [...FORBIDDEN].filter((n) => n !== tok.name).join(' and ');
      throw new PathError(`"${tok.name}" is not allowed in a path (nor are ${others}): it would reach the prototype of every object`);
    }
    return tok.name;
  });
}

/** One step of an `--ignore` pattern: a plain segment, `*` (any one step) or `**` (any depth). */
export type PatternStep =
  | { t: 'name'; name: string }
  | { t: 'index'; n: number }
  | { t: 'keyed'; key: string; value: string | number }
  | { t: 'any' }
  | { t: 'deep' };

/**
 * A pattern is a path where a bare `*` is one step (a key or an array item), `[*]` any array item,
 * and a bare `**` any number of steps, none included. Every path `formatPath` prints is a pattern
 * that matches exactly that path.
 */
export function parsePattern(text: string): PatternStep[] {
  if (text.trim() === '') throw new PathError('empty path');
  return tokenizePath(text, { patterns: true }).map((tok): PatternStep => {
    if (tok.t === 'element') return { t: 'any' };
    if (tok.t === 'index' || tok.t === 'keyed') return tok.t === 'index' ? { t: 'index', n: tok.n } : { t: 'keyed', key: tok.key, value: tok.value };
    if (tok.bare && tok.name === '**') return { t: 'deep' };
    if (tok.bare && tok.name === '*') return { t: 'any' };
    return { t: 'name', name: tok.name };
  });
}

