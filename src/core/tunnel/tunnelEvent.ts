/** What one line of a tunnel program's log tells us. */
export type TunnelEvent =
  | { kind: 'url'; url: string }
  | { kind: 'connected' }
  | { kind: 'error'; message: string };

// Colour codes, should a tunnel program colour its log even into a pipe.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function plainLine(line: string): string {
  return line.replace(ANSI, '').trim();
}
