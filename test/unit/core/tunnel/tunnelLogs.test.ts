/**
 * The log lines of the real programs, as their sources and docs print them:
 * cloudflared: zerolog's console writer "<RFC 3339> <LVL> <message> key=value" (logger/create.go),
 * the quick tunnel's URL box (cliutil.LogTable from cmd/cloudflared/tunnel/quick_tunnel.go), the
 * connection line (connection/observer.go) and urfave/cli's bare error line on exit.
 * ngrok agent: `--log stdout --log-format logfmt`, `msg="started tunnel" ... url=...`.
 */
import { describe, expect, it } from 'vitest';
import { readCloudflaredLine } from '../../../../src/core/tunnel/cloudflaredLog.js';
import { parseLogfmt, readNgrokLine } from '../../../../src/core/tunnel/ngrokLog.js';

describe('readCloudflaredLine', () => {
  it('finds the URL in the box, and only there', () => {
    const lines = [
      '2026-08-20T10:54:27Z INF Requesting new quick Tunnel on trycloudflare.com...',
      '2026-08-20T10:54:28Z INF +--------------------------------------------------------------------------------------------+',
      '2026-08-20T10:54:28Z INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |',
      '2026-08-20T10:54:28Z INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                      |',
      '2026-08-20T10:54:28Z INF +--------------------------------------------------------------------------------------------+',
    ];
    expect(lines.map(readCloudflaredLine)).toEqual([null, null, null, { kind: 'url', url: 'https://seasonal-deck-organisms-sf.trycloudflare.com' }, null]);
    // The disclaimer names URLs too, outside a box.
    expect(readCloudflaredLine('2026-08-20T10:54:27Z INF Thank you for trying Cloudflare Tunnel. ... following: https://developers.cloudflare.com/cloudflare-one/connections/connect-apps')).toBeNull();
  });

  it('reads connections, errors and the bare line a failed run ends with; ignores colour', () => {
    expect(readCloudflaredLine('2026-08-20T10:54:29Z INF Registered tunnel connection connIndex=0 connection=4a1f event=0 ip=198.41.200.13 location=ams01 protocol=quic')).toEqual({ kind: 'connected' });
    expect(readCloudflaredLine('2026-08-20T10:55:00Z ERR Connection terminated error="timeout: no recent network activity" connIndex=0')).toEqual({
      kind: 'error',
      message: 'Connection terminated error="timeout: no recent network activity" connIndex=0',
    });
    expect(readCloudflaredLine('failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host')).toEqual({
      kind: 'error',
      message: 'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host',
    });
    expect(readCloudflaredLine('\u001b[90m2026-08-20T10:54:28Z\u001b[0m \u001b[32mINF\u001b[0m |  https://a-b.trycloudflare.com  |')).toEqual({ kind: 'url', url: 'https://a-b.trycloudflare.com' });
    expect(readCloudflaredLine('2026-08-20T10:54:29Z WRN Cannot determine default origin certificate path.')).toBeNull();
    expect(readCloudflaredLine('   ')).toBeNull();
  });
});

describe('readNgrokLine', () => {
  it('finds the URL of the started tunnel', () => {
    expect(readNgrokLine('t=2026-08-20T10:54:27+0000 lvl=info msg="started tunnel" obj=tunnels name=command_line addr=http://127.0.0.1:4400 url=https://1a2b-3c4d.ngrok-free.app')).toEqual({
      kind: 'url',
      url: 'https://1a2b-3c4d.ngrok-free.app',
    });
    expect(readNgrokLine('t=2026-08-20T10:54:27+0000 lvl=info msg="client session established" obj=csess id=7dd4be8e3e99')).toEqual({ kind: 'connected' });
    expect(readNgrokLine('t=2026-08-20T10:54:27+0000 lvl=info msg="starting web service" obj=web addr=127.0.0.1:4040')).toBeNull();
  });

  it('reads failures from logfmt and from the ERROR: lines on stderr', () => {
    expect(readNgrokLine('t=2026-08-20T10:54:27+0000 lvl=crit msg="command failed" err="authentication failed: Usage of ngrok requires a verified account and authtoken."')).toEqual({
      kind: 'error',
      message: 'command failed: authentication failed: Usage of ngrok requires a verified account and authtoken.',
    });
    expect(readNgrokLine('t=2026-08-20T10:54:27+0000 lvl=eror msg="failed to reconnect session" err=nil')).toEqual({ kind: 'error', message: 'failed to reconnect session' });
    expect(readNgrokLine('ERROR:  authentication failed: Usage of ngrok requires a verified account and authtoken.')).toEqual({
      kind: 'error',
      message: 'authentication failed: Usage of ngrok requires a verified account and authtoken.',
    });
    expect(readNgrokLine('not logfmt at all')).toBeNull();
  });

  it('parses logfmt quoting', () => {
    expect(parseLogfmt('a=1 b="two words" c="say \\"hi\\"" d= e=x=y')).toEqual({ a: '1', b: 'two words', c: 'say "hi"', d: '', e: 'x=y' });
  });
});
