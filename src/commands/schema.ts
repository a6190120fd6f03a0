import { UsageError } from '../core/errors.js';
import { webhookJsonSchema } from '../core/payload/jsonSchema.js';
import { TRIGGER_KEYS, isKnownTrigger } from '../core/payload/triggers.js';
import { write } from '../io/terminal/terminal.js';
import type { Context } from './context.js';

export async function schema(opts: { trigger?: string }, ctx: Context): Promise<number> {
  if (opts.trigger !== undefined && !isKnownTrigger(opts.trigger)) {
    throw new UsageError(`unknown --trigger ${JSON.stringify(opts.trigger)}; known triggers: ${TRIGGER_KEYS.join(', ')}`);
  }
  await write(ctx.stdout, `${JSON.stringify(webhookJsonSchema(opts.trigger), null, 2)}\n`);
  return 0;
}
