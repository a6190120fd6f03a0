/**
 * Before anything is sent: does each `--set` fit at least one payload? One that fits none is a
 * mistake in the path (a typo, the wrong trigger), so the run stops with exit 2 and the nearest
 * path that exists. One that fits some payloads only is normal on a folder of mixed triggers:
 * the others are "not sent (cannot change)".
 */
import { UsageError } from '../errors.js';
import { counted } from '../text/plural.js';
import { applySet, type SetResult } from './applySet.js';
import type { SetChange } from './replayOptions.js';

type Miss = Extract<SetResult, { ok: false }>;

export class SetFitCheck {
  private readonly fits: boolean[];
  /** Per change, the most telling miss so far (see moreTelling). */
  private readonly misses: (Miss & { name: string })[] = [];
  private parsed = 0;

  constructor(private readonly sets: SetChange[]) {
    this.fits = sets.map(() => false);
  }

  /** True once every change has fit some payload: no need to look at more. */
  get done(): boolean {
    return this.fits.every(Boolean);
  }

  /** Tries every change on one parsed payload (which it changes: give it a copy of its own). */
  observe(name: string, value: unknown): void {
    this.parsed++;
    this.sets.forEach((set, i) => {
      const r = applySet(value, set);
      if (r.ok) this.fits[i] = true;
      else if (moreTelling(r, this.misses[i])) this.misses[i] = { ...r, name };
    });
  }

  /** The usage error for the first change that fit no payload; null when all fit or nothing could be parsed. */
  problem(): UsageError | null {
    const i = this.fits.indexOf(false);
    if (i < 0 || this.parsed === 0) return null;
    const set = this.sets[i];
    const miss = this.misses[i];
    const option = set.create ? '--set-new' : '--set';
    const where = this.parsed === 1 ? `in ${miss.name}` : `in any of the ${counted(this.parsed, 'payload')}`;
    const hint = miss.suggestion ? `; did you mean ${miss.suggestion}?` : '';
    const create = !set.create && miss.message.endsWith('does not exist') ? ' (--set-new PATH=VALUE creates missing fields)' : '';
    return new UsageError(`${option} ${miss.message.replace(/^cannot set /, '')} ${where}${hint}${create}; nothing was sent`);
  }
}

/** Deeper into the payload is more telling; at the same depth, one with a suggestion. */
function moreTelling(miss: Miss, than: Miss | undefined): boolean {
  if (!than) return true;
  return miss.depth > than.depth || (miss.depth === than.depth && miss.suggestion !== undefined && than.suggestion === undefined);
}
