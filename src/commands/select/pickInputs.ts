/**
 * The input side `validate`, `replay` and `diff` share: one reader bounded by `--max-input` and
 * stopped by Ctrl-C, and the selection options applied the same way everywhere.
 */
import { UsageError } from '../../core/errors.js';
import { checkBodyLazily } from '../../core/payload/lazyCheck.js';
import { parseSelection, type SelectionFlags } from '../../core/select/selection.js';
import { nothingSelected, selectionNotes } from '../../core/select/selectionText.js';
import { InputReader } from '../../io/inputs/inputReader.js';
import type { Input } from '../../io/inputs/inputs.js';
import { selectInputs, type Judge } from '../../io/inputs/selectInputs.js';
import { write } from '../../io/terminal/terminal.js';
import type { Context } from '../context.js';

export interface InputFlags extends SelectionFlags {
  /** `--max-input`: the most bytes read from one file or from stdin. */
  maxInput: number;
}

export function inputReader(flags: InputFlags, ctx: Context): InputReader {
  return new InputReader({
    maxBytes: flags.maxInput,
    signal: ctx.signal,
    // Only a "-" argument reads stdin: the stream is made then (see cli.ts).
    get stdin() {
      return ctx.stdin;
    },
  });
}

const defaultJudge: Judge = async (bytes) => {
  const r = await checkBodyLazily(bytes);
  return { errors: r.errors.length, warnings: r.warnings.length };
};

export interface PickOptions {
  reader: InputReader;
  /** Where the inputs came from, for messages: the paths given, or one side of a diff. */
  where: string;
  /**
   * The check `--verdict` goes by (validate passes its own: --strict, --as, --schema). Without one,
   * a capture's index line gives the verdict listen recorded.
   */
  judge?: Judge;
  /** Added to "nothing selected" when --trigger was given (validate: what became of its old --trigger). */
  triggerHint?: string;
}

/** The inputs the selection options pick (all of them, unread, when none is given). */
export async function pickInputs(inputs: Input[], flags: SelectionFlags, ctx: Context, opts: PickOptions): Promise<Input[]> {
  const sel = parseSelection(flags, Date.now());
  if (!sel) return inputs;
  const picked = await selectInputs(inputs, sel, opts.reader, opts.judge ?? defaultJudge, opts.judge === undefined);
  const note = (text: string) => write(ctx.stderr, `coperniq-hooks: note: ${text}\n`);
  for (const n of picked.notes) await note(n);
  if (picked.inputs.length === 0) {
    throw new UsageError(nothingSelected(sel, picked.seen, opts.where) + (opts.triggerHint && sel.triggers ? `\n  ${opts.triggerHint}` : ''));
  }
  for (const n of selectionNotes(sel, picked.seen, picked.inputs.length, opts.where)) await note(n);
  return picked.inputs;
}
