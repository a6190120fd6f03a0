/**
 * Header fields that belong to one connection (RFC 9110 §7.6.1, plus HTTP/2's upgrade field), and
 * those the next connection sets itself (`host`, `content-length`). `expect` is answered by us
 * already (curl sends `100-continue` for bodies over 1 KiB) and undici refuses to send it.
 */
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'http2-settings', 'host', 'content-length', 'expect',
]);

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
