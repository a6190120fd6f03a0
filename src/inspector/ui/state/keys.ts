/**
 * The keyboard (issue 10): j/k or the arrows move, Enter opens, / searches, r replays, c
 * compares, ? shows them all, Esc backs out. Keys typed into a field stay in the field.
 */
import { signal } from '@preact/signals';
import { loadMore, rows } from './deliveryList.js';
import { picking } from './compareTarget.js';
import { closeDelivery, cursor, helpOpen, navigate, openDelivery, route } from './store.js';

/** Bumped by `r` on an open replay tab: the tab sends. */
export const replayRequested = signal(0);

export const KEYS: [string, string][] = [
  ['j  ↓', 'next (older) delivery'],
  ['k  ↑', 'previous (newer) delivery'],
  ['Enter', 'open the highlighted delivery'],
  ['/', 'search the bodies'],
  ['c', 'compare with the previous delivery of the record'],
  ['r', 'replay (again on the replay tab: send)'],
  ['Esc', 'close the help, the picker or the delivery'],
  ['?', 'this help'],
];

function move(by: number): void {
  const list = rows.value;
  if (list.length === 0) return;
  const at = cursor.value === null ? -1 : list.findIndex((r) => r.seq === cursor.value);
  const i = Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + by));
  if (i >= list.length - 5) void loadMore();
  cursor.value = list[i].seq;
  // With a delivery open, moving shows the next one in the same tab, as a mail reader does.
  if (route.value.open !== null) navigate({ open: list[i].seq }, { replace: true });
}

const current = () => route.value.open ?? cursor.value;

function onKey(e: KeyboardEvent): void {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const target = e.target as HTMLElement;
  const typing = target.closest('input, textarea, select, [contenteditable]') !== null;
  if (e.key === 'Escape') {
    if (typing) target.blur();
    else if (helpOpen.value) helpOpen.value = false;
    else if (picking.value) picking.value = false;
    else if (route.value.open !== null) closeDelivery();
    return;
  }
  if (typing) return;
  // Enter on a button or a link is that control's own.
  if (e.key === 'Enter' && target.closest('button, a, summary, [role="tab"]')) return;
  const seq = current();
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      move(1);
      break;
    case 'k':
    case 'ArrowUp':
      move(-1);
      break;
    case 'Enter':
      if (cursor.value === null) return;
      openDelivery(cursor.value);
      break;
    case '/':
      document.getElementById('search')?.focus();
      break;
    case '?':
      helpOpen.value = !helpOpen.value;
      break;
    case 'c':
      if (seq === null) return;
      openDelivery(seq, 'compare');
      break;
    case 'r':
      if (seq === null) return;
      if (route.value.open === seq && route.value.tab === 'replay') replayRequested.value++;
      else openDelivery(seq, 'replay');
      break;
    default:
      return;
  }
  e.preventDefault();
}

export function listenToKeys(): void {
  addEventListener('keydown', onKey);
}
