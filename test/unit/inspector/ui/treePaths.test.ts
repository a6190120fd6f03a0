import { describe, expect, it } from 'vitest';
import { parseJsonNodes } from '../../../../src/inspector/ui/json/jsonNodes.js';
import { formatPath } from '../../../../src/core/path/formatPath.js';
import { childPath, nearestExisting, placeMarks, treePaths, within } from '../../../../src/inspector/ui/json/treePaths.js';

const doc = parseJsonNodes('{"event":{"currentStage":{"name":"x"},"eventId":"1"},"record":{"trades":["a","b"],"odd key":1,"a.b":2}}');

describe('treePaths', () => {
  it("names every node in diff's path syntax", () => {
    expect([...treePaths(doc)].sort()).toEqual(
      ['', 'event', 'event.currentStage', 'event.currentStage.name', 'event.eventId', 'record', 'record.trades', 'record.trades[0]', 'record.trades[1]', 'record["odd key"]', 'record["a.b"]'].sort(),
    );
  });

  it('writes each step as formatPath does, whatever the key', () => {
    const keys = ['plain', 'odd key', 'café', 'a.b', '0', '', '\u202eevil', '__proto__'];
    for (const k of keys) expect(childPath('record', k), k).toBe(formatPath(['record', k]));
    expect(childPath('', 'x y')).toBe(formatPath(['x y']));
    expect(childPath('record.trades', 3)).toBe(formatPath(['record', 'trades', 3]));
  });

  it('puts a mark for an absent path on the nearest node that exists', () => {
    const paths = treePaths(doc);
    expect(nearestExisting(paths, 'event.previousStage.name')).toBe('event');
    expect(nearestExisting(paths, 'record["odd key"].x')).toBe('record["odd key"]');
    expect(nearestExisting(paths, 'record.trades[5]')).toBe('record.trades');
    expect(nearestExisting(paths, 'nothing')).toBe('');
    const marks = placeMarks(paths, new Map([['event.eventId', 'error'], ['event.previousStage', 'warning'], ['event.workOrderId', 'error']]));
    expect([...marks]).toEqual([['event.eventId', 'error'], ['event', 'error-below']]);
  });

  it('knows which paths lie inside which', () => {
    expect(within('record', 'record.trades[0]')).toBe(true);
    expect(within('record.trades', 'record.trades[0]')).toBe(true);
    expect(within('record', 'record')).toBe(true);
    expect(within('', 'anything')).toBe(true);
    expect(within('record', 'records')).toBe(false);
    expect(within('record.trades[1]', 'record.trades[10]')).toBe(false);
  });
});
