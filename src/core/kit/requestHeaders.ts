/**
 * Headers as each runtime hands them over: a Fetch `Headers` (whose entries `Object.entries`
 * does not see), Node's `IncomingHttpHeaders`, or a plain record with any case.
 */
export type HeadersInput =
  | { get(name: string): string | null; forEach(fn: (value: string, name: string) => void): void }
  | Record<string, string | string[] | undefined>;

const isFetchHeaders = (h: HeadersInput): h is Extract<HeadersInput, { get: unknown }> =>
  typeof (h as { get?: unknown }).get === 'function' && typeof (h as { forEach?: unknown }).forEach === 'function';

/** Lower-case names; repeated fields joined with ", " (RFC 9110 §5.3). */
export function normalizeHeaders(headers: HeadersInput | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (isFetchHeaders(headers)) {
    headers.forEach((value, name) => (out[name.toLowerCase()] = value));
    return out;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[key] = key in out ? `${out[key]}, ${text}` : text;
  }
  return out;
}
