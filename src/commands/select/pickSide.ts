import type { SelectionFlags } from '../../core/select/selection.js';
import type { Side } from '../../io/inputs/diffSides.js';
import type { Context } from '../context.js';
import { pickInputs } from './pickInputs.js';

/** One side of `diff`, narrowed to the payloads the selection options pick (each side on its own). */
export async function pickSide(side: Side, flags: SelectionFlags, ctx: Context): Promise<Side> {
  const all = side.kind === 'file' ? [side.input] : side.inputs;
  const picked = await pickInputs(all, flags, ctx, { reader: side.reader, where: side.arg === '-' ? 'stdin' : side.arg });
  if (picked === all) return side;
  return side.kind === 'file' ? side : { ...side, inputs: picked };
}
