import type { IndexEntry } from '../../core/capture/captureFormat.js';
import { printable } from '../../core/text/printable.js';
import type { Paint } from '../paint.js';
import { renderListenExposure, type ExposureView } from './listenExposure.js';

export interface ReadyView {
  url: string;
  dir: string;
  earlier: number;
  nextSeq: number;
  forwardTo?: string;
  validate: boolean;
  tokenSet: boolean;
  /** Bound wider than loopback. */
  exposure?: ExposureView;
}

export function renderReady(v: ReadyView, p: Paint): string {
  const lines = [
    `${p.green('listening on')} ${p.bold(v.url)}`,
    ...(v.exposure ? [renderListenExposure(v.exposure, p).trimEnd()] : []),
    `  paste this URL into your Coperniq Automation's "Call webhook" action (through your tunnel if Coperniq must reach it)${v.tokenSet ? '' : '; no --token set'}`,
    `capturing into ${v.dir}${v.earlier ? ` (${v.earlier} earlier ${v.earlier === 1 ? 'delivery' : 'deliveries'}, continuing at #${v.nextSeq})` : ''}`,
  ];
  if (v.forwardTo) lines.push(`forwarding each delivery to ${v.forwardTo}`);
  if (!v.validate) lines.push('validation off (--no-validate)');
  lines.push(p.dim('Ctrl-C to stop'));
  return `${lines.join('\n')}\n`;
}

export interface DeliveryView {
  entry: IndexEntry;
  title: string | null;
  moved: string | null;
  validated: boolean;
}

function hhmmss(iso: string): string {
  return iso.slice(11, 19);
}

function verdictText(v: DeliveryView, p: Paint): string {
  const { entry } = v;
  const first = entry.verdict.first[0];
  if (entry.bytes === 0) return p.yellow('empty body');
  if (!entry.verdict.json) return p.yellow(`not JSON${first ? ` (${first})` : ''}`);
  if (!v.validated || entry.verdict.valid === null) return '';
  if (entry.verdict.valid === false) return p.red(`INVALID ${first ?? ''}`.trimEnd());
  return entry.verdict.warnings ? p.green('valid') + p.yellow(` (${entry.verdict.warnings} warning${entry.verdict.warnings === 1 ? '' : 's'}: ${first ?? ''})`) : p.green('valid');
}

/** One line per delivery: when, what, which record, what moved, the verdict, duplicate, forward. */
export function renderDelivery(v: DeliveryView, p: Paint): string {
  const e = v.entry;
  const parts: string[] = [p.dim(hhmmss(e.receivedAt)), p.dim(`#${e.seq}`)];
  if (e.method !== 'POST') parts.push(e.method);
  parts.push(p.bold(e.trigger ?? (e.verdict.json ? '(no trigger)' : '-')));
  if (e.recordId !== null) parts.push(`record ${e.recordId}${v.title ? ` ${JSON.stringify(v.title)}` : ''}`);
  if (v.moved) parts.push(v.moved);
  if (e.eventId !== null) parts.push(`event ${e.eventId}`);
  const verdict = verdictText(v, p);
  if (verdict) parts.push(verdict);
  if (e.duplicateOf !== null) parts.push(p.magenta(`DUPLICATE of #${e.duplicateOf}`));
  if (e.forward) {
    const f = e.forward;
    const ok = f.status !== null && f.status >= 200 && f.status < 300;
    const what = f.status === null ? `failed (${f.error ?? 'error'})` : `${f.status}${f.error ? ` (${f.error})` : ''}`;
    parts.push((ok ? p.green : p.red)(`-> forward ${what} ${f.ms}ms${!ok && f.bodyStart ? ` ${printable(f.bodyStart)}` : ''}`));
  }
  if (!e.forward && (e.status < 200 || e.status >= 300)) parts.push(p.yellow(`answered ${e.status}`));
  return `${parts.join(' ')}\n`;
}

export function renderWarning(text: string, p: Paint): string {
  return `${p.yellow('warning:')} ${text}\n`;
}

export function renderError(text: string, p: Paint): string {
  return `${p.red('error:')} ${text}\n`;
}

export interface ListenCounts {
  captured: number;
  invalid: number;
  duplicates: number;
  rejected: number;
  failed: number;
  /** Forwards that got no answer or a non-2xx one. */
  forwardFailed: number;
}

export function renderSummary(c: ListenCounts, dir: string, p: Paint): string {
  const forwards = c.forwardFailed ? `, ${p.red(`${c.forwardFailed} forward${c.forwardFailed === 1 ? '' : 's'} failed`)}` : '';
  const extra = `${c.failed ? `, ${p.red(`${c.failed} not stored (answered 500)`)}` : ''}${forwards}`;
  return `stopped: ${p.bold(String(c.captured))} captured, ${c.invalid} invalid, ${c.duplicates} duplicate${c.duplicates === 1 ? '' : 's'}, ${c.rejected} rejected${extra}; captures in ${dir}\n`;
}
