/**
 * Replays every delivery that passes the filters, oldest first (arrival order, as `replay` sends
 * a capture directory), one at a time, with a stop button. A target that is not this machine is
 * confirmed once for the whole run.
 */
import { signal, useSignal } from '@preact/signals';
import { api } from '../api/client.js';
import type { ReplayResult } from '../api/types.js';
import { count, plural } from '../format.js';
import { matched } from '../state/deliveryList.js';
import { filterParams } from '../state/route.js';
import { newIds, sendReplay } from '../state/replaySettings.js';
import { route } from '../state/store.js';
import { ConfirmBox } from './ConfirmBox.js';
import { TargetFields } from './TargetFields.js';
import { SeqLink } from './SeqLink.js';

export const selectionOpen = signal(false);

interface Run {
  planned: number;
  done: { seq: number; result: ReplayResult | null; error?: string }[];
  stopped: boolean;
  finished: boolean;
}

/** Every matching sequence number, following the cursor (a search continues where it stopped). */
async function selection(signal: AbortSignal): Promise<number[]> {
  const seqs: number[] = [];
  let before: number | null = null;
  do {
    const p = filterParams(route.value.filters);
    p.set('limit', '500');
    if (before !== null) p.set('before', String(before));
    const page = await api.deliveries(p, signal);
    for (const d of page.deliveries) seqs.push(d.seq);
    before = page.next;
  } while (before !== null && !signal.aborted);
  return seqs.reverse();
}

export function SelectionReplay() {
  const run = useSignal<Run | null>(null);
  const confirm = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const abort = useSignal<AbortController | null>(null);

  const start = async (confirmed: boolean) => {
    const stop = new AbortController();
    abort.value = stop;
    confirm.value = null;
    error.value = null;
    try {
      const seqs = await selection(stop.signal);
      run.value = { planned: seqs.length, done: [], stopped: false, finished: false };
      for (const seq of seqs) {
        if (stop.signal.aborted) break;
        let entry: Run['done'][number];
        try {
          const r = await sendReplay(seq, confirmed ? { confirm: true } : {});
          if ('confirm' in r) {
            confirm.value = r.confirm;
            run.value = null;
            return;
          }
          entry = { seq, result: r };
        } catch (err) {
          entry = { seq, result: null, error: (err as Error).message };
        }
        run.value = { ...(run.value as Run), done: [...(run.value as Run).done, entry] };
      }
      run.value = { ...(run.value as Run), stopped: stop.signal.aborted, finished: true };
    } catch (err) {
      if ((err as Error).name !== 'AbortError') error.value = (err as Error).message;
    } finally {
      abort.value = null;
    }
  };
  const close = () => {
    abort.value?.abort();
    selectionOpen.value = false;
    run.value = null;
  };
  const searching = route.value.filters.q.trim() !== '';
  const r = run.value;
  const failed = r ? r.done.filter((d) => !d.result?.ok) : [];
  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && close()}>
      <div class="dialog" role="dialog" aria-label="Replay the selection">
        <h2>{searching ? 'Replay every delivery the search finds' : `Replay ${plural(matched.value, 'delivery', 'deliveries')}`}</h2>
        <p class="muted">Every delivery that passes the filters, oldest first, one at a time. The stored bytes are sent as they are.</p>
        <TargetFields />
        <label>
          <input type="checkbox" checked={newIds.value} onChange={(e) => (newIds.value = e.currentTarget.checked)} /> new ids
        </label>
        {confirm.value && <ConfirmBox message={confirm.value} yes="Send them there" onYes={() => void start(true)} onNo={() => (confirm.value = null)} />}
        {error.value && <p class="error">{error.value}</p>}
        {r && (
          <div class="progress" role="status">
            <progress max={r.planned} value={r.done.length} />
            <p>
              {count(r.done.length)} of {count(r.planned)} sent · {count(r.done.length - failed.length)} delivered · {count(failed.length)} failed
              {r.stopped ? ' · stopped' : r.finished ? ' · done' : ''}
            </p>
            {failed.length > 0 && (
              <ul class="failures">
                {failed.slice(0, 50).map((d) => (
                  <li key={d.seq}>
                    <SeqLink seq={d.seq} tab="replay" /> {d.result ? `${d.result.status ?? 'no answer'} ${d.result.error ?? ''}` : d.error}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div class="dialog-bar">
          {abort.value ? (
            <button onClick={() => abort.value?.abort()}>Stop</button>
          ) : (
            <button class="primary" disabled={matched.value === 0} onClick={() => void start(false)}>
              Send
            </button>
          )}
          <button onClick={close}>Close</button>
        </div>
      </div>
    </div>
  );
}
