import { describe, expect, expectTypeOf, it } from 'vitest';
import * as root from '../../src/index.js';
import { parseWebhook, parseWebhookBody, type KnownWebhookPayload } from '../../src/index.js';
import { TRIGGERS } from '../../src/schema.js';
import { faulty, sample } from '../helpers/payloads.js';

describe('library API', () => {
  it('parseWebhook returns the typed payload for a known trigger', () => {
    const r = parseWebhook(sample('PROJECT_MOVEMENT'));
    expect(r.success).toBe(true);
    if (!r.success || !r.known) throw new Error('expected a known payload');
    expectTypeOf(r.payload).toEqualTypeOf<KnownWebhookPayload>();
    if (r.payload.event.triggerKey === 'PROJECT_MOVEMENT') {
      expect(r.payload.event.currentStage.name).toBe('Engineering');
    } else throw new Error('discriminant lost');
  });

  it('returns the payload as given, without stripping unknown fields', () => {
    const p = faulty('PROJECT_MOVEMENT', (x) => (x.record.custom = 1));
    const r = parseWebhook(p);
    expect(r.success && r.payload).toBe(p);
    expect(r.warnings.map((w) => w.code)).toEqual(['unknown-field']);
  });

  it('reports errors with paths', () => {
    const r = parseWebhook(faulty('TASK_CREATED', (x) => delete x.workOrder));
    expect(r).toMatchObject({ success: false, errors: [{ path: 'workOrder', code: 'required' }] });
  });

  it('parseWebhookBody reads bytes', () => {
    expect(parseWebhookBody(Buffer.from(JSON.stringify(sample('TASK_COMPLETED')))).success).toBe(true);
    expect(parseWebhookBody(Buffer.from('{')).success).toBe(false);
  });

  it('unknown triggers pass with a warning', () => {
    const r = parseWebhook(faulty('PROJECT_MOVEMENT', (x) => (x.event.triggerKey = 'PROJECT_SLA_VIOLATION')));
    expect(r).toMatchObject({ success: true, known: false });
  });

  it('the catalogue is in coperniq-hooks/schema', () => {
    expect(TRIGGERS.find((t) => t.key === 'PROJECT_MOVEMENT')?.name).toBe('Project stage updated');
  });
});

describe('library diff helpers', () => {
  it('diffValues, compileMatcher and toJsonPatch work together', async () => {
    const { diffValues, compileMatcher, toJsonPatch, VOLATILE_PATTERNS, formatPath } = await import('../../src/diff.js');
    const a = sample('PROJECT_MOVEMENT');
    const b = faulty('PROJECT_MOVEMENT', (p) => ((p.event.currentStage.name = 'PTO'), (p.event.eventId = 1)));
    const { changes } = diffValues(a, b, { ignore: compileMatcher(VOLATILE_PATTERNS) });
    expect(changes.map((c) => formatPath(c.path))).toEqual(['event.currentStage.name']);
    expect(toJsonPatch(changes)).toEqual([{ op: 'replace', path: '/event/currentStage/name', value: 'PTO' }]);
  });
});

/** What each entry point exports at run time: adding is a minor release, removing a major one (docs/API.md). */
describe('public surface', () => {
  it('the root exports the receiving kit and parseWebhook, nothing else', () => {
    expect(Object.keys(root).sort()).toEqual(
      ['CoperniqWebhooks', 'MemoryStore', 'WebhookError', 'createFastifyPlugin', 'createFetchHandler', 'createNodeMiddleware', 'parseWebhook', 'parseWebhookBody'].sort(),
    );
  });

  it('the root exposes no zod schemas, checkers or diff helpers, even as types', () => {
    expectTypeOf(root).not.toHaveProperty('schemas');
    expectTypeOf(root).not.toHaveProperty('buildSchemas');
    expectTypeOf(root).not.toHaveProperty('checkValue');
    expectTypeOf(root).not.toHaveProperty('diffValues');
    // @ts-expect-error Schemas (zod types) are not part of the root's types any more
    type _Gone = root.Schemas;
  });

  it('schema, diff and testing export what their docs list', async () => {
    expect(Object.keys(await import('../../src/testing.js')).sort()).toEqual(['deliver', 'samplePayload']);
    expect(Object.keys(await import('../../src/schema.js')).sort()).toEqual(['KNOWN_VALUES', 'TRIGGERS', 'TRIGGER_KEYS', 'isKnownTrigger', 'triggerInfo', 'webhookJsonSchema']);
    expect(Object.keys(await import('../../src/diff.js')).sort()).toEqual(['PathError', 'VOLATILE_PATTERNS', 'compileMatcher', 'diffShapes', 'diffValues', 'formatPath', 'parsePath', 'parsePattern', 'shapeOf', 'toJsonPatch']);
  });
});
