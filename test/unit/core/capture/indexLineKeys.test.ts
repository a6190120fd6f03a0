import { describe, expect, it } from 'vitest';
import { indexLineKeys } from '../../../../src/core/capture/indexLineKeys.js';

/** What JSON.parse makes of the same line, the answer indexLineKeys must give whenever it answers. */
function parsed(line: string) {
  const v = JSON.parse(line) as { seq: number; file: string; eventId?: unknown };
  return { seq: v.seq, file: v.file, eventId: typeof v.eventId === 'number' || typeof v.eventId === 'string' ? v.eventId : null };
}

const entry = (over: Record<string, unknown> = {}) => ({
  seq: 12,
  file: '00000012-PROJECT_MOVEMENT-432563.json',
  receivedAt: '2025-01-01T00:00:00.000Z',
  method: 'POST',
  path: '/hooks/[redacted]?a=1',
  headers: { host: 'x', 'x-odd': 'say "eventId":1, {}[]', 'x-slash': 'ends with \\', 'x-many': ['a', 'b\\"c'] },
  remote: '127.0.0.1',
  bytes: 842,
  sha256: 'ab'.repeat(32),
  trigger: 'PROJECT_MOVEMENT',
  eventId: 432563,
  recordId: 396776,
  duplicateOf: null,
  verdict: { json: true, valid: false, errors: 1, warnings: 0, first: ['event.eventId: "eventId":2 }'] },
  status: 200,
  ...over,
});

describe('indexLineKeys', () => {
  it('gives what JSON.parse gives for the lines listen writes, whatever their strings hold', () => {
    const lines = [
      entry(),
      entry({ eventId: 'ev-1' }),
      entry({ eventId: null }),
      entry({ eventId: -5, seq: 1e6 }),
      entry({ eventId: 1.5e3 }),
      entry({ trigger: null, forward: { url: 'http://x/', status: 502, ms: 3, error: 'no "eventId":9' }, encoding: 'gzip' }),
      entry({ eventId: 'caf\u00e9 \u{1F600}' }),
      entry({ headers: {} }),
    ].map((e) => JSON.stringify(e));
    lines.push(JSON.stringify(entry(), null, 2).replace(/\n/g, ' '));
    for (const line of lines) expect(indexLineKeys(line), line).toEqual(parsed(line));
  });

  it('takes only top-level keys, and the last of a repeated one, as JSON.parse does', () => {
    const cases = [
      '{"seq":1,"file":"f","headers":{"eventId":9},"eventId":5}',
      '{"seq":1,"file":"f","verdict":{"eventId":9}}',
      '{"seq":1,"file":"f","x":[{"eventId":9}],"eventId":"a"}',
      '{"seq":1,"file":"f","eventId":1,"eventId":2}',
      '{"seq":1,"seq":3,"file":"f"}',
      '{"seq":1,"file":"f","eventId":{"id":3}}',
      '{"seq":1,"file":"f","eventId":true}',
      ' { "seq" : 1 , "file" : "f" , "eventId" : 7 } ',
    ];
    for (const line of cases) expect(indexLineKeys(line) ?? parsed(line), line).toEqual(parsed(line));
    expect(indexLineKeys(cases[0])).toEqual({ seq: 1, file: 'f', eventId: 5 });
    expect(indexLineKeys(cases[1])).toEqual({ seq: 1, file: 'f', eventId: null });
  });

  it('gives up (the caller parses the line whole) on escapes in what it reads, and on anything but one object', () => {
    for (const line of [
      '{"seq":1,"file":"a\\"b","eventId":1}',
      '{"seq":1,"file":"f","eventId":"a\\u0041"}',
      '{"se\\u0071":1,"file":"f"}',
      '{"seq":"1","file":"f"}',
      '{"seq":1}',
      '{"file":"f"}',
      '{}',
      '[1,2]',
      '{"seq":1,"file":"f"',
      '{"seq":1,"file":"f"} x',
      '{"seq":1,"file":"f",}',
      '{"seq":01,"file":"f"}',
      '{"seq":1,"file":"f","headers":{"a":"b"',
      '',
    ]) {
      expect(indexLineKeys(line), line).toBeUndefined();
    }
  });
});
