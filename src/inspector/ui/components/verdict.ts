/** How a verdict reads in the list and the detail: the words of `listen`'s live line. */
import type { IndexEntry, VerdictClass } from '../api/types.js';
import { plural } from '../format.js';

export function verdictText(cls: VerdictClass, v: IndexEntry['verdict'] | undefined): string {
  switch (cls) {
    case 'valid':
      return 'valid';
    case 'warnings':
      return plural(v?.warnings ?? 0, 'warning');
    case 'invalid':
      return plural(v?.errors ?? 0, 'error');
    case 'not-json':
      return 'not JSON';
    case 'empty':
      return 'empty';
    case 'unchecked':
      return 'not checked';
  }
}

export const VERDICT_LABELS: Record<VerdictClass, string> = {
  valid: 'valid',
  warnings: 'valid, with warnings',
  invalid: 'invalid',
  'not-json': 'not JSON',
  empty: 'empty',
  unchecked: 'not checked',
};
