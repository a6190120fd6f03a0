import { printable } from '../../core/text/printable.js';
import type { Paint } from '../paint.js';
import { wrap } from '../width.js';

export interface CheckView {
  publicUrl: string;
  reached: boolean;
  detail: string;
  /** Why Coperniq cannot reach the host even if this machine can; null when nothing says so. */
  notPublic: string | null;
}

type TunnelKind = 'cloudflared' | 'ngrok-binary' | 'ngrok-library';

export function renderTunnelStarting(kind: TunnelKind, file: string, p: Paint): string {
  const what = kind === 'cloudflared' ? 'a Cloudflare quick tunnel' : 'an ngrok tunnel';
  return `${p.dim(`starting ${what} (${printable(file)})...`)}\n`;
}

/** The paste block, the one place a generated token is shown. The URL line is never wrapped or cut: it is there to be copied whole. */
export function renderPaste(paste: string, generated: boolean, p: Paint, width: number): string[] {
  const lines = [`paste this URL into your Coperniq Automation's "Call webhook" action:`, `  ${p.bold(paste)}`];
  if (generated) lines.push(...wrap('(token generated for this run; --token or COPERNIQ_HOOKS_TOKEN keeps one across runs)', width, '  ').map((l) => p.dim(l)));
  return lines;
}

/** `label text`, wrapped to the width with a hanging indent, the label styled. */
function labelled(label: string, style: (t: string) => string, text: string, width: number): string[] {
  return wrap(`${label} ${text}`, width, '', '  ').map((l, i) => (i === 0 ? style(label) + l.slice(label.length) : l));
}

export function renderCheck(c: CheckView, p: Paint, width: number): string {
  const host = new URL(c.publicUrl).host;
  const lines = !c.reached
    ? labelled('warning:', p.yellow, `a GET through ${host} did not reach this listen (${printable(c.detail)}): Coperniq will not reach it either until that works`, width)
    : c.notPublic
      ? labelled('warning:', p.yellow, `${host} reaches this listen from here, but it is ${c.notPublic}: Coperniq, in the cloud, will not reach it`, width)
      : labelled('checked:', p.green, `a GET through ${host} reached this listen: Coperniq will be able to reach it`, width);
  return `${lines.join('\n')}\n`;
}

/** `retryInMs` null: the tunnel reconnects by itself (the ngrok library). */
export function renderTunnelDown(reason: string, retryInMs: number | null, restartFailed: boolean, p: Paint, width: number): string {
  const retry = retryInMs === null ? 'it is reconnecting' : `restarting in ${Math.round(retryInMs / 1000)} s`;
  const lines = [
    ...labelled(restartFailed ? 'TUNNEL STILL DOWN:' : 'TUNNEL DOWN:', (t) => p.bold(p.red(t)), printable(reason), width),
    ...wrap(`Coperniq cannot reach this listen until it is back; local capture goes on; ${retry}`, width, '  '),
  ];
  return `${lines.join('\n')}\n`;
}

export function renderTunnelUp(paste: string, urlChanged: boolean, p: Paint, width: number): string {
  if (!urlChanged) return `${p.green('tunnel back up')} at the same URL\n`;
  const head = labelled('tunnel back up', p.green, 'with a NEW URL (quick tunnel URLs change): update your Coperniq Automation', width);
  return `${[...head, ...renderPaste(paste, false, p, width)].join('\n')}\n`;
}
