import { describe, expect, it } from 'vitest';
import { filterParams, parseRoute, routeSearch } from '../../../../src/inspector/ui/state/route.js';

describe('the page route in the URL', () => {
  it('round-trips filters, the open delivery, its tab and the compare options', () => {
    const search = '?trigger=PROJECT_MOVEMENT%2CTASK_CREATED&verdict=invalid&q=Palo+Alto&open=42&tab=compare&against=7&volatile=keep&shape=1';
    const r = parseRoute(search);
    expect(r).toEqual({
      filters: { trigger: 'PROJECT_MOVEMENT,TASK_CREATED', verdict: 'invalid', duplicates: '', record: '', q: 'Palo Alto' },
      open: 42,
      tab: 'compare',
      against: 7,
      ignoreVolatile: false,
      shape: true,
    });
    expect(routeSearch(r)).toBe(search);
  });

  it('ignores what it does not know, and leaves defaults out of the URL', () => {
    const r = parseRoute('?open=abc&tab=<script>&against=-1&token=x&q=');
    expect(r.open).toBeNull();
    expect(r.tab).toBe('body');
    expect(r.against).toBeNull();
    expect(r.ignoreVolatile).toBe(true);
    expect(routeSearch(r)).toBe('');
    expect(routeSearch({ ...r, open: 3 })).toBe('?open=3');
    // Compare options only matter on the compare tab.
    expect(routeSearch({ ...r, open: 3, tab: 'raw', shape: true })).toBe('?open=3&tab=raw');
  });

  it("gives the list the API's own filter parameters, trimmed, empty ones left out", () => {
    expect(filterParams({ trigger: '', verdict: 'valid,warnings', duplicates: '1', record: ' 396776 ', q: '  ' }).toString()).toBe('verdict=valid%2Cwarnings&duplicates=1&record=396776');
  });
});
