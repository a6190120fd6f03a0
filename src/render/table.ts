import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type { Paint } from './paint.js';
import { textWidth, wrap } from './width.js';

export interface Column {
  head: string;
  natural: number;
  /** Set on columns whose cells wrap: each gives up space down to this many columns. */
  wrapDownTo?: number;
}

/** A cli-table3 cell holds 1 space of padding each side; a border runs left of each column and at the end. */
const tableWidth = (content: number[]) => content.reduce((a, b) => a + b, 0) + 3 * content.length + 1;

/**
 * Content widths that make a table at most `width` columns wide, or null when it cannot fit even
 * with its wrapping columns at their minimum: the caller then stacks each row into lines instead.
 * Wrapping columns share the room left in proportion to what they would give up.
 */
export function fitColumns(columns: readonly Column[], width: number): number[] | null {
  const natural = columns.map((c) => Math.max(c.natural, textWidth(c.head)));
  if (tableWidth(natural) <= width) return natural;
  const flex = (i: number) => columns[i].wrapDownTo !== undefined;
  const least = natural.map((w, i) => (flex(i) ? Math.min(w, columns[i].wrapDownTo!) : w));
  const spare = width - tableWidth(least);
  if (spare < 0 || !columns.some((_, i) => flex(i))) return null;
  const wanted = natural.reduce((sum, w, i) => sum + w - least[i], 0);
  return least.map((w, i) => w + Math.floor((spare * (natural[i] - w)) / wanted));
}

export function widest(cells: readonly string[]): number {
  let max = 0;
  for (const cell of cells) for (const line of cell.split('\n')) max = Math.max(max, textWidth(line));
  return max;
}

/**
 * A boxed table whose cells are already printable and at most their column's width (wrapping
 * cells are wrapped here), so cli-table3 never cuts or re-wraps them. cli-table3 loads only here.
 */
export function drawTable(columns: readonly Column[], widths: readonly number[], rows: readonly string[][], p: Paint): string {
  const Table = createRequire(import.meta.url)('cli-table3') as typeof TableType;
  const table = new Table({
    head: columns.map((c) => p.bold(c.head)),
    colWidths: widths.map((w) => w + 2),
    // Colour is ours (Paint), decided by the CLI; cli-table3's own would ignore --no-color.
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    table.push(row.map((cell, i) => (columns[i].wrapDownTo === undefined ? cell : cell.split('\n').flatMap((l) => wrap(l, widths[i], '', '  ')).join('\n'))));
  }
  return table.toString();
}

