/**
 * What the selection options say back: how much was picked, and why nothing was.
 */
import { counted } from '../text/plural.js';
import { TRIGGER_KEYS, isKnownTrigger } from '../payload/triggers.js';
import { closest } from '../text/didYouMean.js';
import type { Selection } from './selection.js';

/** What the inputs held, gathered while selecting, so that "nothing selected" can say what there was. */
export interface Seen {
  total: number;
  /** Trigger key (null: none, or not JSON) -> how many payloads have it. */
  triggers: Map<string | null, number>;
}

/** A `--trigger` value no input has, with the trigger it was probably meant to be. */
function missedTriggers(sel: Selection, seen: Seen): string[] {
  const present = [...seen.triggers.keys()].filter((t): t is string => t !== null);
  return (sel.triggers ?? [])
    .filter((t) => !seen.triggers.has(t))
    .map((t) => {
      const near = isKnownTrigger(t) ? null : (closest(t, present) ?? closest(t, TRIGGER_KEYS));
      return near ? `no payload has trigger ${t}; did you mean ${near}?` : `no payload has trigger ${t}`;
    });
}

/** Lines for a selection that picked nothing (the command decides the exit code; all use 2). */
export function nothingSelected(sel: Selection, seen: Seen, where: string): string {
  const lines = [
    seen.total === 1
      ? `nothing selected: ${where} does not match ${sel.text}`
      : `nothing selected by ${sel.text} in ${where} (${seen.total} payloads)`,
  ];
  if (sel.triggers && seen.triggers.size) lines.push(...presentTriggers(seen));
  lines.push(...missedTriggers(sel, seen).filter((line) => line.includes('did you mean')));
  return lines.join('\n  ');
}

/** `triggers present: A (3), B (1)`, most frequent first, wrapped to fit 80 columns. */
function presentTriggers(seen: Seen): string[] {
  if (seen.total === 1) return [`its trigger: ${[...seen.triggers.keys()][0] ?? 'none'}`];
  const keyed = [...seen.triggers].filter((e): e is [string, number] => e[0] !== null);
  const counts = keyed.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t, n]) => `${t} (${n})`);
  const shown = counts.slice(0, 12);
  if (counts.length > shown.length) shown.push(`and ${counts.length - shown.length} more`);
  const none = seen.triggers.get(null);
  if (none) shown.push(`${none} without one`);
  const lines = ['triggers present:'];
  for (const c of shown) {
    const last = lines.length - 1;
    if (lines[last].length + c.length + 2 > 76) {
      lines[last] += ',';
      lines.push(`  ${c}`);
    } else lines[last] += `${lines[last].endsWith(':') ? ' ' : ', '}${c}`;
  }
  return lines;
}

/** Notes for a selection that picked some: a `--trigger` value that matched nothing is likely a typo. */
export function selectionNotes(sel: Selection, seen: Seen, picked: number, where: string): string[] {
  return [`selected ${picked} of ${counted(seen.total, 'payload')} in ${where} (${sel.text})`, ...missedTriggers(sel, seen)];
}
