import stringWidth from 'string-width';

const ELLIPSIS = '…';
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
// One column each, and nothing string-width treats otherwise: ASCII, Latin letters, the general
// punctuation that holds the ellipsis. (Combining marks start at U+0300, wide scripts far above.)
const NARROW = /^[\x20-\x7e\u00a0-\u024f\u2010-\u2027]*$/;

/**
 * Columns a text takes on a terminal: colour codes take none, CJK and emoji take two. string-width
 * is what cli-table3 measures with, so our lines and its tables agree.
 */
export function textWidth(text: string): number {
  // Most of what is measured is narrow text: skip string-width's regexes (it compiles one a call).
  return NARROW.test(text) ? text.length : stringWidth(text);
}

export function truncate(text: string, max: number): string {
  if (textWidth(text) <= max) return text;
  return max <= 0 ? '' : cutAt(text, max - 1).trimEnd() + ELLIPSIS;
}

/** For names whose end tells them apart, `…-432563.json`. */
export function truncateStart(text: string, max: number): string {
  if (textWidth(text) <= max) return text;
  if (max <= 0) return '';
  if (PLAIN_ASCII.test(text)) return ELLIPSIS + text.slice(text.length - (max - 1));
  const reversed = Array.from(text).reverse().join('');
  return ELLIPSIS + Array.from(cutAt(reversed, max - 1)).reverse().join('');
}

/** `lead` starts the first line and `hang` the others; both count in the width, colour codes not. */
export function wrap(text: string, width: number, lead = '', hang = lead): string[] {
  const lines: string[] = [];
  const room = () => width - textWidth(lines.length ? hang : lead);
  let line = '';
  const push = (l: string) => lines.push(`${lines.length ? hang : lead}${l}`);
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(candidate) <= room()) {
      line = candidate;
      continue;
    }
    if (line !== '') push(line);
    line = word;
    while (textWidth(line) > room()) {
      // A character wider than the whole room still goes somewhere.
      const head = cutAt(line, room()) || String.fromCodePoint(line.codePointAt(0)!);
      push(head);
      line = line.slice(head.length);
    }
  }
  push(line);
  return lines;
}

function cutAt(text: string, width: number): string {
  if (PLAIN_ASCII.test(text)) return text.slice(0, Math.max(0, width));
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = textWidth(ch);
    if (used + w > width) break;
    out += ch;
    used += w;
  }
  return out;
}
