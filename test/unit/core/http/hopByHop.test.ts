import { describe, expect, it } from 'vitest';
import { endToEndHeaders } from '../../../../src/core/http/hopByHop.js';

describe('endToEndHeaders', () => {
  it('drops hop-by-hop fields, the ones Connection names, pseudo-headers and missing values', () => {
    const headers = {
      host: 'h', 'content-length': '3', connection: 'close, X-Drop', 'keep-alive': 'timeout=5', 'transfer-encoding': 'chunked',
      te: 'trailers', trailer: 'x', upgrade: 'h2c', 'http2-settings': 'AAA', 'proxy-authorization': 'Basic x',
      'proxy-authenticate': 'Basic', 'proxy-connection': 'keep-alive', expect: '100-continue', ':authority': 'h',
      'x-drop': 'hop', 'x-keep': ['a', 'b'], 'Content-Type': 'application/json', missing: undefined,
    };
    expect(endToEndHeaders(headers)).toEqual({ 'x-keep': ['a', 'b'], 'content-type': 'application/json' });
  });

  it('reads a Connection header given as several values', () => {
    expect(endToEndHeaders({ Connection: ['x-a', 'x-b , x-c'], 'x-a': '1', 'x-b': '2', 'x-c': '3', 'x-d': '4' })).toEqual({ 'x-d': '4' });
  });
});
