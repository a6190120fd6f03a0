import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkValue } from '../../../../src/core/payload/check.js';
import { webhookJsonSchema } from '../../../../src/core/payload/jsonSchema.js';
import { TRIGGER_KEYS } from '../../../../src/core/payload/triggers.js';
import { FAULTS, faulty, sample } from '../../../helpers/payloads.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

function compile(schema: object) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(schema) as (v: unknown) => boolean;
}

const whole = compile(webhookJsonSchema());

const cases: [string, unknown][] = [
  ...TRIGGER_KEYS.map((k) => [`sample ${k}`, sample(k)] as [string, unknown]),
  ...FAULTS.map((f) => [`fault: ${f.name}`, faulty(f.key, f.change)] as [string, unknown]),
  ['unknown trigger, good envelope', faulty('PROJECT_MOVEMENT', (p) => ((p.event.triggerKey = 'DEAL_MOVEMENT'), (p.event.extra = { a: 1 })))],
  ['unknown trigger, bad envelope', faulty('PROJECT_MOVEMENT', (p) => ((p.event.triggerKey = 'DEAL_MOVEMENT'), (p.event.eventId = 'x')))],
  ['known trigger judged by its own shape', faulty('TASK_CREATED', (p) => (p.event.triggerKey = 'TASK_COMPLETED'))],
  ['task trigger without its workOrder', faulty('TASK_CREATED', (p) => delete p.workOrder)],
  ['no event', { record: sample('PROJECT_MOVEMENT').record }],
  ['event without triggerKey', faulty('PROJECT_MOVEMENT', (p) => delete p.event.triggerKey)],
  ['array', [1, 2]],
  ['string', 'hello'],
  ['null', null],
];

describe('the exported JSON Schema judges like validate', () => {
  it('is draft 2020-12 and compiles in strict ajv', () => {
    expect(webhookJsonSchema().$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it.each(cases)('%s', (_name, value) => {
    expect(whole(value)).toBe(checkValue(value).valid);
  });

  it('really rejects something (the cases are not all valid)', () => {
    const verdicts = cases.map(([, v]) => whole(v));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  it.each(TRIGGER_KEYS.map((k) => [k]))('schema --trigger %s accepts its sample and rejects the others', (key) => {
    const one = compile(webhookJsonSchema(key));
    expect(one(sample(key))).toBe(true);
    const other = TRIGGER_KEYS.find((k) => k !== key)!;
    expect(one(sample(other))).toBe(false);
  });
});
