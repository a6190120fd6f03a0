/**
 * `coperniq-hooks/testing`: consistent sample payloads and a `deliver` that sends them the way
 * Coperniq does, for vitest or jest tests of your own receiver.
 *
 *   const payload = samplePayload('PROJECT_MOVEMENT', { stage: 'PTO' });
 *   const answer = await deliver(app, payload, { token: 'test-token', path: '/coperniq' });
 */
import { closest } from './core/text/didYouMean.js';
import { TRIGGER_KEYS, isKnownTrigger, type TriggerKey } from './core/payload/triggers.js';
import type { CoperniqRecord, WebhookPayloadOf, WorkOrder } from './core/payload/types.js';
import { generateSample, type SampleOptions } from './core/sample/generateSample.js';
import { sampleTemplate } from './io/inputs/samples.js';

export { deliver, type DeliverOptions, type DeliverTarget, type Delivered } from './io/kit/deliver.js';
export type { SampleOptions } from './core/sample/generateSample.js';

/** The consistent options, then fields set as given (last, so they win). */
export interface SampleOverrides<K extends TriggerKey> extends SampleOptions {
  event?: Partial<WebhookPayloadOf<K>['event']>;
  record?: Partial<CoperniqRecord>;
  workOrder?: Partial<WorkOrder>;
}

/**
 * A payload of `trigger` that validates, built from the bundled sample: `stage`, `status`,
 * `recordId`, `eventId` and `firedAt` move every field that must agree with them.
 */
export function samplePayload<K extends TriggerKey>(trigger: K, overrides: SampleOverrides<K> = {}): WebhookPayloadOf<K> {
  if (!isKnownTrigger(trigger)) {
    const near = closest(String(trigger), TRIGGER_KEYS);
    throw new TypeError(`samplePayload: unknown trigger ${JSON.stringify(trigger)}${near ? `; did you mean ${near}?` : ''}`);
  }
  const { event, record, workOrder, ...options } = overrides;
  const payload = generateSample(sampleTemplate(trigger), options) as Record<string, Record<string, unknown> | undefined>;
  for (const [part, fields] of [['event', event], ['record', record], ['workOrder', workOrder]] as const) {
    if (fields) payload[part] = { ...payload[part], ...fields };
  }
  return payload as unknown as WebhookPayloadOf<K>;
}
