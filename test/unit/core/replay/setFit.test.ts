import { describe, expect, it } from 'vitest';
import { parseSet } from '../../../../src/core/replay/replayOptions.js';
import { SetFitCheck } from '../../../../src/core/replay/setFit.js';

const movement = () => ({ event: { triggerKey: 'PROJECT_MOVEMENT', currentStage: { name: 'A' } }, record: { title: 'T' } });
const task = () => ({ event: { triggerKey: 'TASK_CREATED', taskId: 1 }, record: { title: 'T' } });

describe('SetFitCheck', () => {
  it('is done once every change fits some payload', () => {
    const check = new SetFitCheck([parseSet('event.currentStage.name=PTO'), parseSet('record.title=X')]);
    check.observe('task.json', task());
    expect(check.done).toBe(false);
    check.observe('movement.json', movement());
    expect(check.done).toBe(true);
    expect(check.problem()).toBeNull();
  });

  it('a change that fits no payload is a usage error with the nearest path, from the deepest miss', () => {
    const check = new SetFitCheck([parseSet('event.curentStage.name=PTO')]);
    check.observe('task.json', task());
    check.observe('movement.json', movement());
    const problem = check.problem();
    expect(problem?.exitCode).toBe(2);
    expect(problem?.message).toBe(
      '--set event.curentStage.name: event.curentStage does not exist in any of the 2 payloads; did you mean event.currentStage? (--set-new PATH=VALUE creates missing fields); nothing was sent',
    );
  });

  it('names the payload when there is one, and offers --set-new only for a missing path', () => {
    const check = new SetFitCheck([parseSet('record.title.first=X')]);
    check.observe('a.json', movement());
    expect(check.problem()?.message).toBe('--set record.title.first: record.title is a string, not an object in a.json; nothing was sent');
    const created = new SetFitCheck([parseSet('record.title.first=X', true)]);
    created.observe('a.json', movement());
    expect(created.problem()?.message).toMatch(/^--set-new record\.title\.first: /);
  });

  it('has nothing to say when no payload could be parsed', () => {
    expect(new SetFitCheck([parseSet('a.b=1')]).problem()).toBeNull();
  });
});
