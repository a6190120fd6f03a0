import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { schemas } from '../../../../src/core/payload/schemas.js';
import { TRIGGER_KEYS } from '../../../../src/core/payload/triggers.js';
import { FAULTS, faulty, sample } from '../../../helpers/payloads.js';

// Built by `npm run build` (npm test builds first): the ajv validators generated from the zod schemas.
const generated = createRequire(import.meta.url)('../../../../dist/core/payload/fastCheck.generated.cjs') as Record<string, (v: unknown) => boolean>;

const cases: [string, string, Record<string, any>][] = [
  ...TRIGGER_KEYS.map((k) => [`sample ${k}`, k, sample(k)] as [string, string, Record<string, any>]),
  ...FAULTS.map((f) => [`fault: ${f.name}`, f.key, faulty(f.key, f.change)] as [string, string, Record<string, any>]),
  ['null record field', 'PROJECT_MOVEMENT', faulty('PROJECT_MOVEMENT', (p) => (p.record.jurisdiction = null))],
  ['extra workOrder field (open)', 'TASK_CREATED', faulty('TASK_CREATED', (p) => (p.workOrder.laborCost = 12))],
  ['extra event field', 'TASK_CREATED', faulty('TASK_CREATED', (p) => (p.event.extra = 1))],
  ['leap day', 'PROJECT_MOVEMENT', faulty('PROJECT_MOVEMENT', (p) => (p.event.firedAt = '2024-02-29T10:00:00.000Z'))],
  ['not a leap day', 'PROJECT_MOVEMENT', faulty('PROJECT_MOVEMENT', (p) => (p.event.firedAt = '2025-02-29T10:00:00.000Z'))],
  ['offset timestamp', 'PROJECT_MOVEMENT', faulty('PROJECT_MOVEMENT', (p) => (p.event.firedAt = '2025-01-21T08:15:23+02:00'))],
  ['unsafe integer', 'PROJECT_MOVEMENT', faulty('PROJECT_MOVEMENT', (p) => (p.event.eventId = 2 ** 60))],
  ['record absent', 'PROJECT_CREATED', faulty('PROJECT_CREATED', (p) => delete p.record)],
  ['record null', 'PROJECT_CREATED', faulty('PROJECT_CREATED', (p) => (p.record = null))],
];

describe('the generated fast pre-check agrees with zod', () => {
  it('has a validator for every trigger and the envelope', () => {
    expect(Object.keys(generated).sort()).toEqual(['envelope', ...TRIGGER_KEYS].sort());
  });

  it.each(cases)('%s', (_name, key, value) => {
    const zod = schemas('closed').byTrigger[key as keyof ReturnType<typeof schemas>['byTrigger']].safeParse(value);
    // Yes from the fast check must mean zod finds nothing at all (no error, no unknown field).
    expect(generated[key](value)).toBe(zod.success);
  });

  it('the envelope validator agrees for unknown triggers', () => {
    for (const v of [
      faulty('PROJECT_MOVEMENT', (p) => ((p.event.triggerKey = 'DEAL_MOVEMENT'), (p.event.somethingNew = 1))),
      faulty('PROJECT_MOVEMENT', (p) => ((p.event.triggerKey = 'DEAL_MOVEMENT'), (p.event.eventId = '1'))),
      faulty('PROJECT_MOVEMENT', (p) => ((p.event.triggerKey = 'DEAL_MOVEMENT'), (p.record.extra = 1))),
    ]) {
      expect(generated.envelope(v)).toBe(schemas('closed').envelope.safeParse(v).success);
    }
  });

  it('rejects something, so the agreement is not vacuous', () => {
    const verdicts = cases.map(([, key, v]) => generated[key](v));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});
