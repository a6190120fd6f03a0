/**
 * `coperniq-hooks/schema`: the trigger catalogue and the JSON Schema of Coperniq webhook payloads
 * (what `coperniq-hooks schema` prints), for other validators and for documentation.
 */
import { webhookJsonSchema as build } from './core/payload/jsonSchema.js';
import type { TriggerKey } from './core/payload/triggers.js';

/**
 * The JSON Schema (draft 2020-12) of Coperniq payloads, or of one trigger's. A wrapper, so this
 * entry point's declarations stop at its own types (jsonSchema.ts also builds from zod's).
 */
export function webhookJsonSchema(trigger?: TriggerKey): Record<string, unknown> {
  return build(trigger);
}

export {
  KNOWN_VALUES,
  TRIGGERS,
  TRIGGER_KEYS,
  isKnownTrigger,
  triggerInfo,
  type Confidence,
  type RecordType,
  type TriggerInfo,
  type TriggerKey,
} from './core/payload/triggers.js';
