/**
 * Coperniq webhooks carry no signature, so users put tokens in the URL (path or query) and
 * proxies add auth headers: every URL and header we print or store goes through here first.
 */
export const REDACTED = '***';

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|password|passwd|signature|session|credential|auth/i;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

export type Headers = Record<string, string | string[] | undefined>;

export function redactHeaders(headers: Headers, show = false): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = !show && isSecretHeader(name) ? (Array.isArray(value) ? value.map(() => REDACTED) : REDACTED) : value;
  }
  return out;
}

/**
 * Redacts every query value and, when given, the token wherever it appears in the path.
 * Works on absolute URLs and on request targets (`/hooks/abc?token=x`); user:password too.
 */
export function redactUrl(url: string, opts: { token?: string; show?: boolean } = {}): string {
  if (opts.show) return url;
  let out = url;
  if (opts.token) out = out.split(opts.token).join(REDACTED);
  const hashAt = out.indexOf('#');
  const hash = hashAt >= 0 ? out.slice(hashAt) : '';
  if (hashAt >= 0) out = out.slice(0, hashAt);
  const q = out.indexOf('?');
  if (q >= 0) {
    const query = out
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        if (pair === '') return pair;
        const eq = pair.indexOf('=');
        return eq < 0 ? pair : `${pair.slice(0, eq)}=${REDACTED}`;
      })
      .join('&');
    out = `${out.slice(0, q)}?${query}`;
  }
  out = out.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@?#]*)@/i, (_m, scheme: string, userinfo: string) =>
    `${scheme}${userinfo.includes(':') ? `${userinfo.slice(0, userinfo.indexOf(':'))}:${REDACTED}` : REDACTED}@`,
  );
  return out + (hash ? `#${REDACTED}` : '');
}
