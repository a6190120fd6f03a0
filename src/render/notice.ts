import { printable } from '../core/text/printable.js';
import type { Paint } from './paint.js';
import { wrap } from './width.js';

// Warnings and errors quote what arrived (a request target, a file name, an error from a peer).
// Wrapped to `width` (a terminal's), long paths and URLs whole over the lines; a pipe gets one line.
export function renderWarning(text: string, p: Paint, width = Infinity): string {
  return notice(p.yellow('warning:'), text, width);
}

export function renderError(text: string, p: Paint, width = Infinity): string {
  return notice(p.red('error:'), text, width);
}

function notice(label: string, text: string, width: number): string {
  return `${wrap(printable(text), width, `${label} `, '  ').join('\n')}\n`;
}
