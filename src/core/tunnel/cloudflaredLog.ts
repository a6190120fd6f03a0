import { plainLine, type TunnelEvent } from './tunnelEvent.js';

// cloudflared logs to stderr through zerolog's console writer, `<RFC 3339 time> <LVL> <message>
// key=value...` (logger/create.go: consoleTimeFormat = time.RFC3339, no colour off a terminal).
const LOGGED = /^\d{4}-\d\d-\d\dT\S+\s+(DBG|INF|WRN|ERR|FTL|PNC)\s+(.*)$/;
// A quick tunnel's URL comes inside an ASCII box, one logged line per row
// (cliutil.LogTable in cmd/cloudflared/tunnel/quick_tunnel.go):
//   INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |
//   INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                      |
const BOXED_URL = /^\|\s+(https?:\/\/[^\s|]+)\s*\|$/;

/**
 * One line of `cloudflared tunnel --url ...` output. Edge connections are logged as
 * `INF Registered tunnel connection connIndex=0 connection=... location=... protocol=quic`
 * (connection/observer.go); an error that ends the program is printed by urfave/cli as a bare
 * line, e.g. `failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": ...`.
 */
export function readCloudflaredLine(raw: string): TunnelEvent | null {
  const line = plainLine(raw);
  if (line === '') return null;
  const logged = LOGGED.exec(line);
  if (!logged) return { kind: 'error', message: line };
  const [, level, message] = logged;
  const boxed = BOXED_URL.exec(message.trim());
  if (boxed) return { kind: 'url', url: boxed[1] };
  if (message.startsWith('Registered tunnel connection')) return { kind: 'connected' };
  if (level === 'ERR' || level === 'FTL' || level === 'PNC') return { kind: 'error', message };
  return null;
}
