/** `decodeURIComponent` that answers null for a malformed escape (`%E0%A4%A`) instead of throwing. */
export function safeDecodeURIComponent(text: string): string | null {
  // Without a '%' there is nothing to decode (and nothing to throw on): the common case is free.
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
