import { describe, expect, it } from 'vitest';
import { parsePublicUrl, pasteUrl } from '../../../../src/core/tunnel/pasteUrl.js';
import { unreachableFromCloud } from '../../../../src/core/tunnel/reachability.js';
import { restartDelayMs } from '../../../../src/core/tunnel/restartDelay.js';
import { tokenMatches } from '../../../../src/core/capture/tokenMatch.js';
import { tunnelTarget } from '../../../../src/commands/listen/tunnel.js';

describe('pasteUrl', () => {
  it('adds the token as ?token=, keeping the path and other query parameters, and listen accepts what it builds', () => {
    expect(pasteUrl('https://a-b.trycloudflare.com', 'T0k-_x')).toBe('https://a-b.trycloudflare.com/?token=T0k-_x');
    expect(pasteUrl('https://hooks.example.com/coperniq?env=dev', 'tk')).toBe('https://hooks.example.com/coperniq?env=dev&token=tk');
    const pasted = new URL(pasteUrl('https://hooks.example.com/in', 'a+b~c'));
    expect(tokenMatches(`${pasted.pathname}${pasted.search}`, 'a+b~c')).toBe(true);
  });

  it('parsePublicUrl refuses what cannot work, without echoing a token', () => {
    expect(parsePublicUrl('https://hooks.example.com/x').href).toBe('https://hooks.example.com/x');
    expect(() => parsePublicUrl('hooks.example.com')).toThrow(/not a URL/);
    expect(() => parsePublicUrl('ws://hooks.example.com')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parsePublicUrl('https://h.example.com/?token=s3cret')).toThrow(/must not carry a token/);
    expect(() => parsePublicUrl('https://h.example.com/#frag')).toThrow(/#fragment/);
    expect(() => parsePublicUrl('nope?token=s3cret')).toThrow(/^(?!.*s3cret)/);
  });
});

describe('unreachableFromCloud', () => {
  it.each([
    ['127.0.0.1', 'this machine (loopback)'],
    ['localhost', 'this machine (loopback)'],
    ['[::1]', 'this machine (loopback)'],
    ['10.1.2.3', 'a private network address'],
    ['172.20.0.5', 'a private network address'],
    ['192.168.1.10', 'a private network address'],
    ['169.254.1.1', 'a link-local address'],
    ['100.100.1.1', 'a carrier-grade NAT address'],
    ['0.0.0.0', 'an unspecified address'],
    ['fd00::1', 'a private network address'],
    ['fe80::1', 'a link-local address'],
    ['::ffff:192.168.0.1', 'a private network address'],
    ['printer.local', 'a name only your machine or network resolves'],
    ['app.localhost', 'a name only your machine or network resolves'],
    ['devbox', 'a single-label name only your network resolves'],
  ])('%s: %s', (host, why) => {
    expect(unreachableFromCloud(host)).toBe(why);
  });

  it.each(['a-b.trycloudflare.com', '1a2b.ngrok-free.app', 'hooks.example.com', '203.0.113.7', '172.32.0.1', '2001:db8::1'])('%s: nothing says no', (host) => {
    expect(unreachableFromCloud(host)).toBeNull();
  });
});

describe('restartDelayMs', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(restartDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe('tunnelTarget', () => {
  it('sends the tunnel to loopback when listen binds every address', () => {
    expect(tunnelTarget('127.0.0.1', 4400)).toBe('127.0.0.1:4400');
    expect(tunnelTarget('0.0.0.0', 4400)).toBe('127.0.0.1:4400');
    expect(tunnelTarget('::', 4400)).toBe('[::1]:4400');
    expect(tunnelTarget('::1', 4400)).toBe('[::1]:4400');
  });
});
