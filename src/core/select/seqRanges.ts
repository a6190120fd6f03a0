import { UsageError } from '../errors.js';

export type SeqRange = readonly [from: number, to: number];

/** `5-12,20` (repeatable): capture sequence numbers, inclusive ranges. */
export function parseSeqRanges(values: readonly string[]): SeqRange[] {
  const ranges: SeqRange[] = [];
  for (const part of values.flatMap((v) => v.split(','))) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const from = m ? Number(m[1]) : NaN;
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (!m || !Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
      throw new UsageError(`--seq takes sequence numbers and ranges such as 5-12,20; got "${part.trim()}"`);
    }
    if (to < from) throw new UsageError(`--seq ${part.trim()}: the range ends before it starts`);
    ranges.push([from, to]);
  }
  return ranges;
}

export function inSeqRanges(ranges: readonly SeqRange[], seq: number): boolean {
  return ranges.some(([from, to]) => seq >= from && seq <= to);
}
