/**
 * `sample`: `stripe trigger` for Coperniq. Prints a consistent payload for `replay -` or a fixture.
 */
import { UsageError } from '../../core/errors.js';
import { findingLine } from '../../core/payload/findings.js';
import { checkBodyLazily } from '../../core/payload/lazyCheck.js';
import { parseTriggerArg } from '../../core/payload/triggerArg.js';
import { applySet } from '../../core/replay/applySet.js';
import { parseSet } from '../../core/replay/replayOptions.js';
import { generateSample } from '../../core/sample/generateSample.js';
import { sampleTemplate } from '../../io/inputs/samples.js';
import { outputWidth, write } from '../../io/terminal/terminal.js';
import { renderWarning } from '../../render/notice.js';
import { loadPaint } from '../../render/paint.js';
import type { Context } from '../context.js';

export interface SampleCommandOptions {
  stage?: string;
  status?: string;
  record?: number;
  eventId?: number;
  set?: string[];
  setNew?: string[];
}

export async function sample(trigger: string, opts: SampleCommandOptions, ctx: Context): Promise<number> {
  const key = parseTriggerArg(trigger, 'trigger');
  // As replay applies them: --set-new first, then --set.
  const sets = [...(opts.setNew ?? []).map((s) => parseSet(s, true)), ...(opts.set ?? []).map((s) => parseSet(s))];
  for (const [name, value] of [['--stage', opts.stage], ['--status', opts.status]] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${name} needs a name, got ""`);
  }
  const variant = sets.length ? JSON.stringify([opts.setNew ?? [], opts.set ?? []]) : undefined;
  const payload = generateSample(sampleTemplate(key), { stage: opts.stage, status: opts.status, recordId: opts.record, eventId: opts.eventId, variant });
  for (const s of sets) {
    const r = applySet(payload, s);
    if (!r.ok) throw new UsageError(`${r.message}${r.suggestion ? `; did you mean ${r.suggestion}?` : ''}`);
  }
  const text = `${JSON.stringify(payload, null, 2)}\n`;
  await write(ctx.stdout, text);
  // Only --set can make it invalid; say so, since a fixture that fails validate surprises later.
  const check = await checkBodyLazily(Buffer.from(text));
  if (check.errors.length > 0) {
    const text = `this payload does not validate: ${check.errors.map(findingLine).join('; ')}`;
    await write(ctx.stderr, renderWarning(text, await loadPaint(ctx.color.stderr), outputWidth(ctx.stderr)));
  }
  return 0;
}
