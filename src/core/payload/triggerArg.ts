import { UsageError } from '../errors.js';
import { closest } from '../text/didYouMean.js';
import { TRIGGER_KEYS, isKnownTrigger, type TriggerKey } from './triggers.js';

/**
 * A trigger key given on the command line where only a known one makes sense (`schema --trigger`,
 * `validate --as`): any case is accepted, a typo gets "did you mean".
 */
export function parseTriggerArg(value: string, flag: string): TriggerKey {
  const key = value.trim().toUpperCase();
  if (isKnownTrigger(key)) return key;
  const near = closest(key, TRIGGER_KEYS);
  throw new UsageError(
    near
      ? `unknown ${flag} ${JSON.stringify(value)}; did you mean ${near}?`
      : `unknown ${flag} ${JSON.stringify(value)}; known triggers: ${TRIGGER_KEYS.join(', ')}`,
  );
}
