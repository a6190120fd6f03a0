import { describe, expect, it } from 'vitest';
import { backoffMs, BASE_DELAY_MS, isRetryableStatus, MAX_BACKOFF_MS, MAX_WAIT_MS, parseRetryAfter, retryDelay } from '../../../../src/core/replay/retry.js';

describe('retry policy', () => {
  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 502, 503, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0)).toBe(BASE_DELAY_MS / 2);
    expect(backoffMs(1, () => 1)).toBe(BASE_DELAY_MS);
    expect(backoffMs(3, () => 0)).toBe(BASE_DELAY_MS * 2);
    expect(backoffMs(3, () => 1)).toBe(BASE_DELAY_MS * 4);
    expect(backoffMs(30, () => 1)).toBe(MAX_BACKOFF_MS);
    const spread = new Set(Array.from({ length: 20 }, () => backoffMs(2)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it('reads Retry-After as seconds or an HTTP date, capped', () => {
    const now = Date.parse('2025-01-21T06:00:00.000Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['2', '9'], now)).toBe(2000);
    expect(parseRetryAfter('Tue, 21 Jan 2025 06:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Tue, 21 Jan 2025 05:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(MAX_WAIT_MS);
    for (const bad of [undefined, '', 'soon', '-1', '1.5', '2025-01-21']) expect(parseRetryAfter(bad, now)).toBeNull();
  });

  it('prefers the server over its own backoff', () => {
    expect(retryDelay(1, '2', 0, () => 0)).toBe(2000);
    expect(retryDelay(2, undefined, 0, () => 0)).toBe(BASE_DELAY_MS);
    expect(retryDelay(2, 'garbage', 0, () => 0)).toBe(BASE_DELAY_MS);
  });
});
