import { describe, expect, it } from 'vitest';
import { captureFileName, eventIdFromFileName, nameMayAlterEventId, seqFromFileName } from '../../../../src/core/capture/captureFormat.js';

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

  it('say when the id in a name may not be the payload\'s own, so that only the payload can tell it', () => {
    const name = (id: unknown, isJson = true, gzip = false) => captureFileName(7, 'PROJECT_MOVEMENT', id, isJson, { gzip });
    for (const id of ['x/y z', 'evt_1', 'a'.repeat(61), 'b'.repeat(60), '.', '', 'no-event-id']) {
      expect(nameMayAlterEventId(name(id)), id).toBe(true);
      expect(nameMayAlterEventId(name(id, true, true)), id).toBe(true);
    }
    for (const id of [432563, 'a-b', 'x.json', 'c'.repeat(59)]) expect(nameMayAlterEventId(name(id)), String(id)).toBe(false);
    // Not JSON: no event id, nothing to read.
    expect(nameMayAlterEventId(name(null, false))).toBe(false);
    expect(nameMayAlterEventId('index.ndjson')).toBe(false);
  });
});
