import { showPath } from '../../core/path/formatPath.js';
import { counted } from '../../core/text/plural.js';
import { printable } from '../../core/text/printable.js';
import { isEqual, type DiffReport, type PairReport } from '../../core/diff/diffReport.js';
import type { Change, ChangeKind, Presence } from '../../core/diff/diffValues.js';
import { preview } from '../../core/diff/valueText.js';
import type { Paint } from '../paint.js';
import { textWidth, truncate, wrap } from '../width.js';

const MARK: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '~', 'type-changed': '!', 'became-optional': '?', 'became-required': '?' };
const WORD: Record<ChangeKind, string> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  'type-changed': 'type changed',
  'became-optional': 'became optional',
  'became-required': 'became required',
};

/** Fitted to `width` columns: long values are cut (`…`), long headlines and names wrap. */
export function renderDiffPretty(report: DiffReport, p: Paint, width: number): string {
  const lines: string[] = [];
  const wrapped = (text: string, indent: string, paint: (s: string) => string = (s) => s) => {
    for (const line of wrap(text, width, indent, `${indent}  `)) lines.push(paint(line));
  };
  const pair = (r: PairReport, indent: string) => {
    if (r.headline) wrapped(r.headline, indent, p.bold);
    for (const c of r.changes) lines.push(...changeLines(c, indent, report.shape, width, p));
  };

  if (report.pairedBy === null) {
    pair(report.pairs[0], '');
    const n = report.pairs[0].changes.length;
    lines.push(n === 0 ? p.green(report.shape ? 'same shape' : 'no differences') : count(report.pairs[0].changes));
    return `${lines.join('\n')}\n`;
  }
  for (const r of report.pairs) {
    if (r.changes.length === 0) continue;
    wrapped(`${printable(r.a)} vs ${printable(r.b)}`, '', p.bold);
    pair(r, '  ');
  }
  for (const name of report.onlyInA) wrapped(`only in a: ${printable(name)}`, '', p.red);
  for (const name of report.onlyInB) wrapped(`only in b: ${printable(name)}`, '', p.green);
  const differ = report.pairs.filter((r) => r.changes.length > 0).length;
  const summary =
    `${counted(report.pairs.length, report.pairedBy === 'trigger' ? 'trigger' : 'pair')} compared (paired by ${report.pairedBy}): ${verdict(report, differ)}` +
    `; ${report.onlyInA.length} only in a, ${report.onlyInB.length} only in b`;
  wrapped(summary, '', isEqual(report) ? p.green : undefined);
  return `${lines.join('\n')}\n`;
}

/** Values narrower than this go on lines of their own rather than be cut to nothing. */
const MIN_VALUE = 16;

/**
 * `~ path: old -> new` on one line when the values fit beside the path (cut to fit, with `…`), else
 * the values under it, one per line, each with the whole width.
 */
function changeLines(c: Change, indent: string, shape: boolean, width: number, p: Paint): string[] {
  const colour = c.kind === 'added' ? p.green : c.kind === 'removed' ? p.red : c.kind === 'changed' ? p.yellow : p.magenta;
  const head = `${indent}${colour(`${MARK[c.kind]} ${showPath(c.path)}`)}:`;
  if (shape) return [`${head} ${shapeDetail(c, p)}`];
  const beside = width - textWidth(head) - 1;
  const under = width - indent.length - 4;
  const value = (v: unknown, room: number) => truncate(preview(v, room), room);
  if (c.kind === 'added' || c.kind === 'removed') {
    const v = c.kind === 'added' ? c.new : c.old;
    return beside >= MIN_VALUE ? [`${head} ${value(v, beside)}`] : [head, `${indent}    ${value(v, under)}`];
  }
  const types = c.kind === 'type-changed' ? ` (${c.oldType} -> ${c.newType})` : '';
  const both = beside - 4 - types.length;
  if (both >= 2 * MIN_VALUE) {
    // A short side keeps its length and leaves the rest to the other one.
    const half = Math.floor(both / 2);
    const [a, b] = [value(c.old, half), value(c.new, half)];
    const old = textWidth(a) < half ? a : value(c.old, both - textWidth(b));
    const now = value(c.new, both - textWidth(old));
    return [`${head} ${old} -> ${now}${p.dim(types)}`];
  }
  return [`${head}${p.dim(types)}`, `${indent}    ${value(c.old, under)}`, `${indent} -> ${value(c.new, under)}`];
}

function verdict(report: DiffReport, differ: number): string {
  if (report.pairs.length === 0) return 'nothing paired';
  if (differ) return `${differ} ${differ === 1 ? 'differs' : 'differ'}`;
  return report.shape ? 'same shape' : 'no differences';
}

/** `number`, `number (present in 4 of 10)`, `present in 10 of 10 -> 9 of 10 (became optional)`. */
function shapeDetail(c: Change, p: Paint): string {
  const within = (n?: Presence) => (n && n.count < n.of ? p.dim(` (present in ${n.count} of ${n.of})`) : '');
  if (c.kind === 'added') return `${c.newType}${within(c.newPresence)}`;
  if (c.kind === 'removed') return `${c.oldType}${within(c.oldPresence)}`;
  if (c.kind === 'type-changed') return `${c.oldType} -> ${c.newType}`;
  const [was, now] = [c.oldPresence!, c.newPresence!];
  return `present in ${was.count} of ${was.of} -> ${now.count} of ${now.of}${p.dim(` (${WORD[c.kind]})`)}`;
}

function count(changes: Change[]): string {
  const by = new Map<ChangeKind, number>();
  for (const c of changes) by.set(c.kind, (by.get(c.kind) ?? 0) + 1);
  const parts = (Object.keys(WORD) as ChangeKind[]).filter((k) => by.has(k)).map((k) => `${by.get(k)} ${WORD[k]}`);
  return `${counted(changes.length, 'difference')}: ${parts.join(', ')}`;
}
