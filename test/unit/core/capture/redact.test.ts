import { describe, expect, it } from 'vitest';
import { isSecretHeader, looksLikeSecret, redactHeaders, redactSecrets, redactToken, redactUrl, urlSecrets } from '../../../../src/core/capture/redact.js';

describe('isSecretHeader', () => {
  it('hides credential-carrying names', () => {
    const secret = [
      'authorization', 'Proxy-Authorization', 'cookie', 'set-cookie', 'x-api-key', 'apikey', 'x-access-key', 'private-key',
      'x-jwt', 'cf-access-jwt-assertion', 'x-bearer', 'x-pass', 'x-password', 'pass', 'x-amz-secret', 'client-secret',
      'x-auth-token', 'x-csrf-token', 'x-hub-signature-256', 'x-signature', 'x-session-id', 'x-credentials', 'stripe-key', 'x_key',
    ];
    for (const name of secret) expect(isSecretHeader(name), name).toBe(true);
  });

  it('leaves harmless headers readable', () => {
    const plain = [
      'x-request-id', 'content-type', 'accept', 'keep-alive', 'user-agent', 'content-length', 'host', 'x-forwarded-for',
      'accept-encoding', 'connection', 'x-trace', 'x-passenger-version', 'monkey', 'x-keyboard', 'referer', 'x-original-url',
    ];
    for (const name of plain) expect(isSecretHeader(name), name).toBe(false);
  });
});

describe('redactToken', () => {
  it('hides the token as written and percent-encoded, in either hex case', () => {
    expect(redactToken('/hooks/s3cret', 's3cret')).toBe('/hooks/***');
    expect(redactToken('/hooks/s%33cret and ?s%33cret', 's3cret')).toBe('/hooks/*** and ?***');
    expect(redactToken('%73%33%63%72%65%74', 's3cret')).toBe('***');
    expect(redactToken('a%2ab', 'a*b')).toBe('***');
    expect(redactToken('a%2Ab', 'a*b')).toBe('***');
    expect(redactToken('caf%C3%A9 café', 'café')).toBe('*** ***');
  });

  it('leaves other case and near misses alone', () => {
    expect(redactToken('S3CRET s3cre s%34cret', 's3cret')).toBe('S3CRET s3cre s%34cret');
    expect(redactToken('anything', '')).toBe('anything');
  });
});

describe('looksLikeSecret', () => {
  it('spots generated-looking segments', () => {
    for (const s of ['3f2a9c1e-7b6d-4e2f-9a0b-1c2d3e4f5a6b', '9f86d081884c7d659a2feaa0c55ad015', 'V1StGXR8_Z5jdHi6B-myT', 'tok_4eC39HqLyjWDarjtT1zdp7dc']) {
      expect(looksLikeSecret(s), s).toBe(true);
    }
  });

  it('leaves named segments readable', () => {
    for (const s of ['hooks', 'coperniq', 'webhook-handler-v2', 'coperniq-hook-2024', 'v2', 'project_movement', 'WorkOrderStatusChanged', '12345678901234567890']) {
      expect(looksLikeSecret(s), s).toBe(false);
    }
  });
});

describe('redactUrl', () => {
  it('hides query values, user:password and the fragment', () => {
    expect(redactUrl('http://u:p@h:1/in?key=v&x&y=2#frag')).toBe('http://u:***@h:1/in?key=***&x&y=***#***');
    expect(redactUrl('/hooks?token=abc')).toBe('/hooks?token=***');
  });

  it('hides the token wherever it is, percent-encoded too', () => {
    expect(redactUrl('/hooks/s3cret', { token: 's3cret' })).toBe('/hooks/***');
    expect(redactUrl('/hooks/s%33cret?s%33cret', { token: 's3cret' })).toBe('/hooks/***?***');
    expect(redactUrl('/s3cret/x?s3cret', { token: 's3cret' })).toBe('/***/x?***');
  });

  it('hides a last path segment that looks like a secret, never the host', () => {
    expect(redactUrl('http://host/hooks/9f86d081884c7d659a2feaa0c55ad015')).toBe('http://host/hooks/***');
    expect(redactUrl('http://host/hooks/9f86d081884c7d659a2feaa0c55ad015/')).toBe('http://host/hooks/***/');
    expect(redactUrl('http://9f86d081884c7d659a2feaa0c55ad015.example/')).toBe('http://9f86d081884c7d659a2feaa0c55ad015.example/');
    expect(redactUrl('http://localhost:3000/webhooks/coperniq')).toBe('http://localhost:3000/webhooks/coperniq');
    expect(redactUrl('/x?9f86d081884c7d659a2feaa0c55ad015')).toBe('/x?***');
  });

  it('shows everything when asked', () => {
    expect(redactUrl('http://u:p@h/9f86d081884c7d659a2feaa0c55ad015?token=s3cret', { token: 's3cret', show: true })).toBe('http://u:p@h/9f86d081884c7d659a2feaa0c55ad015?token=s3cret');
  });
});

describe('redactHeaders', () => {
  const headers = {
    'x-original-url': '/hooks/s3cret',
    referer: 'https://app.example/settings?token=s3cret&tab=2',
    'x-forwarded-uri': '/hooks/s%33cret',
    'x-note': 'sent with s3cret inside',
    authorization: 'Bearer abc',
    'x-request-id': 'r-1',
    'x-many': ['s3cret', 'plain'],
    gone: undefined,
  };

  it('hides the token in every value, redacts URL-like values as URLs, masks secret names', () => {
    expect(redactHeaders(headers, { token: 's3cret' })).toEqual({
      'x-original-url': '/hooks/***',
      referer: 'https://app.example/settings?token=***&tab=***',
      'x-forwarded-uri': '/hooks/***',
      'x-note': 'sent with *** inside',
      authorization: '***',
      'x-request-id': 'r-1',
      'x-many': ['***', 'plain'],
    });
  });

  it('without a token still redacts URL-like values and secret names; --show-secrets keeps all', () => {
    expect(redactHeaders(headers)).toMatchObject({ referer: 'https://app.example/settings?token=***&tab=***', 'x-note': 'sent with s3cret inside', authorization: '***' });
    expect(redactHeaders(headers, { token: 's3cret', show: true })).toMatchObject({ 'x-original-url': '/hooks/s3cret', authorization: 'Bearer abc' });
  });
});

describe('urlSecrets and redactSecrets', () => {
  it('finds the password, long query values and a generated last segment, written and decoded, longest first', () => {
    const secrets = urlSecrets('https://user:pa55word@h.example/hooks/9f86d081884c7d659a2feaa0c55ad015?token=a%2Bb%2Fc123&v=2&page=1');
    expect(secrets).toEqual(['9f86d081884c7d659a2feaa0c55ad015', 'a%2Bb%2Fc123', 'pa55word', 'a+b/c123']);
    expect(urlSecrets('http://h.example/webhooks?v=2')).toEqual([]);
    expect(urlSecrets('not a url')).toEqual([]);
  });

  it('hides each secret wherever it appears in a text, percent-encoded too, and leaves short values alone', () => {
    const secrets = urlSecrets('http://h.example/in?key=k3yvalue&v=2');
    expect(redactSecrets('called /in?key=k3yvalue&v=2, k%33yvalue again', secrets)).toBe('called /in?key=***&v=2, *** again');
  });
});
