/**
 * What an edit sends. A textarea gives its text back with every line break as LF (HTML's rule
 * for its value), so a body stored with CRLF would lose its CRs on the way through the editor:
 * an unchanged text sends the stored bytes instead, and an edit of a CRLF body keeps CRLF.
 */
export function editedBody(stored: string, typed: string): string | null {
  const normalized = stored.replace(/\r\n?/g, '\n');
  if (typed === normalized) return null;
  const crlf = stored.includes('\r\n') && !/(^|[^\r])\n/.test(stored);
  return crlf ? typed.replace(/\n/g, '\r\n') : typed;
}
