/**
 * `replay` reports: pretty lines, JSON and JUnit from one report object. URLs and headers arrive
 * here already redacted; this file only lays them out.
 */
import type { DeliveryResult, Summary } from '../../core/replay/replayPlan.js';
import { renderJunit } from '../junit.js';
import type { Paint } from '../paint.js';

export interface ReplayReport {
  target: string;
  expect: string;
  times: number;
  results: DeliveryResult[];
  summary: Summary;
}

export interface DryRunEntry {
  file: string;
  copy: number;
  trigger: string | null;
  eventId: number | string | null;
  bytes: number | null;
  headers: Record<string, string | string[]>;
  changed: string[];
  problem?: string;
}

export interface DryRunReport {
  target: string;
  entries: DryRunEntry[];
}

const ms = (v: number | null) => (v === null ? '-' : `${Math.round(v)} ms`);
const fileLabel = (file: string, copy: number, times: number) => (times > 1 ? `${file} (${copy}/${times})` : file);

function noteOf(r: DeliveryResult, expect: string): string {
  const notes: string[] = [];
  if (r.error) notes.push(r.error);
  else if (!r.ok && r.status !== null) notes.push(`expected ${expect}${r.answer ? `, answered: ${r.answer.slice(0, 80)}` : ''}`);
  if (r.changed?.length) notes.push(`changed ${r.changed.join(', ')}`);
  return notes.join('; ');
}

const CHUNK = 1000;

/**
 * Pretty lines in chunks of CHUNK rows, so 100,000 deliveries never sit in memory as one string.
 * Column widths come from a first pass that builds nothing.
 */
export function* replayPrettyChunks(report: ReplayReport, p: Paint): Generator<string> {
  const head = ['result', 'status', 'tries', 'time', 'trigger', 'event', 'file', ''];
  const cells = (r: DeliveryResult) => [
    r.ok ? 'OK' : 'FAIL',
    r.status === null ? '-' : String(r.status),
    String(r.attempts),
    ms(r.totalMs ?? r.ms),
    r.trigger ?? '-',
    r.eventId === null ? '-' : String(r.eventId),
    fileLabel(r.file, r.copy, report.times),
    noteOf(r, report.expect),
  ];
  // Widths from the few columns that vary, without building every row twice.
  const widths = head.map((h) => h.length);
  for (const r of report.results) {
    widths[1] = Math.max(widths[1], r.status === null ? 1 : String(r.status).length);
    widths[2] = Math.max(widths[2], String(r.attempts).length);
    widths[3] = Math.max(widths[3], ms(r.totalMs ?? r.ms).length);
    widths[4] = Math.max(widths[4], (r.trigger ?? '-').length);
    widths[5] = Math.max(widths[5], r.eventId === null ? 1 : String(r.eventId).length);
    widths[6] = Math.max(widths[6], fileLabel(r.file, r.copy, report.times).length);
  }
  const line = (row: string[], colour?: (s: string) => string) =>
    row
      .map((c, i) => (i === 0 && colour ? colour(c.padEnd(widths[i])) : i === row.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  let out: string[] = report.results.length ? [p.dim(line(head))] : [];
  for (const r of report.results) {
    out.push(line(cells(r), r.ok ? p.green : p.red));
    if (out.length >= CHUNK) {
      yield `${out.join('\n')}\n`;
      out = [];
    }
  }
  out.push(summaryLine(report.summary, p));
  yield `${out.join('\n')}\n`;
}

export function renderReplayPretty(report: ReplayReport, p: Paint): string {
  return [...replayPrettyChunks(report, p)].join('');
}

export function summaryLine(s: Summary, p: Paint): string {
  const parts = [
    `sent ${s.sent}`,
    p.green(`succeeded ${s.succeeded}`),
    s.failed ? p.red(`failed ${s.failed}`) : `failed 0`,
    `p50 ${ms(s.p50Ms)}`,
    `p95 ${ms(s.p95Ms)}`,
  ];
  if (s.notSent) parts.push(p.yellow(`not sent ${s.notSent} (interrupted)`));
  return `${parts.join(', ')}`;
}

/** The same text as JSON.stringify(report, null, 2), produced a chunk at a time. */
export function* replayJsonChunks(report: ReplayReport): Generator<string> {
  const head = JSON.stringify({ target: report.target, expect: report.expect, summary: report.summary }, null, 2);
  if (report.results.length === 0) {
    yield `${head.slice(0, -2)},\n  "deliveries": []\n}\n`;
    return;
  }
  let out = `${head.slice(0, -2)},\n  "deliveries": [\n`;
  const last = report.results.length - 1;
  for (let i = 0; i <= last; i++) {
    out += `    ${JSON.stringify(report.results[i], null, 2).replace(/\n/g, '\n    ')}${i < last ? ',' : ''}\n`;
    if ((i + 1) % CHUNK === 0) {
      yield out;
      out = '';
    }
  }
  yield `${out}  ]\n}\n`;
}

export function renderReplayJson(report: ReplayReport): string {
  return [...replayJsonChunks(report)].join('');
}

export function renderReplayJunit(report: ReplayReport): string {
  return renderJunit({
    name: `coperniq-hooks replay ${report.target}`,
    cases: report.results.map((r) => ({
      name: fileLabel(r.file, r.copy, report.times),
      classname: r.trigger ?? 'replay',
      time: r.ms === null ? undefined : (r.totalMs ?? r.ms) / 1000,
      failure: r.ok
        ? undefined
        : {
            message: r.error ?? `HTTP ${r.status} (expected ${report.expect})${r.answer ? `: ${r.answer}` : ''}`,
            body: `status: ${r.status ?? '-'}\nattempts: ${r.attempts}\nevent: ${r.eventId ?? '-'}${r.changed?.length ? `\nchanged: ${r.changed.join(', ')}` : ''}`,
          },
    })),
  });
}

export function renderDryRunPretty(report: DryRunReport, p: Paint): string {
  const out = [p.bold(`dry run: nothing sent`), `POST ${report.target}`];
  for (const e of report.entries) {
    const label = e.copy > 1 ? `${e.file} (copy ${e.copy})` : e.file;
    if (e.problem) {
      out.push(`${p.red('skip')} ${label}: ${e.problem}`);
      continue;
    }
    const facts = [e.trigger ?? 'no trigger', e.eventId === null ? 'no event id' : `event ${e.eventId}`, `${e.bytes} bytes`];
    out.push(`${p.green('send')} ${label}  ${facts.join(', ')}${e.changed.length ? `  changed ${e.changed.join(', ')}` : '  unchanged'}`);
    for (const [name, value] of Object.entries(e.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) out.push(p.dim(`    ${name}: ${v}`));
    }
  }
  out.push('');
  return out.join('\n');
}

export function renderDryRunJson(report: DryRunReport): string {
  return `${JSON.stringify({ dryRun: true, target: report.target, deliveries: report.entries }, null, 2)}\n`;
}
