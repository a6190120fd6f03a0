import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../../../src/core/text/didYouMean.js';
import { TRIGGER_KEYS } from '../../../../src/core/payload/triggers.js';
import { parseTriggerArg } from '../../../../src/core/payload/triggerArg.js';

describe('did you mean', () => {
  it('counts edits, a swap of neighbours as one, ignoring case', () => {
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('abc', 'ABC')).toBe(0);
    expect(editDistance('abc', 'acb')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('finds the trigger a typo meant, and nothing for a word that is far from all', () => {
    expect(closest('PROJECT_MOVMENT', TRIGGER_KEYS)).toBe('PROJECT_MOVEMENT');
    expect(closest('TASK_COMPLTED', TRIGGER_KEYS)).toBe('TASK_COMPLETED');
    expect(closest('project_movement', TRIGGER_KEYS)).toBe('PROJECT_MOVEMENT');
    expect(closest('NOPE', TRIGGER_KEYS)).toBeNull();
    expect(closest('anything', [])).toBeNull();
  });

  it('one check for a trigger given as an option', () => {
    expect(parseTriggerArg('project_movement', '--as')).toBe('PROJECT_MOVEMENT');
    expect(() => parseTriggerArg('PROJECT_MOVMENT', '--as')).toThrow('unknown --as "PROJECT_MOVMENT"; did you mean PROJECT_MOVEMENT?');
    expect(() => parseTriggerArg('NOPE', '--trigger')).toThrow(/^unknown --trigger "NOPE"; known triggers: PROJECT_MOVEMENT, TASK_CREATED/);
  });
});
