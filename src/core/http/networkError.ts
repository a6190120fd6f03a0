/**
 * One wording for what can go wrong on the way to a URL, shared by `replay` (the sender) and
 * `listen --forward-to` (the forwarder), so the same failure reads the same in every report.
 */
export function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  // undici wraps the socket's error: its own UND_ERR_* code is less telling than the cause's.
  const code = e?.code && !e.code.startsWith('UND_ERR') ? e.code : (e?.cause?.code ?? e?.code);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is it running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed before the answer was complete';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'timed out';
    default:
      return e?.message ?? String(err);
  }
}

/** An attempt (connect, answer and its body) that took longer than allowed. */
export function timedOutText(timeoutMs: number): string {
  return `timed out after ${timeoutMs} ms`;
}
