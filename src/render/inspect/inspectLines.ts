import { printable } from '../../core/text/printable.js';
import type { Paint } from '../paint.js';
import { wrap } from '../width.js';

export interface InspectReadyView {
  url: string;
  dir: string;
}

/** The URL line is never wrapped or cut: it is there to be copied whole. */
export function renderInspectReady(v: InspectReadyView, p: Paint, width: number): string {
  return [
    `${p.green('inspector on')} ${p.bold(v.url)}`,
    ...wrap("open it in your browser; the token in the URL is this run's password (keep it to yourself)", width, '  '),
    ...wrap(`inspecting ${printable(v.dir)} (new deliveries appear as listen stores them)`, width),
    p.dim('Ctrl-C to stop'),
  ].join('\n') + '\n';
}

/** Why `--open` could not open a browser: the URL is printed either way. */
export function renderOpenFailed(reason: string, p: Paint): string {
  return `${p.yellow('note:')} could not open a browser (${printable(reason)}): open the URL above yourself\n`;
}
