import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../../../src/core/http/loopback.js';

describe('isLoopbackHost', () => {
  it('knows literal loopback addresses and localhost itself', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', '::1', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
  });

  it('treats names under .localhost and everything else as elsewhere (they may go to DNS)', () => {
    for (const h of ['localhost.', 'evil.localhost', 'api.localhost', 'staging.example.com', '10.0.0.1', '128.0.0.1', 'localhost.evil.com', '0.0.0.0', '::', '::ffff:10.0.0.1']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});
