import { INDEX_FILE, type IndexEntry } from '../../core/capture/captureFormat.js';
import type { StorePlace } from '../../core/capture/storePlace.js';
import { counted } from '../../core/text/plural.js';
import { printable } from '../../core/text/printable.js';
import { fitLine, type Piece } from '../fitLine.js';
import { renderWarning } from '../notice.js';
import type { Paint } from '../paint.js';
import { truncate, wrap } from '../width.js';
import { renderListenExposure, type ExposureView } from './listenExposure.js';

export interface ReadyView {
  url: string;
  /** The paste block for a public URL (tunnel or --public-url): the local URL is then not for pasting. */
  paste?: string[];
  dir: string;
  earlier: number;
  nextSeq: number;
  forwardTo?: string;
  validate: boolean;
  tokenSet: boolean;
  /** Bound wider than loopback. */
  exposure?: ExposureView;
  /** The web inspector's URL (with its session token), when it runs. */
  inspectorUrl?: string;
}

/** The URL line is never wrapped or cut: it is there to be copied whole. */
export function renderListenReady(v: ReadyView, p: Paint, width: number): string {
  const earlier = v.earlier ? ` (${counted(v.earlier, 'earlier delivery', 'earlier deliveries')}, continuing at #${v.nextSeq})` : '';
  const notes = v.paste
    ? []
    : [`paste this URL into your Coperniq Automation's "Call webhook" action (through your tunnel if Coperniq must reach it)${v.tokenSet ? '' : '; no --token set'}`];
  const rest = [`capturing into ${printable(v.dir)}${earlier}`];
  if (v.forwardTo) rest.push(`forwarding each delivery to ${printable(v.forwardTo)}`);
  if (!v.validate) rest.push('validation off (--no-validate)');
  const lines = [
    `${p.green('listening on')} ${v.paste ? `${v.url} (local)` : p.bold(v.url)}`,
    ...(v.exposure ? renderListenExposure(v.exposure, p, width) : []),
    ...(v.paste ?? []),
    ...notes.flatMap((n) => wrap(n, width, '  ')),
    ...rest.flatMap((l) => wrap(l, width)),
    // Whole, like the capture URL: it is there to be copied; what it is goes on a line of its own.
    ...(v.inspectorUrl ? [`${p.green('inspector on')} ${p.bold(v.inspectorUrl)}`, ...wrap('browse, compare and replay the deliveries there (from this machine only)', width, '  ')] : []),
    p.dim('Ctrl-C to stop'),
  ];
  return `${lines.join('\n')}\n`;
}

export interface DeliveryView {
  entry: IndexEntry;
  title: string | null;
  moved: string | null;
  validated: boolean;
}

/** Under the `#seq` of the line above. */
const DETAIL_INDENT = ' '.repeat('12:00:00 '.length);

function verdictPiece(v: DeliveryView, p: Paint): Piece | null {
  const { verdict } = v.entry;
  if (v.entry.bytes === 0) return { text: 'empty body', style: p.yellow };
  if (!verdict.json) return { text: 'not JSON', style: p.yellow };
  if (!v.validated || verdict.valid === null) return null;
  const warnings = verdict.warnings ? counted(verdict.warnings, 'warning') : '';
  if (verdict.valid === false) return { text: `INVALID (${[counted(verdict.errors, 'error'), warnings].filter(Boolean).join(', ')})`, style: p.red };
  return warnings ? { text: `valid (${warnings})`, style: p.yellow } : { text: 'valid', style: p.green };
}

function forwardPiece(e: IndexEntry, p: Paint): Piece | null {
  const f = e.forward;
  if (!f) return e.status < 200 || e.status >= 300 ? { text: `answered ${e.status}`, style: p.yellow } : null;
  const ok = f.status !== null && f.status >= 200 && f.status < 300;
  const what = f.status === null ? `failed (${printable(f.error ?? 'error')})` : `${f.status}${f.error ? ` (${printable(f.error)})` : ''}`;
  return { text: `-> forward ${what} ${f.ms}ms`, style: ok ? p.green : p.red, cut: 7, min: 24 };
}

/**
 * Issue 9: the verdict (with counts) comes early and the line never wraps; when space runs out the
 * record id goes first, then the title and what moved are cut. The first finding and a failed
 * forward's answer get a line of their own below. Payload text goes through printable (issue 8 §5).
 */
