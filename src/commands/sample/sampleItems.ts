import { parseTriggerArg } from '../../core/payload/triggerArg.js';
import { generateSample } from '../../core/sample/generateSample.js';
import type { ReplayItem } from '../../io/inputs/replayInputs.js';
import { sampleTemplate } from '../../io/inputs/samples.js';

/**
 * `replay --sample A --sample B`: one generated payload each, in the order given; each is the
 * next step of one scenario (a new event id, a minute later), so a receiver that deduplicates
 * handles every one.
 */
export function sampleItems(triggers: string[]): ReplayItem[] {
  return triggers.map((arg, i) => {
    const key = parseTriggerArg(arg, '--sample trigger');
    const payload = generateSample(sampleTemplate(key), { sequence: i });
    const event = payload.event as { eventId: number };
    return { name: `sample ${key}`, fromIndex: false, firedAt: null, trigger: key, eventId: event.eventId, bytes: Buffer.from(`${JSON.stringify(payload, null, 2)}\n`) };
  });
}
