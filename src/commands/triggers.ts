import { TRIGGERS } from '../core/payload/triggers.js';
import { outputWidth, write } from '../io/terminal/terminal.js';
import { loadPaint } from '../render/paint.js';
import type { Context } from './context.js';

export async function triggers(opts: { format: 'pretty' | 'json' }, ctx: Context): Promise<number> {
  if (opts.format === 'json') {
    await write(ctx.stdout, `${JSON.stringify(TRIGGERS, null, 2)}\n`);
    return 0;
  }
  const { renderTriggersPretty } = await import('../render/triggers/triggersPretty.js');
  await write(ctx.stdout, renderTriggersPretty(TRIGGERS, await loadPaint(ctx.color.stdout), outputWidth(ctx.stdout)));
  return 0;
}
