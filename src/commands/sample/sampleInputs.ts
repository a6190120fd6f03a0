import { parseTriggerArg } from '../../core/payload/triggerArg.js';
import { generateSample } from '../../core/sample/generateSample.js';
import type { Input } from '../../io/inputs/inputs.js';
import { sampleTemplate } from '../../io/inputs/samples.js';

/**
 * `replay --sample A --sample B`: one generated payload each, made in memory, in the order given;
 * each is the next step of one scenario (a new event id, a minute later), so a receiver that
 * deduplicates handles every one.
 */
export function sampleInputs(triggers: string[]): Input[] {
  // Every step counts from the first one's event id and time: each trigger's template has its own.
  let start: { eventId: number; firedAt: string } | undefined;
  return triggers.map((arg, i) => {
    const key = parseTriggerArg(arg, '--sample trigger');
    const payload = generateSample(sampleTemplate(key), { sequence: i, ...start });
    const event = payload.event as { eventId: number; firedAt: string };
    start ??= { eventId: event.eventId, firedAt: event.firedAt };
    const name = `sample ${key}`;
    return { name, relative: name, bytes: Buffer.from(`${JSON.stringify(payload, null, 2)}\n`) };
  });
}
