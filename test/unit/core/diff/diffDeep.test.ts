import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../../src/core/path/formatPath.js';
import { diffValues } from '../../../../src/core/diff/diffValues.js';
import { toJsonPatch } from '../../../../src/core/diff/jsonPatch.js';
import { compileMatcher } from '../../../../src/core/diff/pathPattern.js';
import { diffShapes, shapeOf } from '../../../../src/core/diff/shape.js';
import { preview, toJsonText } from '../../../../src/core/diff/valueText.js';
import { renderDiffJson, renderDiffPatch } from '../../../../src/render/diff/diffJson.js';
import { renderDiffPretty } from '../../../../src/render/diff/diffPretty.js';
import { PLAIN } from '../../../../src/render/paint.js';
import { applyPatch } from '../../../helpers/jsonPatchApply.js';

// JSON.parse accepts documents far deeper than JSON.stringify or a recursive walker can handle.
const nested = (depth: number, leaf: string) => JSON.parse('{"a":['.repeat(depth) + leaf + ']}'.repeat(depth)) as unknown;

describe.each([5_000, 100_000])('%i levels deep', (depth) => {
  const a = nested(depth, '1');
  const b = nested(depth, '"1"');

  it('diffs without overflowing the stack', () => {
    const { changes } = diffValues(a, b);
    expect(changes).toHaveLength(1);
    expect(changes[0].kind).toBe('type-changed');
    expect(changes[0].path).toHaveLength(depth * 2);
    expect(formatPath(changes[0].path).startsWith('a[0].a[0].a[0]')).toBe(true);
    expect(diffValues(a, nested(depth, '1')).changes).toEqual([]);
  });

  it('ignores deep paths', () => {
    expect(diffValues(a, b, { ignore: compileMatcher(['**[0]']) }).changes).toEqual([]);
  });

  it('compares shapes', () => {
    const changes = diffShapes(shapeOf(a), shapeOf(b));
    expect(changes.map((c) => [c.kind, c.oldType, c.newType])).toEqual([['type-changed', 'number', 'string']]);
  });

  it('previews and serialises deep values', () => {
    expect(preview(a, 30)).toBe('{"a":[{"a":[{"a":[{"a":[{"a":…');
    const text = toJsonText(a);
    expect(text.length).toBe(depth * 8 + 1);
    expect(text.startsWith('{"a":[{"a":[')).toBe(true);
  });

  it('renders every format and the patch applies', () => {
    const changes = diffValues({ x: 0 }, { x: a }).changes;
    const report = { a: 'a', b: 'b', shape: false, pairedBy: null, onlyInA: [], onlyInB: [], pairs: [{ a: 'a', b: 'b', headline: null, changes }] };
    expect(renderDiffPretty(report, PLAIN, 80)).toMatch(/^! x: 0 -> \{"a":\[/);
    expect(renderDiffJson(report)).toContain('"oldType":"number","newType":"object"');
    const ops = JSON.parse(renderDiffPatch(changes)) as { op: string; path: string; value?: unknown }[];
    expect(toJsonText(applyPatch({ x: 0 }, ops))).toBe(toJsonText({ x: a }));
    const deepOps = toJsonPatch(diffValues(a, b).changes);
    expect(toJsonText(applyPatch(a, deepOps))).toBe(toJsonText(b));
  });
});
