import { isIP } from 'node:net';
import { isLoopbackHost } from '../http/loopback.js';

function ipv4Problem(ip: string): string | null {
  const [a, b] = ip.split('.').map(Number);
  if (a === 0) return 'an unspecified address';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private network address';
  if (a === 169 && b === 254) return 'a link-local address';
  if (a === 100 && b >= 64 && b <= 127) return 'a carrier-grade NAT address';
  return null;
}

function ipv6Problem(ip: string): string | null {
  const v = ip.toLowerCase();
  if (v === '::') return 'an unspecified address';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return ipv4Problem(mapped[1]);
  if (/^f[cd]/.test(v)) return 'a private network address';
  if (/^fe[89ab]/.test(v)) return 'a link-local address';
  return null;
}

// Names that only a local network resolves (RFC 6761 localhost, RFC 6762 .local, RFC 8375 home.arpa).
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa'];

/**
 * Why Coperniq, calling from the cloud, cannot reach `host`; null when nothing says it cannot.
 * Our own GET through the URL proves only that this machine reaches it.
 */
export function unreachableFromCloud(host: string): string | null {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  if (isLoopbackHost(bare)) return 'this machine (loopback)';
  const family = isIP(bare);
  if (family === 4) return ipv4Problem(bare);
  if (family === 6) return ipv6Problem(bare);
  if (LOCAL_SUFFIXES.some((s) => bare.endsWith(s))) return 'a name only your machine or network resolves';
  if (!bare.includes('.')) return 'a single-label name only your network resolves';
  return null;
}
