/**
 * "Copy as curl": the request `replay` would send for a stored delivery, as a shell command. The
 * body is the stored file itself (`--data-binary @file`), so the bytes are exact and no payload
 * text ever passes through shell quoting. Secrets arrive redacted unless the caller revealed them.
 */

/** POSIX single quotes: nothing inside them is special except the quote itself. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface CurlRequest {
  /** The target URL as it may be shown; null: the command reads $COPERNIQ_HOOKS_TARGET, as replay does. */
  target: string | null;
  headers: Record<string, string | string[]>;
  /** Absolute path of the stored payload file. */
  file: string;
}

export function curlCommand(r: CurlRequest): string {
  const parts = [`curl --fail-with-body ${r.target === null ? '"$COPERNIQ_HOOKS_TARGET"' : shellQuote(r.target)}`];
  for (const [name, value] of Object.entries(r.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`-H ${shellQuote(`${name}: ${v}`)}`);
  }
  parts.push(`--data-binary @${shellQuote(r.file)}`);
  return parts.join(' \\\n  ');
}
