/** `replay --dry-run`: every delivery prepared as it would be sent, reported, and none sent. */
import type { RedactOptions } from '../../core/capture/redact.js';
import { dryRunEntry, dryRunExitCode, type DryRunReport } from '../../core/replay/dryRunReport.js';
import { pendingResult } from '../../core/replay/replayReport.js';
import { outputWidth, write } from '../../io/terminal/terminal.js';
import { loadPaint } from '../../render/paint.js';
import { renderReplayDryRunJson, renderReplayDryRunPretty } from '../../render/replay/replayReport.js';
import type { Context } from '../context.js';
import { prepareOne, type RunPlan } from './replayRun.js';

export async function dryRun(
  plan: Pick<RunPlan, 'queue' | 'prepare'>,
  opts: { target: string; format: 'pretty' | 'json' | 'junit'; redaction: RedactOptions },
  ctx: Context,
): Promise<number> {
  const report: DryRunReport = { target: opts.target, entries: [] };
  for (let d = plan.queue.take(); d; d = plan.queue.take()) {
    report.entries.push(dryRunEntry(pendingResult(d.index, d.copy, d.item), prepareOne(plan, d, 0), opts.redaction));
  }
  const text = opts.format === 'json' ? renderReplayDryRunJson(report) : renderReplayDryRunPretty(report, await loadPaint(ctx.color.stdout), outputWidth(ctx.stdout));
  await write(ctx.stdout, text);
  return dryRunExitCode(report);
}
