/** What one line of a tunnel program's log tells us. */
export type TunnelEvent =
  | { kind: 'url'; url: string }
  | { kind: 'connected' }
  | { kind: 'error'; message: string }
  /** A URL line whose URL is not one: the start fails on it rather than wait for another. */
  | { kind: 'bad-url'; message: string };

/**
 * The public URL a tunnel reports, if it is one: http(s), parseable, no control characters (a
 * log line is text from another program; `listen` prints and pastes what this returns).
 */
export function publicUrlOf(text: string | null | undefined): string | null {
  // eslint-disable-next-line no-control-regex
  if (!text || !/^https?:\/\//i.test(text) || /[\u0000-\u001f\u007f-\u009f\s]/.test(text)) return null;
  try {
    new URL(text);
    return text;
  } catch {
    return null;
  }
}

/** A URL line: its URL when it is one, else an error saying what came instead. */
export function urlEvent(text: string): TunnelEvent {
  return publicUrlOf(text) ? { kind: 'url', url: text } : { kind: 'bad-url', message: `reported a public URL that is not a URL: ${JSON.stringify(text)}` };
}

// Colour codes, should a tunnel program colour its log even into a pipe.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function plainLine(line: string): string {
  return line.replace(ANSI, '').trim();
}
