import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../../../src/core/capture/captureFormat.js';
import { parseSelection } from '../../../../src/core/select/selection.js';
import type { InputReader } from '../../../../src/io/inputs/inputReader.js';
import type { Input } from '../../../../src/io/inputs/inputs.js';
import { selectInputs } from '../../../../src/io/inputs/selectInputs.js';

const entry = (seq: number, trigger: string, verdict: Partial<IndexEntry['verdict']> = {}): IndexEntry => ({
  seq, file: `0000000${seq}-${trigger}-1.json`, receivedAt: '2025-01-21T06:00:00.000Z', method: 'POST', path: '/', headers: {},
  remote: '127.0.0.1', bytes: 2, sha256: '', trigger, eventId: seq, recordId: 100 + seq, duplicateOf: null,
  verdict: { json: true, valid: true, errors: 0, warnings: 0, first: [], ...verdict }, status: 200,
});
const captured = (e: IndexEntry): Input => ({ name: e.file, path: `/nowhere/${e.file}`, relative: e.file, capture: e });

/** A reader that serves payloads from memory and counts what it was asked for. */
function memoryReader(files: Record<string, unknown>) {
  const asked: string[] = [];
  const reader = {
    read: async (input: { name: string }) => {
      asked.push(input.name);
      if (!(input.name in files)) throw new Error(`ENOENT: ${input.name}`);
      return Buffer.from(JSON.stringify(files[input.name]));
    },
  } as unknown as InputReader;
  return { reader, asked };
}
const judge = async () => ({ errors: 0, warnings: 0 });

describe('selectInputs', () => {
  it('picks capture deliveries from their index lines without reading a payload', async () => {
    const { reader, asked } = memoryReader({});
    const inputs = [captured(entry(1, 'PROJECT_MOVEMENT')), captured(entry(2, 'TASK_CREATED')), captured(entry(3, 'PROJECT_MOVEMENT', { valid: false, errors: 2 }))];
    const sel = parseSelection({ trigger: ['PROJECT_MOVEMENT'], verdict: ['valid'], record: ['101', '103'] }, Date.now())!;
    const r = await selectInputs(inputs, sel, reader, judge, true);
    expect(r.inputs.map((i) => i.capture?.seq)).toEqual([1]);
    expect(asked).toEqual([]);
    expect([...r.seen.triggers]).toEqual([['PROJECT_MOVEMENT', 2], ['TASK_CREATED', 1]]);
  });

  it('reads a capture payload for its verdict when the index has none, or when told not to trust it', async () => {
    const e = entry(1, 'PROJECT_MOVEMENT', { valid: null });
    const { reader, asked } = memoryReader({ [e.file]: { event: {} } });
    const sel = parseSelection({ verdict: ['invalid'] }, Date.now())!;
    const r = await selectInputs([captured(e)], sel, reader, async () => ({ errors: 1, warnings: 0 }), true);
    expect(r.inputs).toHaveLength(1);
    expect(asked).toEqual([e.file]);
    const trusted = entry(2, 'PROJECT_MOVEMENT');
    const again = await selectInputs([captured(trusted)], sel, memoryReader({ [trusted.file]: {} }).reader, async () => ({ errors: 1, warnings: 0 }), false);
    expect(again.inputs).toHaveLength(1);
  });

  it('reads plain files for their facts, keeps one it cannot read, and judges only what the facts let through', async () => {
    let judged = 0;
    const { reader } = memoryReader({
      'a.json': { event: { triggerKey: 'PROJECT_MOVEMENT', recordId: 5, firedAt: '2025-01-21T06:00:00Z' } },
      'b.json': { event: { triggerKey: 'TASK_CREATED', recordId: 5 } },
    });
    const plain = (name: string): Input => ({ name, path: `/x/${name}`, relative: name });
    const sel = parseSelection({ trigger: ['PROJECT_MOVEMENT'], verdict: ['valid'] }, Date.now())!;
    const r = await selectInputs([plain('a.json'), plain('b.json'), plain('gone.json')], sel, reader, async () => (judged++, { errors: 0, warnings: 0 }), true);
    expect(r.inputs.map((i) => i.name)).toEqual(['a.json', 'gone.json']);
    expect(judged).toBe(1);
    expect(r.notes).toEqual(['cannot tell whether gone.json is selected (ENOENT: gone.json); it is kept']);
  });

  it('--seq with no capture delivery among the inputs is a usage error, not an empty pick', async () => {
    const sel = parseSelection({ seq: ['1'] }, Date.now())!;
    await expect(selectInputs([{ name: 'a.json', path: '/a.json', relative: 'a.json' }], sel, memoryReader({}).reader, judge, true)).rejects.toThrow(/--seq picks deliveries of a capture directory/);
  });
});
