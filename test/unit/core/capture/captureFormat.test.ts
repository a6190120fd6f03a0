import { describe, expect, it } from 'vitest';
import { captureFileName, eventIdFromFileName, seqFromFileName } from '../../../../src/core/capture/captureFormat.js';

describe('capture file names', () => {
  it('read back the event id whole, "-" and "." included, whatever the extension', () => {
    for (const id of [432563, 'a-b', 'ev-2024-01-x', '-lead', 'trail-', 'x.json', 'a.b-c', 'x'.repeat(60)]) {
      for (const [isJson, gzip] of [
        [true, false],
        [true, true],
        [false, false],
        [false, true],
      ]) {
        const name = captureFileName(12, 'PROJECT_MOVEMENT', id, isJson, { gzip });
        expect(eventIdFromFileName(name), name).toBe(String(id));
        expect(seqFromFileName(name)).toBe(12);
      }
    }
  });

  it('keep "-" out of the trigger part, so that it cannot shift where the id starts', () => {
    const name = captureFileName(3, 'EVIL-TRIGGER', 'id-1', true);
    expect(name).toBe('00000003-EVIL_TRIGGER-id-1.json');
    expect(eventIdFromFileName(name)).toBe('id-1');
  });

  it('say when there is no event id', () => {
    expect(eventIdFromFileName(captureFileName(1, null, null, false))).toBeNull();
    expect(eventIdFromFileName('index.ndjson')).toBeNull();
    expect(eventIdFromFileName('00000001-X.json')).toBeNull();
  });
});
