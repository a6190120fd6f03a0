/** Where the deliveries come from, whether the page is live, and the counts. */
import { count, plural } from '../format.js';
import { helpOpen, live, meta, metaError } from '../state/store.js';

const LIVE_TEXT = { connecting: 'connecting', live: 'live', reconnecting: 'reconnecting…' };

export function TopBar() {
  const m = meta.value;
  return (
    <header class="top">
      <h1>
        coperniq-hooks <span>inspector</span>
      </h1>
      {m && (
        <span class="dir" title={m.dir}>
          {m.dir}
        </span>
      )}
      <span class={`live ${live.value}`} title="new deliveries appear as they are stored">
        <i /> {LIVE_TEXT[live.value]}
      </span>
      <span class="spacer" />
      {metaError.value && <span class="error">{metaError.value}</span>}
      {m?.indexProblem && <span class="error" title={m.indexProblem}>index: {m.indexProblem}</span>}
      {m && m.badIndexLines > 0 && <span class="warn">{plural(m.badIndexLines, 'unreadable index line')}</span>}
      {m && <span class="total">{plural(m.total, 'delivery', 'deliveries')}</span>}
      {m && m.rejected !== null && (
        <span class={`rejected ${m.rejected ? 'some' : ''}`} title="requests listen refused (401, 413, 408…): counted, never captured or listed">
          {count(m.rejected)} rejected
        </span>
      )}
      <button class="help-button" onClick={() => (helpOpen.value = !helpOpen.value)} aria-label="Keyboard shortcuts" title="keyboard shortcuts (?)">
        ?
      </button>
    </header>
  );
}
