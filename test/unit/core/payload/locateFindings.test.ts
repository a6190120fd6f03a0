import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../src/core/payload/findings.js';
import { formatPath } from '../../../../src/core/path/formatPath.js';
import { linesAndColumns } from '../../../../src/core/payload/json.js';
import { locateFindings } from '../../../../src/core/payload/locateFindings.js';

const at = (path: string): Finding => ({ level: 'error', path, code: 'x', message: 'm' });
const where = (text: string, ...paths: string[]) => locateFindings(text, paths.map(at)).map((f) => [f.line, f.column]);

describe('locateFindings', () => {
  const text = [
    '{',
    '  "skip": {"a": "}]\\"{[", "b": [1, [2, {"c": 3}]]},',
    '  "event": {',
    '    "eventId": "x",',
    '    "stage": {"id": 1}',
    '  },',
    '  "record": {"trades": ["a", 5], "odd key": true, "café": null}',
    '}',
  ].join('\n');

  it('finds the value of each path, however it is spelled', () => {
    // Paths as findings spell them, whatever the formatter makes of a key like café.
    const cafe = formatPath(['record', 'café']);
    expect(where(text, 'event.eventId', 'record.trades[1]', 'record["odd key"]', cafe, 'event')).toEqual([
      [4, 16],
      [7, 30],
      [7, 45],
      [7, 59],
      [3, 12],
    ]);
  });

  it('points a missing field at the object that should hold it, and the whole payload at its start', () => {
    expect(where(text, 'event.stage.name', 'event.previousStage', 'nothing.here', '')).toEqual([
      [5, 14],
      [3, 12],
      [1, 1],
      [1, 1],
    ]);
  });

  it('takes the last of repeated keys, as JSON.parse does', () => {
    expect(where('{"a": 1,\n "a": 2}', 'a')).toEqual([[2, 7]]);
  });

  it('skips deep values it does not need without recursing into them', () => {
    const deep = `{"deep": ${'['.repeat(200_000)}${']'.repeat(200_000)},\n"x": 1}`;
    expect(where(deep, 'x')).toEqual([[2, 6]]);
  });

  it('is empty for no findings, and keeps level, code and message', () => {
    expect(locateFindings('{}', [])).toEqual([]);
    expect(locateFindings('{"a":1}', [at('a')])[0]).toEqual({ ...at('a'), line: 1, column: 6 });
  });
});

describe('linesAndColumns', () => {
  it('answers offsets in any order in one pass', () => {
    expect(linesAndColumns('ab\ncd\n\nef', [9, 0, 4, 7, 99])).toEqual([
      { line: 4, column: 3 },
      { line: 1, column: 1 },
      { line: 2, column: 2 },
      { line: 4, column: 1 },
      { line: 4, column: 3 },
    ]);
  });
});
