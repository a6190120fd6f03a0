/**
 * Follows `GET /api/events`. EventSource reconnects by itself and sends Last-Event-ID, so the
 * server replays what was missed; a `reset` (the index was replaced, or the tab was away too
 * long) means: load everything again. (`replay` events are for scripts: this page has the
 * answer of its own replays.)
 */
import type { DeliveryRow } from './types.js';

export interface LiveHandlers {
  delivery: (row: DeliveryRow) => void;
  rejected: (r: { rejected: number; status: number; reason: string }) => void;
  reset: () => void;
  state: (s: 'live' | 'reconnecting') => void;
}

export function followEvents(h: LiveHandlers): () => void {
  const source = new EventSource('/api/events');
  const on = <T>(name: string, fn: (data: T) => void) =>
    source.addEventListener(name, (e) => {
      try {
        fn(JSON.parse((e as MessageEvent<string>).data) as T);
      } catch {
        // One malformed event must not stop the others.
      }
    });
  on('delivery', h.delivery);
  on('rejected', h.rejected);
  on('reset', () => h.reset());
  source.addEventListener('open', () => h.state('live'));
  source.addEventListener('error', () => h.state('reconnecting'));
  return () => source.close();
}
