import { printable } from '../core/text/printable.js';
import type { Paint } from './paint.js';

// Warnings and errors quote what arrived (a request target, a file name, an error from a peer).
export function renderWarning(text: string, p: Paint): string {
  return `${p.yellow('warning:')} ${printable(text)}\n`;
}

export function renderError(text: string, p: Paint): string {
  return `${p.red('error:')} ${printable(text)}\n`;
}
