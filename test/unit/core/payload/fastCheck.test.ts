import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { schemas } from '../../../../src/core/payload/schemas.js';
import { TRIGGER_KEYS } from '../../../../src/core/payload/triggers.js';
import { FAULTS, faulty, sample } from '../../../helpers/payloads.js';

// Built by `npm run build` (npm test builds first): the validators compiled from the zod schemas.
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

  it('agrees on every sample with any field given another value, removed, or joined by an unknown one', () => {
    const zod = schemas('closed');
    const disagreements: string[] = [];
    let refused = 0;
    for (const key of TRIGGER_KEYS) {
      for (const [where, payload] of mutants(sample(key))) {
        const expected = zod.byTrigger[key].safeParse(payload).success;
        if (generated[key](payload) !== expected) disagreements.push(`${key} ${where}: zod says ${expected}`);
        if (generated.envelope(payload) !== zod.envelope.safeParse(payload).success) disagreements.push(`envelope, ${key} ${where}`);
        if (!expected) refused++;
      }
    }
    expect(disagreements).toEqual([]);
    expect(refused).toBeGreaterThan(1000);
  });

  it('rejects something, so the agreement is not vacuous', () => {
    const verdicts = cases.map(([, key, v]) => generated[key](v));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});

// JSON.parse gives Infinity for 1e400 and -0 for -0: values a hand-written check can get wrong.
const VALUES: unknown[] = [
  null, true, 0, -0, -1, 1.5, 2 ** 53, JSON.parse('1e400'), '', 'x', '\u{1F600}', '2025-01-21T08:15:23.1234567Z', '2024-02-29T10:00:00.000Z', '2025-02-29T10:00:00Z', '2025-01-21T08:15:23+02:00',
  '2025-01-21 08:15:23Z', [], ['x'], [1], [null], {}, { id: 1, name: 'x' }, { id: 1, name: 'x', type: 'PRODUCTION' },
];

/** Every variant of `payload` with one change at one place: each value, removal, an unknown key beside it. */
function* mutants(payload: Record<string, unknown>): Generator<[string, unknown]> {
  const places: [string, Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) node.forEach((v, i) => (places.push([`${at}[${i}]`, node, i]), walk(v, `${at}[${i}]`)));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) places.push([`${at}.${k}`, node as Record<string, unknown>, k]), walk(v, `${at}.${k}`);
    }
  };
  walk(payload, '');
  for (const [where, parent, key] of places) {
    const old = (parent as Record<string | number, unknown>)[key];
    for (const v of VALUES) {
      (parent as Record<string | number, unknown>)[key] = structuredClone(v);
      yield [`${where} = ${JSON.stringify(v)}`, structuredClone(payload)];
    }
    (parent as Record<string | number, unknown>)[key] = old;
    if (!Array.isArray(parent)) {
      delete parent[key as string];
      yield [`${where} removed`, structuredClone(payload)];
      Object.assign(parent, { [key]: old });
    }
    if (old && typeof old === 'object' && !Array.isArray(old)) {
      (old as Record<string, unknown>).unknownField = 1;
      yield [`${where}.unknownField added`, structuredClone(payload)];
      delete (old as Record<string, unknown>).unknownField;
    }
  }
}
