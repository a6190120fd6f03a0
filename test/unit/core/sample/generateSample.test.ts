import { describe, expect, it } from 'vitest';
import { checkValue } from '../../../../src/core/payload/check.js';
import { TRIGGER_KEYS } from '../../../../src/core/payload/triggers.js';
import { generateSample } from '../../../../src/core/sample/generateSample.js';
import { sample, type Json } from '../../../helpers/payloads.js';

const OPTIONS = [
  {},
  { stage: 'PTO' },
  { stage: 'Site Survey' },
  { status: 'COMPLETED' },
  { recordId: 123, eventId: 9 },
  { firedAt: '2026-02-01T10:00:00.000Z', sequence: 3 },
  { stage: 'Étape ✓ 2', status: 'ON_HOLD', recordId: 77, firedAt: new Date('2020-01-01T00:00:00Z') },
];

/** What must agree inside one payload (WEBHOOKS.md). */
function assertConsistent(p: Json): void {
  expect(p.event.recordId).toBe(p.record.id);
  if (p.workOrder) {
    expect(p.workOrder.recordId).toBe(p.record.id);
    if ('workOrderId' in p.event) expect(p.event.workOrderId).toBe(p.workOrder.id);
  }
  if (p.event.currentStage) {
    expect(p.record.stage).toEqual({ id: p.event.currentStage.id, name: p.event.currentStage.name });
    expect(p.event.previousStage?.name).not.toBe(p.event.currentStage.name);
    expect(p.event.previousStage?.id).not.toBe(p.event.currentStage.id);
  }
  if (p.workOrder && typeof p.event.currentStatus === 'string') expect(p.workOrder.status).toBe(p.event.currentStatus);
  const times = [p.record.createdAt, p.record.updatedAt, p.event.firedAt].map((t: string) => Date.parse(t));
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  if (p.workOrder) expect(Date.parse(p.workOrder.modifiedAt)).toBeLessThanOrEqual(Date.parse(p.event.firedAt));
}

describe('generateSample', () => {
  it.each(TRIGGER_KEYS.flatMap((k) => OPTIONS.map((o) => [k, JSON.stringify(o), o] as const)))('%s %s validates and agrees with itself', (key, _label, options) => {
    const p = generateSample(sample(key), options) as Json;
    const r = checkValue(p);
    expect(r.errors).toEqual([]);
    // A status the trigger's list does not know (ON_HOLD for a work order) is a warning by design.
    expect(r.warnings.filter((w) => !(options.status && w.code === 'unknown-value'))).toEqual([]);
    assertConsistent(p);
  });

  it('with no options, it is the bundled sample', () => {
    for (const key of TRIGGER_KEYS) expect(generateSample(sample(key))).toEqual(sample(key));
  });

  it("stage: 'PTO' moves event.currentStage and record.stage together; the old stage becomes previousStage", () => {
    const p = generateSample(sample('PROJECT_MOVEMENT'), { stage: 'PTO' }) as Json;
    expect(p.event.previousStage).toEqual({ id: 2014, name: 'Engineering', type: 'PRODUCTION' });
    expect(p.event.currentStage).toMatchObject({ name: 'PTO', type: 'PRODUCTION' });
    expect(p.record.stage).toEqual({ id: p.event.currentStage.id, name: 'PTO' });
    // The same name always gets the same id.
    expect((generateSample(sample('PROJECT_MOVEMENT'), { stage: 'PTO' }) as Json).event.currentStage.id).toBe(p.event.currentStage.id);
    // A stage the template knows keeps its id.
    expect((generateSample(sample('PROJECT_MOVEMENT'), { stage: 'Site Survey' }) as Json).event.currentStage.id).toBe(2013);
  });

  it('status moves the status each trigger is about', () => {
    const task = generateSample(sample('TASK_STATUS_MOVEMENT'), { status: 'COMPLETED' }) as Json;
    expect([task.event.previousStatus, task.event.currentStatus, task.workOrder.status]).toEqual(['WORKING', 'COMPLETED', 'COMPLETED']);
    expect((generateSample(sample('PROJECT_PHASE_STARTED'), { status: 'IN_PROGRESS' }) as Json).event.status).toBe('IN_PROGRESS');
    expect((generateSample(sample('PROJECT_STATUS_MOVEMENT'), { status: 'ON_HOLD' }) as Json).record.status).toBe('ON_HOLD');
  });

  it('a sequence makes new events, a minute apart, in order', () => {
    const [a, b] = [0, 1].map((sequence) => generateSample(sample('TASK_CREATED'), { sequence }) as Json);
    expect(b.event.eventId).toBe(a.event.eventId + 1);
    expect(Date.parse(b.event.firedAt) - Date.parse(a.event.firedAt)).toBe(60_000);
  });

  it('leaves the template alone and refuses bad options', () => {
    const template = sample('PROJECT_MOVEMENT');
    generateSample(template, { stage: 'PTO', recordId: 1 });
    expect(template).toEqual(sample('PROJECT_MOVEMENT'));
    expect(() => generateSample(template, { recordId: 1.5 })).toThrow(/recordId must be a whole number/);
    expect(() => generateSample(template, { firedAt: 'yesterday' })).toThrow(/firedAt "yesterday" is not a date/);
    expect(() => generateSample({ event: { triggerKey: 'NOPE' } })).toThrow(/not a payload of a known trigger/);
  });
});
