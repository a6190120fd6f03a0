import path from 'node:path';
import { headline, pairByKey, whyNothingPaired, type DiffReport, type PairReport } from '../../core/diff/diffReport.js';
import { diffShapes, emptyShape, type Shape } from '../../core/diff/shape.js';
import { payloadFacts } from '../../core/payload/payloadFacts.js';
import { loadJson, type Side } from '../../io/inputs/diffSides.js';
import type { InputReader } from '../../io/inputs/inputReader.js';
import type { Input } from '../../io/inputs/inputs.js';
import type { Context } from '../context.js';
import type { Comparison } from '../../core/diff/comparison.js';

type Dir = Extract<Side, { kind: 'dir' }>;

/**
 * Two folders. Plain folders pair files by relative path. Two capture directories pair by event id:
 * their file names start with a sequence number, so equal names there would be unrelated
 * deliveries. With `--shape`, every payload of a trigger on one side is merged into one shape and
 * compared with the same trigger's on the other side: schema drift is a property of the trigger,
 * and last month's event ids never match today's.
 */
export async function compareFolders(ctx: Context, sa: Dir, sb: Dir, cmp: Comparison, shape: boolean): Promise<DiffReport> {
  if (shape) return compareTriggers(ctx, sa, sb, cmp);
  const byEvent = sa.capture && sb.capture;
  const key = byEvent ? await eventKeys(sa.reader, [...sa.inputs, ...sb.inputs]) : (i: Input) => i.relative;
  const { pairs, onlyInA, onlyInB } = pairByKey(sa.inputs, sb.inputs, key);
  const reports: PairReport[] = [];
  for (const [ia, ib] of pairs) {
    // One pair at a time, so two large folders are never all in memory.
    const va = await loadJson(ia, sa.reader);
    const vb = await loadJson(ib, sb.reader);
    reports.push({ a: ia.name, b: ib.name, headline: headline(va, vb), changes: cmp.pair(va, vb, `${ib.name}: `) });
  }
  if (pairs.length === 0) cmp.notes.push(whyNothingPaired(sa, sb));
  return {
    a: sa.arg,
    b: sb.arg,
    shape: false,
    pairedBy: byEvent ? 'event id' : 'path',
    pairs: reports,
    onlyInA: onlyInA.map((i) => i.name),
    onlyInB: onlyInB.map((i) => i.name),
  };
}

/** The index knows each delivery's event id; a payload it does not list (after a crash) is read for it. */
async function eventKeys(reader: InputReader, inputs: Input[]): Promise<(i: Input) => string> {
  const keys = new Map<Input, string>();
  for (const i of inputs) {
    let id = i.capture?.eventId ?? null;
    if (id === null) id = payloadFacts(await loadJson(i, reader)).eventId;
    keys.set(i, id === null ? `file ${path.basename(i.relative)}` : `event ${String(id)}`);
  }
  return (i) => keys.get(i)!;
}

async function compareTriggers(ctx: Context, sa: Dir, sb: Dir, cmp: Comparison): Promise<DiffReport> {
  const ga = await shapesByTrigger(ctx, sa, cmp);
  const gb = await shapesByTrigger(ctx, sb, cmp);
  const label = (t: string, g: Group, arg: string) => `${t} (${g.count} in ${arg})`;
  const pairs: PairReport[] = [];
  const onlyInA: string[] = [];
  for (const [t, g] of ga) {
    const other = gb.get(t);
    if (other) pairs.push({ a: label(t, g, sa.arg), b: label(t, other, sb.arg), headline: null, changes: diffShapes(g.shape, other.shape) });
    else onlyInA.push(label(t, g, sa.arg));
  }
  const onlyInB = [...gb].filter(([t]) => !ga.has(t)).map(([t, g]) => label(t, g, sb.arg));
  return { a: sa.arg, b: sb.arg, shape: true, pairedBy: 'trigger', pairs, onlyInA, onlyInB };
}

interface Group {
  shape: Shape;
  count: number;
}

async function shapesByTrigger(ctx: Context, side: Dir, cmp: Comparison): Promise<Map<string, Group>> {
  const groups = new Map<string, Group>();
  for (const input of side.inputs) {
    const value = await loadJson(input, side.reader);
    const trigger = payloadFacts(value).trigger ?? '(no trigger)';
    let g = groups.get(trigger);
    if (!g) groups.set(trigger, (g = { shape: emptyShape(), count: 0 }));
    cmp.addToShape(g.shape, value);
    g.count++;
  }
  return groups;
}
