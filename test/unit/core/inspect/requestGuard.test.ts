import { describe, expect, it } from 'vitest';
import { bearerToken, cookieName, cookieValue, isAllowedHost, refuseRequest, sessionTokenMatches } from '../../../../src/core/inspect/requestGuard.js';

const base = { method: 'GET', host: '127.0.0.1:4401', origin: undefined, fetchSite: undefined, api: true };

describe('requestGuard', () => {
  it('allows only loopback Host names with the right port', () => {
    for (const h of ['127.0.0.1:4401', 'localhost:4401', 'LOCALHOST:4401', '[::1]:4401']) expect(isAllowedHost(h, 4401), h).toBe(true);
    for (const h of [undefined, '', '127.0.0.1', '127.0.0.1:4402', 'evil.com:4401', '127.0.0.1.evil.com:4401', 'localhost.evil:4401', '[::1]', '::1:4401', '127.0.0.2:4401']) {
      expect(isAllowedHost(h, 4401), String(h)).toBe(false);
    }
  });

  it('refuses a foreign Host, and cross-origin API calls and POSTs', () => {
    expect(refuseRequest(base, 4401)).toBeNull();
    expect(refuseRequest({ ...base, host: 'evil.com' }, 4401)?.status).toBe(403);
    expect(refuseRequest({ ...base, origin: 'http://127.0.0.1:4401' }, 4401)).toBeNull();
    expect(refuseRequest({ ...base, origin: 'http://localhost:3000' }, 4401)?.reason).toBe('requests from "http://localhost:3000" are not allowed');
    expect(refuseRequest({ ...base, fetchSite: 'same-site' }, 4401)?.reason).toBe('same-site requests are not allowed');
    expect(refuseRequest({ ...base, fetchSite: 'none' }, 4401)).toBeNull();
    // Opening the page from a link elsewhere is a navigation, not an attack: only Host counts.
    expect(refuseRequest({ ...base, api: false, fetchSite: 'cross-site', origin: 'http://elsewhere' }, 4401)).toBeNull();
    expect(refuseRequest({ ...base, api: false, method: 'POST', fetchSite: 'cross-site' }, 4401)?.status).toBe(403);
  });

  it('reads the cookie, the bearer token and compares tokens whole', () => {
    expect(cookieName(4401)).toBe('coperniq_hooks_inspector_4401');
    expect(cookieValue('a=1; coperniq_hooks_inspector_4401=tok; b=2', 'coperniq_hooks_inspector_4401')).toBe('tok');
    expect(cookieValue('xcoperniq_hooks_inspector_4401=tok', 'coperniq_hooks_inspector_4401')).toBeNull();
    expect(cookieValue(undefined, 'a')).toBeNull();
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(sessionTokenMatches('abc', 'abc')).toBe(true);
    expect(sessionTokenMatches('ab', 'abc')).toBe(false);
    expect(sessionTokenMatches('abd', 'abc')).toBe(false);
    expect(sessionTokenMatches(null, 'abc')).toBe(false);
  });
});
