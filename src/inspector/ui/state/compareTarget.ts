/** "Compare with a delivery picked from the list": the next click on a row chooses it. */
import { signal } from '@preact/signals';
import { navigate } from './store.js';

export const picking = signal(false);

export function pickTarget(seq: number): void {
  picking.value = false;
  navigate({ tab: 'compare', against: seq });
}
