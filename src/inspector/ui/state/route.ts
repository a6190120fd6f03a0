/**
 * What the page shows lives in its URL (issue 10, "Filters"): the filters, the open delivery and
 * its tab, so the back button and a pasted link work. The filter names are the API's own, so the
 * list's query is the URL's filter part as it is.
 */
export const FILTER_KEYS = ['trigger', 'verdict', 'duplicates', 'record', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Record<FilterKey, string>;

export const TABS = ['body', 'raw', 'headers', 'compare', 'replay'] as const;
export type Tab = (typeof TABS)[number];

export interface Route {
  filters: Filters;
  open: number | null;
  tab: Tab;
  /** Compare against this delivery instead of the previous one of the same record. */
  against: number | null;
  ignoreVolatile: boolean;
  shape: boolean;
}

const seqOf = (v: string | null): number | null => (v !== null && /^\d{1,15}$/.test(v) ? Number(v) : null);

export function parseRoute(search: string): Route {
  const p = new URLSearchParams(search);
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, p.get(k) ?? ''])) as Filters;
  const tab = p.get('tab') as Tab;
  return {
    filters,
    open: seqOf(p.get('open')),
    tab: TABS.includes(tab) ? tab : 'body',
    against: seqOf(p.get('against')),
    ignoreVolatile: p.get('volatile') !== 'keep',
    shape: p.get('shape') === '1',
  };
}

export function routeSearch(r: Route): string {
  const p = filterParams(r.filters);
  if (r.open !== null) {
    p.set('open', String(r.open));
    if (r.tab !== 'body') p.set('tab', r.tab);
    if (r.tab === 'compare') {
      if (r.against !== null) p.set('against', String(r.against));
      if (!r.ignoreVolatile) p.set('volatile', 'keep');
      if (r.shape) p.set('shape', '1');
    }
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The filters as API query parameters (empty ones left out). */
export function filterParams(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k].trim() !== '') p.set(k, f[k].trim());
  return p;
}

export const sameFilters = (a: Filters, b: Filters) => FILTER_KEYS.every((k) => a[k].trim() === b[k].trim());