export function renderListenDelivery(v: DeliveryView, p: Paint, width: number): string {
  const e = v.entry;
  const pieces: (Piece | null)[] = [
    { text: e.receivedAt.slice(11, 19), style: p.dim },
    { text: `#${e.seq}`, style: p.dim },
    e.method === 'POST' ? null : { text: printable(e.method) },
    { text: printable(e.trigger ?? (e.verdict.json ? '(no trigger)' : '-')), style: p.bold, cut: 6, min: 28 },
    verdictPiece(v, p),
    e.duplicateOf === null ? null : { text: `DUPLICATE of #${e.duplicateOf}`, style: p.magenta },
    forwardPiece(e, p),
    e.eventId === null ? null : { text: `event ${printable(String(e.eventId))}`, cut: 4, min: Infinity, drop: true },
    v.moved === null ? null : { text: printable(v.moved), cut: 3, min: 16, drop: true },
    e.recordId === null ? null : { text: `record ${printable(String(e.recordId))}`, cut: 1, min: Infinity, drop: true },
    v.title === null || e.recordId === null ? null : { text: printable(v.title), quoted: true, cut: 2, min: 10, drop: true },
  ];
  const lines = [fitLine(pieces.filter((x): x is Piece => x !== null), width)];
  const detail = (text: string, style: Paint['dim']) => lines.push(style(`${DETAIL_INDENT}${truncate(printable(text), width - DETAIL_INDENT.length)}`));
  const first = e.verdict.first[0];
  if (first && (!e.verdict.json || e.verdict.valid === false)) detail(`✖ ${first}`, p.red);
  else if (first && v.validated && e.verdict.warnings) detail(`⚠ ${first}`, p.yellow);
  const f = e.forward;
  if (f?.bodyStart && !(f.status !== null && f.status >= 200 && f.status < 300)) detail(`forward answered: ${f.bodyStart}`, p.dim);
  return `${lines.join('\n')}\n`;
}

/** Issue 8: a request turned away (the target redacted already). */
export interface RejectedView {
  status: number;
  method: string;
  target: string;
  remote: string;
  detail: string;
}

/**
 * On a terminal the request target, which a sender chooses (up to the header limit), is cut to
 * leave the reason room; the line then wraps like any warning. A pipe gets it whole.
 */
export function renderRejected(r: RejectedView, p: Paint, width: number): string {
  const what = r.method ? `${r.method} ${truncate(printable(r.target), Math.max(24, width - 40))}` : 'connection';
  return renderWarning(`${r.status} ${what} from ${r.remote || 'unknown'} rejected, nothing stored: ${r.detail}`, p, width);
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

export function renderListenSummary(c: ListenCounts, dir: string, place: StorePlace, p: Paint, width: number): string {
  const forwards = c.forwardFailed ? `, ${p.red(`${counted(c.forwardFailed, 'forward')} failed`)}` : '';
  const extra = `${c.failed ? `, ${p.red(`${c.failed} not stored (answered 500)`)}` : ''}${forwards}`;
  const counts = `stopped: ${p.bold(String(c.captured))} captured, ${c.invalid} invalid, ${counted(c.duplicates, 'duplicate')}, ${c.rejected} rejected${extra}`;
  return `${[counts, ...wrap(whereCaptured(c.captured, printable(dir), place), width)].join('\n')}\n`;
}

/**
 * Where the deliveries of this session are. After the directory was moved, removed or replaced
 * while listening (everything since was answered 500), the name given is not where they are, and
 * the line says so rather than sending the user to it.
 */
function whereCaptured(captured: number, dir: string, place: StorePlace): string {
  const them = `the ${counted(captured, 'delivery', 'deliveries')} captured`;
  if (!place.dirChanged) {
    if (!place.indexChanged || captured === 0) return `captures in ${dir}`;
    return `captures in ${dir}, but its ${INDEX_FILE} was removed or replaced while listening: the index lines of ${them} went to the old one`;
  }
  const now = place.now === null ? null : printable(place.now);
  if (captured === 0) return `nothing captured; ${dir} was ${place.removed ? 'removed' : now !== null ? `moved to ${now}` : 'moved or removed'} while listening`;
  const are = captured === 1 ? 'is' : 'are';
  const other = place.replaced ? `; ${dir} is now another directory, without them` : '';
  if (place.removed) return `${them} ${are} gone: ${dir} was removed while listening${other}`;
  if (now !== null) return `${them} ${are} in ${now}: ${dir} was moved there while listening${other}`;
  return `${them} ${are} in the directory that was ${dir} when listen started: it was moved or removed while listening${other}`;
}
