/**
 * Header fields that belong to one connection (RFC 9110 §7.6.1, plus HTTP/2's upgrade field), and
 * those the next connection sets itself (`host`, `content-length`). `expect` is answered by us
 * already (curl sends `100-continue` for bodies over 1 KiB) and undici refuses to send it.
 */
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'http2-settings', 'host', 'content-length', 'expect',
]);

/**
 * Headers a sender may not set: the connection frames the body itself (sent whole, with its
 * Content-Length). undici refuses them at dispatch, and with one connection per pool (undici
 * 7.30) the refused request leaves the pool stuck, so they are turned away before anything starts.
 */
export function isConnectionHeader(name: string): boolean {
  const n = name.toLowerCase();
  return HOP_BY_HOP.has(n) && n !== 'host' && !n.startsWith('proxy-auth');
}

/** The headers fit to send on a new connection: no hop-by-hop field, none the Connection header names, no pseudo-header. */
export function endToEndHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const named = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'connection' || value === undefined) continue;
    for (const field of [value].flat().join(',').split(',')) if (field.trim()) named.add(field.trim().toLowerCase());
  }
  const out: Record<string, string | string[]> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name) || name.startsWith(':')) continue;
    out[name] = value;
  }
  return out;
}
