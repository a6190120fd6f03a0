import { describe, expect, it } from 'vitest';
import { bodyMatches, factsOf, matchesFacts, parseDeliveryQuery, QueryError, verdictClass } from '../../../../src/core/inspect/deliveryQuery.js';
import type { IndexEntry } from '../../../../src/core/capture/captureFormat.js';

const q = (s: string) => parseDeliveryQuery(new URLSearchParams(s));
const verdict = (v: Partial<IndexEntry['verdict']>) => ({ json: true, valid: true, errors: 0, warnings: 0, first: [], ...v });

describe('parseDeliveryQuery', () => {
  it('has defaults for everything', () => {
    expect(q('')).toEqual({ triggers: [], verdicts: [], duplicates: null, record: null, text: null, before: null, limit: 50, scan: 10_000 });
  });

  it('reads lists, flags, numbers and lower-cases the search text', () => {
    expect(q('trigger=A,%20B,&verdict=invalid,empty&duplicates=0&record=%2042%20&q=%20Palo%20ALTO&before=17&limit=500&scan=3')).toEqual({
      triggers: ['A', 'B'], verdicts: ['invalid', 'empty'], duplicates: false, record: '42', text: 'palo alto', before: 17, limit: 500, scan: 3,
    });
    expect(q('duplicates=true').duplicates).toBe(true);
  });

  it.each([
    ['verdict=ok', 'verdict must be one or more of valid, warnings, invalid, not-json, empty, unchecked (comma-separated), got "ok"'],
    ['limit=501', 'limit must be a whole number from 1 to 500, got "501"'],
    ['limit=-1', 'limit must be a whole number from 1 to 500, got "-1"'],
    ['before=0', 'before must be a whole number from 1 to 9007199254740991, got "0"'],
    ['scan=1.5', 'scan must be a whole number from 1 to 100000, got "1.5"'],
    ['duplicates=2', 'duplicates must be 1 (only duplicates) or 0 (no duplicates), got "2"'],
  ])('%s is refused', (s, message) => {
    expect(() => q(s)).toThrow(new QueryError(message));
  });
});

describe('verdictClass and matching', () => {
  it('puts every delivery in exactly one class', () => {
    expect(verdictClass({ bytes: 0, verdict: verdict({ json: false }) })).toBe('empty');
    expect(verdictClass({ bytes: 5, verdict: verdict({ json: false, valid: false }) })).toBe('not-json');
    expect(verdictClass({ bytes: 5, verdict: verdict({ valid: false, errors: 2 }) })).toBe('invalid');
    expect(verdictClass({ bytes: 5, verdict: verdict({ warnings: 1 }) })).toBe('warnings');
    expect(verdictClass({ bytes: 5, verdict: verdict({}) })).toBe('valid');
    expect(verdictClass({ bytes: 5, verdict: verdict({ valid: null }) })).toBe('unchecked');
  });

  it('matches every filter given, and `none` for a missing trigger', () => {
    const f = factsOf({ trigger: null, bytes: 3, verdict: verdict({ valid: false }), duplicateOf: 2, recordId: 42 } as IndexEntry);
    expect(f).toEqual({ trigger: null, verdict: 'invalid', duplicate: true, record: '42' });
    expect(matchesFacts(q('trigger=none&verdict=invalid&duplicates=1&record=42'), f)).toBe(true);
    expect(matchesFacts(q('trigger=PROJECT_MOVEMENT'), f)).toBe(false);
    expect(matchesFacts(q('duplicates=0'), f)).toBe(false);
    expect(matchesFacts(q('record=4'), f)).toBe(false);
  });

  it('searches text ignoring case', () => {
    expect(bodyMatches('{"title":"Palo Alto"}', 'palo alto')).toBe(true);
    expect(bodyMatches('{"title":"Palo Alto"}', 'paloalto')).toBe(false);
  });
});
