/**
 * The plan of a `replay` run: which payload goes first, and which payload and copy the k-th
 * delivery is.
 */

export interface Orderable {
  name: string;
  /** `event.firedAt` as epoch ms, or null when absent or unreadable. */
  firedAt: number | null;
  /** Capture-directory payloads keep the index's order. */
  fromIndex: boolean;
}

const byFiredThenName = (a: Orderable, b: Orderable) => {
  const fa = a.firedAt ?? Infinity;
  const fb = b.firedAt ?? Infinity;
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
};

/**
 * Payloads from a capture index stay in arrival order; each run of other payloads between them is
 * ordered by `event.firedAt`, then name, so a day of fixtures replays as it happened. Sorts the
 * array in place and returns it: a run of 100,000 payloads is not copied (nor spread into a call,
 * which overflows the stack past about 125,000).
 */
export function orderForReplay<T extends Orderable>(items: T[]): T[] {
  let start = 0;
  for (let i = 0; i <= items.length; i++) {
    if (i < items.length && !items[i].fromIndex) continue;
    if (start === 0 && i === items.length) items.sort(byFiredThenName);
    else if (i - start > 1) {
      const run = items.slice(start, i).sort(byFiredThenName);
      for (let k = 0; k < run.length; k++) items[start + k] = run[k];
    }
    start = i + 1;
  }
  return items;
}

export function firedAtMs(value: unknown): number | null {
  const event = value && typeof value === 'object' ? (value as { event?: unknown }).event : undefined;
  return timeMs(event && typeof event === 'object' ? (event as { firedAt?: unknown }).firedAt : undefined);
}

/** A `firedAt` value as epoch ms; null unless it is a string Date.parse reads. */
export function timeMs(fired: unknown): number | null {
  if (typeof fired !== 'string') return null;
  const ms = Date.parse(fired);
  return Number.isNaN(ms) ? null : ms;
}

/** Delivery `index` (0-based, in plan order) is copy `copy` (1-based) of payload `at`: copies go in a row. */
export function deliveryAt(index: number, times: number): { at: number; copy: number } {
  return { at: Math.floor(index / times), copy: (index % times) + 1 };
}
