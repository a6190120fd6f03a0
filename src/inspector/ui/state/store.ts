/**
 * The page's state, as signals: the route (mirrored in the URL), the server's meta, and the
 * cursor of the keyboard. The list has its own store (deliveryList.ts).
 */
import { batch, signal } from '@preact/signals';
import { api } from '../api/client.js';
import type { Meta } from '../api/types.js';
import { parseRoute, routeSearch, sameFilters, type Filters, type Route, type Tab } from './route.js';

export const route = signal<Route>(parseRoute(location.search));
export const meta = signal<Meta | null>(null);
export const metaError = signal<string | null>(null);
/** The highlighted row (j/k), which Enter opens. */
export const cursor = signal<number | null>(route.value.open);
export const helpOpen = signal(false);
export type LiveState = 'connecting' | 'live' | 'reconnecting';
export const live = signal<LiveState>('connecting');

/** Changes the route; `replace` for typing (one history entry per search, not per key). */
export function navigate(change: Partial<Route>, opts: { replace?: boolean } = {}): void {
  const next = { ...route.value, ...change };
  if (change.open !== undefined && change.open !== route.value.open && change.against === undefined) next.against = null;
  const search = routeSearch(next);
  if (search !== location.search) history[opts.replace ? 'replaceState' : 'pushState'](null, '', `${location.pathname}${search}`);
  batch(() => {
    route.value = next;
    if (next.open !== null) cursor.value = next.open;
  });
}

export function setFilters(filters: Partial<Filters>, opts: { replace?: boolean } = {}): void {
  const merged = { ...route.value.filters, ...filters };
  if (sameFilters(merged, route.value.filters) && !opts.replace) return;
  navigate({ filters: merged }, opts);
}

export const openDelivery = (seq: number, tab: Tab = route.value.open === seq ? route.value.tab : 'body') => navigate({ open: seq, tab });

export const closeDelivery = () => navigate({ open: null, tab: 'body' });

addEventListener('popstate', () => {
  route.value = parseRoute(location.search);
  if (route.value.open !== null) cursor.value = route.value.open;
});

export async function loadMeta(): Promise<void> {
  try {
    meta.value = await api.meta();
    metaError.value = null;
  } catch (err) {
    metaError.value = (err as Error).message;
  }
}
