import type { DryRunReport } from '../../core/replay/dryRunReport.js';
import { deliveryLabel, msText, NOT_SENT, summaryText, type DeliveryResult, type ReplayReport } from '../../core/replay/replayReport.js';
import { counted } from '../../core/text/plural.js';
import { printable } from '../../core/text/printable.js';
import type { Paint } from '../paint.js';
import { textWidth, truncate, truncateStart, wrap } from '../width.js';

/**
 * Characters per chunk, so 100,000 deliveries never sit in memory as one string; and under V8's
 * large-object size (128 KiB), so a chunk written and dropped dies young rather than waiting in
 * the old generation for a full collection (330 KB JSON chunks were 12 MB of a 100,000-delivery
 * run's peak, issue 13).
 */
const CHUNK = 48 * 1024;
const HEAD = ['result', 'status', 'tries', 'time', 'trigger', 'event', 'file'];
const FILE = 6;
const TRIGGER = 4;
const EVENT = 5;
const MIN: Record<number, number> = { [FILE]: 16, [TRIGGER]: 12, [EVENT]: 8 };

function noteOf(r: DeliveryResult, expect: string): string {
  const notes: string[] = [];
  if (r.cannotChange !== undefined) notes.push(`${NOT_SENT}: ${r.cannotChange}`);
  else if (r.error) notes.push(r.error);
  else if (!r.ok && r.status !== null) notes.push(`expected ${expect}${r.answer ? `, answered: ${r.answer.slice(0, 80)}` : ''}`);
  if (r.changed?.length) notes.push(`changed ${r.changed.join(', ')}`);
  return printable(notes.join('; '));
}

const resultWord = (r: DeliveryResult) => (r.ok ? 'OK' : r.cannotChange !== undefined ? 'SKIP' : 'FAIL');

const cellsOf = (r: DeliveryResult, times: number) => [
  resultWord(r),
  r.status === null ? '-' : String(r.status),
  String(r.attempts),
  msText(r.totalMs ?? r.ms),
  printable(r.trigger ?? '-'),
  r.eventId === null ? '-' : printable(String(r.eventId)),
  printable(deliveryLabel(r, times)),
];

/**
 * Column widths from a first pass that builds no rows; when the row is wider than `width`, the
 * file (cut from its start: its end tells captures apart), then the trigger, then the event give way.
 */
function columnWidths(report: ReplayReport, width: number): number[] {
  const widths = HEAD.map((h) => h.length);
  for (const r of report.results) {
    const cells = cellsOf(r, report.times);
    for (let i = 1; i < cells.length; i++) widths[i] = Math.max(widths[i], textWidth(cells[i]));
  }
  for (const i of [FILE, TRIGGER, EVENT]) {
    const excess = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1) - width;
    if (excess <= 0) break;
    widths[i] = Math.max(MIN[i], widths[i] - excess);
  }
  return widths;
}

/** A chunk at a time (CHUNK); a row's note goes below it when the row has no room for it. */
export function* renderReplayPretty(report: ReplayReport, p: Paint, width: number): Generator<string> {
  const widths = columnWidths(report, width);
  const cell = (text: string, i: number) => {
    let w = textWidth(text);
    if (w > widths[i]) {
      text = i === FILE ? truncateStart(text, widths[i]) : truncate(text, widths[i]);
      w = textWidth(text);
    }
    return text + ' '.repeat(widths[i] - w);
  };
  const line = (cells: string[]) => cells.map(cell).join('  ').trimEnd();
  let out: string[] = report.results.length ? [p.dim(line(HEAD))] : [];
  let size = 0;
  for (const r of report.results) {
    const row = line(cellsOf(r, report.times));
    const colour = r.ok ? p.green : r.cannotChange !== undefined ? p.yellow : p.red;
    const painted = colour(row.slice(0, 4)) + row.slice(4);
    const note = noteOf(r, report.expect);
    const lines = !note ? [painted] : textWidth(row) + 2 + textWidth(note) <= width ? [`${painted}  ${note}`] : [painted, ...wrap(note, width, '  ')];
    for (const l of lines) {
      out.push(l);
      size += l.length + 1;
    }
    if (size >= CHUNK) {
      yield `${out.join('\n')}\n`;
      out = [];
      size = 0;
    }
  }
  out.push(summaryText(report.summary, { succeeded: p.green, failed: p.red, notSent: p.yellow }));
  yield `${out.join('\n')}\n`;
}

/** The same text as JSON.stringify(report, null, 2), a chunk at a time. */
export function* renderReplayJson(report: ReplayReport): Generator<string> {
  const head = JSON.stringify({ target: report.target, expect: report.expect, summary: report.summary }, null, 2);
  if (report.results.length === 0) {
    yield `${head.slice(0, -2)},\n  "deliveries": []\n}\n`;
    return;
  }
  let out = `${head.slice(0, -2)},\n  "deliveries": [\n`;
  const last = report.results.length - 1;
  let i = 0;
  for (const r of report.results) {
    out += `    ${JSON.stringify(r, null, 2).replace(/\n/g, '\n    ')}${i++ < last ? ',' : ''}\n`;
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  yield `${out}  ]\n}\n`;
}

export function renderReplayDryRunPretty(report: DryRunReport, p: Paint, width: number): string {
  const out = [p.bold('dry run: nothing sent'), ...wrap(`POST ${printable(report.target)}`, width)];
  for (const e of report.entries) {
    const label = printable(e.copy > 1 ? `${e.file} (copy ${e.copy})` : e.file);
    if (e.problem !== undefined) {
      out.push(...wrap(`${label}: ${printable(e.problem)}`, width, `${p.red('skip')} `, '  '));
      continue;
    }
    if (e.cannotChange !== undefined) {
      out.push(...wrap(`${label}: ${NOT_SENT}: ${printable(e.cannotChange)}`, width, `${p.yellow('skip')} `, '  '));
      continue;
    }
    const facts = [printable(e.trigger ?? 'no trigger'), e.eventId === null ? 'no event id' : `event ${printable(String(e.eventId))}`, counted(e.bytes ?? 0, 'byte')];
    const changed = e.changed.length ? `changed ${printable(e.changed.join(', '))}` : 'unchanged';
    out.push(...wrap(`${label}  ${facts.join(', ')}  ${changed}`, width, `${p.green('send')} `, '  '));
    for (const [name, value] of Object.entries(e.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) out.push(...wrap(`${printable(name)}: ${printable(v)}`, width, '    ', '      ').map(p.dim));
    }
  }
  out.push('');
  return out.join('\n');
}

export function renderReplayDryRunJson(report: DryRunReport): string {
  return `${JSON.stringify({ dryRun: true, target: report.target, deliveries: report.entries }, null, 2)}\n`;
}
