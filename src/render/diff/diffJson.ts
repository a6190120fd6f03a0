import { formatPath } from '../../core/path/formatPath.js';
import { isEqual, type DiffReport, type PairReport } from '../../core/diff/diffReport.js';
import type { Change } from '../../core/diff/diffValues.js';
import { toJsonPatch } from '../../core/diff/jsonPatch.js';
import { toJsonText } from '../../core/diff/valueText.js';

/**
 * `--format json`: for two files `{a, b, equal, headline, changes}`; for folders the same object per
 * pair under `pairs`, with `pairedBy`, `onlyInA` and `onlyInB`. Values are whole, never shortened.
 * Written piece by piece (one change per line) so a deep value cannot overflow JSON.stringify.
 */
export function renderDiffJson(report: DiffReport): string {
  const parts: string[] = [];
  const pair = (r: PairReport, indent: string) => {
    parts.push(`{"a":${JSON.stringify(r.a)},"b":${JSON.stringify(r.b)},"equal":${r.changes.length === 0},"headline":${JSON.stringify(r.headline)},"changes":[`);
    r.changes.forEach((c, i) => parts.push(`${i ? ',' : ''}\n${indent}  ${changeJson(c)}`));
    parts.push(r.changes.length ? `\n${indent}]}` : ']}');
  };
  if (report.pairedBy === null) {
    pair(report.pairs[0], '');
    return `${parts.join('')}\n`;
  }
  parts.push(
    `{"a":${JSON.stringify(report.a)},"b":${JSON.stringify(report.b)},"equal":${isEqual(report)},"shape":${report.shape},` +
      `"pairedBy":${JSON.stringify(report.pairedBy)},"onlyInA":${JSON.stringify(report.onlyInA)},"onlyInB":${JSON.stringify(report.onlyInB)},"pairs":[`,
  );
  report.pairs.forEach((r, i) => {
    parts.push(`${i ? ',' : ''}\n  `);
    pair(r, '  ');
  });
  parts.push(report.pairs.length ? '\n]}\n' : ']}\n');
  return parts.join('');
}

function changeJson(c: Change): string {
  let s = `{"kind":${JSON.stringify(c.kind)},"path":${JSON.stringify(formatPath(c.path))}`;
  if ('old' in c) s += `,"old":${toJsonText(c.old)}`;
  if ('new' in c) s += `,"new":${toJsonText(c.new)}`;
  if (c.oldType) s += `,"oldType":${JSON.stringify(c.oldType)}`;
  if (c.newType) s += `,"newType":${JSON.stringify(c.newType)}`;
  if (c.oldPresence) s += `,"oldPresence":${JSON.stringify(c.oldPresence)}`;
  if (c.newPresence) s += `,"newPresence":${JSON.stringify(c.newPresence)}`;
  return `${s}}`;
}

/** `--format patch`: an RFC 6902 JSON Patch, one operation per line. */
export function renderDiffPatch(changes: readonly Change[]): string {
  const ops = toJsonPatch(changes);
  if (ops.length === 0) return '[]\n';
  return `[\n${ops.map((op) => `  ${'value' in op ? `{"op":"${op.op}","path":${JSON.stringify(op.path)},"value":${toJsonText(op.value)}}` : toJsonText(op)}`).join(',\n')}\n]\n`;
}
