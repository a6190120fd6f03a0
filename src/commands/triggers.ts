import { TRIGGERS } from '../core/triggers.js';
import { write } from '../io/terminal.js';
import type { Context } from './context.js';

export async function triggers(opts: { format: 'pretty' | 'json' }, ctx: Context): Promise<number> {
  if (opts.format === 'json') {
    await write(ctx.stdout, `${JSON.stringify(TRIGGERS, null, 2)}\n`);
    return 0;
  }
  const { triggersPretty } = await import('../render/triggersPretty.js');
  await write(ctx.stdout, triggersPretty(TRIGGERS, { color: ctx.color.stdout }));
  return 0;
}
