import type { Change } from './diffValues.js';
import { printable, quote } from '../text/printable.js';
import { payloadFacts } from '../payload/payloadFacts.js';

/** One comparison: two files, or (with `--shape` on folders) all payloads of one trigger on each side. */
export interface PairReport {
  a: string;
  b: string;
  /** For two Coperniq payloads: the trigger of each and what moved. */
  headline: string | null;
  changes: Change[];
}

export type PairedBy = 'path' | 'event id' | 'trigger';

export interface DiffReport {
  a: string;
  b: string;
  /** Value diff, or `--shape` (keys and types only). */
  shape: boolean;
  /** How files were paired when a and b are folders; null for two files. */
  pairedBy: PairedBy | null;
  pairs: PairReport[];
  onlyInA: string[];
  onlyInB: string[];
}

export function isEqual(r: DiffReport): boolean {
  return r.onlyInA.length === 0 && r.onlyInB.length === 0 && r.pairs.every((p) => p.changes.length === 0);
}

/**
 * `PROJECT_MOVEMENT (stage Site Survey -> Engineering) vs PROJECT_MOVEMENT (stage Engineering -> Permitting)`,
 * or null unless both sides are Coperniq payloads.
 */
export function headline(a: unknown, b: unknown): string | null {
  const fa = payloadFacts(a);
  const fb = payloadFacts(b);
  if (fa.trigger === null || fb.trigger === null) return null;
  const side = (f: typeof fa) => (f.moved ? `${f.trigger} (${f.moved})` : f.trigger);
  const record = fa.recordId !== null && fa.recordId === fb.recordId ? `, record ${fa.recordId}${fa.title ? ` ${quote(fa.title)}` : ''}` : '';
  // Stage and status names come from the payload: nothing in them may drive the terminal.
  return printable(`${side(fa)} vs ${side(fb)}${record}`);
}

/**
 * Pairs items by key, in a's order; the k-th item with a key on one side goes with the k-th on the
 * other, so two deliveries of one event in each capture pair up in arrival order.
 */
export function pairByKey<T>(
  a: readonly T[],
  b: readonly T[],
  key: (item: T) => string,
): { pairs: [T, T][]; onlyInA: T[]; onlyInB: T[] } {
  const waiting = new Map<string, T[]>();
  for (const item of b) {
    const k = key(item);
    const list = waiting.get(k);
    if (list) list.push(item);
    else waiting.set(k, [item]);
  }
  const pairs: [T, T][] = [];
  const onlyInA: T[] = [];
  for (const item of a) {
    const match = waiting.get(key(item))?.shift();
    if (match === undefined) onlyInA.push(item);
    else pairs.push([item, match]);
  }
  const taken = new Set(pairs.map((p) => p[1]));
  return { pairs, onlyInA, onlyInB: b.filter((item) => !taken.has(item)) };
}

/**
 * Why two folders gave no pair at all, for the user who compared a capture directory with a
 * folder of fixtures and got "10 only in a, 19 only in b" (issue 9).
 */
export function whyNothingPaired(a: { arg: string; capture: boolean }, b: { arg: string; capture: boolean }): string {
  const shape = `to compare what the payloads look like, per trigger, add --shape`;
  if (a.capture !== b.capture) {
    const [cap, plain] = a.capture ? [a, b] : [b, a];
    return (
      `nothing paired: ${printable(cap.arg)} is a capture directory and ${printable(plain.arg)} a plain folder, so files pair by path, ` +
      `and a capture's file names (sequence number first) match no file there; ${shape}`
    );
  }
  if (a.capture) return `nothing paired: two capture directories pair deliveries by event id, and no event id is on both sides; ${shape}`;
  return `nothing paired: two plain folders pair files by relative path, and no path is in both; ${shape}`;
}
