import { TRIGGERS } from '../core/payload/triggers.js';
import { write } from '../io/terminal/terminal.js';
import type { Context } from './context.js';

export async function triggers(opts: { format: 'pretty' | 'json' }, ctx: Context): Promise<number> {
  if (opts.format === 'json') {
    await write(ctx.stdout, `${JSON.stringify(TRIGGERS, null, 2)}\n`);
    return 0;
  }
  const { triggersPretty } = await import('../render/triggers/triggersPretty.js');
  await write(ctx.stdout, triggersPretty(TRIGGERS, { color: ctx.color.stdout }));
  return 0;
}
