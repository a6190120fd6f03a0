import { webhookJsonSchema } from '../core/payload/jsonSchema.js';
import { parseTriggerArg } from '../core/payload/triggerArg.js';
import { write } from '../io/terminal/terminal.js';
import type { Context } from './context.js';

export async function schema(opts: { trigger?: string }, ctx: Context): Promise<number> {
  const trigger = opts.trigger === undefined ? undefined : parseTriggerArg(opts.trigger, '--trigger');
  await write(ctx.stdout, `${JSON.stringify(webhookJsonSchema(trigger), null, 2)}\n`);
  return 0;
}
