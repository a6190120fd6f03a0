import { showPath } from '../../core/path/formatPath.js';
import { counted } from '../../core/text/plural.js';
import { printable } from '../../core/text/printable.js';
import { isEqual, type DiffReport, type PairReport } from '../../core/diff/diffReport.js';
import type { Change, ChangeKind, Presence } from '../../core/diff/diffValues.js';
import { preview } from '../../core/diff/valueText.js';
import type { Paint } from '../paint.js';

const MARK: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '~', 'type-changed': '!', 'became-optional': '?', 'became-required': '?' };
const WORD: Record<ChangeKind, string> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  'type-changed': 'type changed',
  'became-optional': 'became optional',
  'became-required': 'became required',
};

export function renderDiffPretty(report: DiffReport, p: Paint): string {
  const lines: string[] = [];
  const colour = (k: ChangeKind) => (k === 'added' ? p.green : k === 'removed' ? p.red : k === 'changed' ? p.yellow : p.magenta);
  const changeLine = (c: Change, indent: string) => {
    const path = showPath(c.path);
    let detail: string;
    if (report.shape) detail = shapeDetail(c, p);
    else if (c.kind === 'added') detail = preview(c.new);
    else if (c.kind === 'removed') detail = preview(c.old);
    else {
      detail = `${preview(c.old, 60)} -> ${preview(c.new, 60)}`;
      if (c.kind === 'type-changed') detail += p.dim(` (${c.oldType} -> ${c.newType})`);
    }
    lines.push(`${indent}${colour(c.kind)(`${MARK[c.kind]} ${path}`)}: ${detail}`);
  };
  const pair = (r: PairReport, indent: string) => {
    if (r.headline) lines.push(`${indent}${p.bold(r.headline)}`);
    for (const c of r.changes) changeLine(c, indent);
  };

  if (report.pairedBy === null) {
    pair(report.pairs[0], '');
    const n = report.pairs[0].changes.length;
    lines.push(n === 0 ? p.green(report.shape ? 'same shape' : 'no differences') : count(report.pairs[0].changes));
    return `${lines.join('\n')}\n`;
  }
  for (const r of report.pairs) {
    if (r.changes.length === 0) continue;
    lines.push(p.bold(`${printable(r.a)} vs ${printable(r.b)}`));
    pair(r, '  ');
  }
  for (const name of report.onlyInA) lines.push(p.red(`only in a: ${printable(name)}`));
  for (const name of report.onlyInB) lines.push(p.green(`only in b: ${printable(name)}`));
  const differ = report.pairs.filter((r) => r.changes.length > 0).length;
  const summary =
    `${counted(report.pairs.length, report.pairedBy === 'trigger' ? 'trigger' : 'pair')} compared (paired by ${report.pairedBy}): ${verdict(report, differ)}` +
    `; ${report.onlyInA.length} only in a, ${report.onlyInB.length} only in b`;
  lines.push(isEqual(report) ? p.green(summary) : summary);
  return `${lines.join('\n')}\n`;
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
