/**
 * The list: pages fetched newest first with the API's cursor as the user scrolls (100,000
 * deliveries are never fetched at once), and deliveries pushed live by the server put on top
 * when they pass the filters. Rows are index entries only; bodies are fetched when opened.
 */
import { batch, computed, effect, signal } from '@preact/signals';
import { factsOf, matchesFacts, parseDeliveryQuery } from '../../../core/inspect/deliveryQuery.js';
import { api } from '../api/client.js';
import type { DeliveryRow } from '../api/types.js';
import { filterParams } from './route.js';
import { meta, route } from './store.js';

/** A tall screen holds about 50 rows; each row costs the server a read of its body (title, what moved). */
export const FIRST_PAGE = 60;
const NEXT_PAGE = 300;

export const rows = signal<DeliveryRow[]>([]);
/** Cursor for the next page; null: the end. */
const next = signal<number | null>(null);
export const loading = signal(false);
export const listError = signal<string | null>(null);
/** Deliveries that pass the filters other than the search (from the server, kept up to date live). */
export const matched = signal(0);
/** Bodies read by the search so far. */
export const scanned = signal(0);
/** Live deliveries not shown because a search is on (the server searches bodies, the page cannot). */
export const unsearched = signal(0);
/** Rows put on top while the user was scrolled down, for the "new" pill. */
export const arrivedAbove = signal(0);
export const hasMore = computed(() => next.value !== null);

let generation = 0;
let inFlight: AbortController | null = null;

function params(before: number | null, limit: number): URLSearchParams {
  const p = filterParams(route.value.filters);
  if (before !== null) p.set('before', String(before));
  p.set('limit', String(limit));
  return p;
}

export async function reload(): Promise<void> {
  inFlight?.abort();
  const gen = ++generation;
  batch(() => {
    rows.value = [];
    next.value = null;
    scanned.value = 0;
    unsearched.value = 0;
    arrivedAbove.value = 0;
  });
  await fetchPage(gen, null, FIRST_PAGE);
}

/** Called when the end of the list comes into view. */
export async function loadMore(): Promise<void> {
  if (loading.value || next.value === null) return;
  await fetchPage(generation, next.value, NEXT_PAGE);
}

async function fetchPage(gen: number, before: number | null, limit: number): Promise<void> {
  const abort = new AbortController();
  inFlight = abort;
  loading.value = true;
  try {
    const page = await api.deliveries(params(before, limit), abort.signal);
    if (gen !== generation) return;
    batch(() => {
      const known = new Set(rows.value.map((r) => r.seq));
      rows.value = [...rows.value, ...page.deliveries.filter((d) => !known.has(d.seq))];
      next.value = page.next;
      matched.value = page.matched;
      scanned.value += page.scanned;
      listError.value = null;
    });
  } catch (err) {
    if (gen === generation && (err as Error).name !== 'AbortError') listError.value = (err as Error).message;
  } finally {
    if (gen === generation) loading.value = false;
  }
}

/** Live rows, queued and put on top once per frame, so 200 a second cost 60 renders, not 200. */
let queue: DeliveryRow[] = [];
let scheduled = false;
/** Is the list scrolled to its top (then new rows simply appear)? Set by the list view. */
export const atTop = signal(true);

export function arrived(row: DeliveryRow): void {
  queue.push(row);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(flush);
  }
}

function flush(): void {
  scheduled = false;
  const fresh = queue;
  queue = [];
  const query = parseDeliveryQuery(filterParams(route.value.filters));
  const newest = rows.value[0]?.seq ?? 0;
  const shown: DeliveryRow[] = [];
  let hidden = 0;
  for (const row of fresh) {
    if (row.seq <= newest || !matchesFacts(query, factsOf(row))) continue;
    if (query.text !== null) hidden++;
    else shown.push(row);
  }
  batch(() => {
    countInMeta(fresh);
    matched.value += shown.length + hidden;
    if (hidden) unsearched.value += hidden;
    if (shown.length) {
      // A list still on its first page may end anywhere; pages below are fetched by cursor, so
      // rows put on top never shift what the next page holds.
      rows.value = [...shown.reverse(), ...rows.value];
      if (!atTop.value) arrivedAbove.value += shown.length;
    }
  });
}

function countInMeta(fresh: DeliveryRow[]): void {
  const m = meta.value;
  if (!m || fresh.length === 0) return;
  const counts = { ...m.counts, triggers: { ...m.counts.triggers }, verdicts: { ...m.counts.verdicts } };
  for (const r of fresh) {
    const key = r.trigger ?? 'none';
    counts.triggers[key] = (counts.triggers[key] ?? 0) + 1;
    counts.verdicts[r.verdictClass] = (counts.verdicts[r.verdictClass] ?? 0) + 1;
    if (r.duplicateOf !== null && r.duplicateOf !== undefined) counts.duplicates++;
  }
  meta.value = { ...m, total: m.total + fresh.length, counts, triggers: m.triggers.map((t) => ({ ...t, count: counts.triggers[t.key] ?? 0 })) };
}

/** The filters changed (typing, a pasted link, the back button): fetch the list again. */
let lastQuery: string | null = null;
effect(() => {
  const q = filterParams(route.value.filters).toString();
  if (q === lastQuery) return;
  lastQuery = q;
  void reload();
});
