/**
 * `coperniq-hooks/schema`: the trigger catalogue and the JSON Schema of Coperniq webhook payloads
 * (what `coperniq-hooks schema` prints), for other validators and for documentation.
 */
export { webhookJsonSchema } from './core/payload/jsonSchema.js';
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
