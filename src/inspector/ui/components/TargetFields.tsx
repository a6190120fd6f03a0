/** Where replays go: typed, or the server's default (shown redacted, as the server shows it). */
import { meta } from '../state/store.js';
import { replayTo } from '../state/replaySettings.js';

export function TargetFields() {
  const def = meta.value?.replayTarget ?? null;
  return (
    <label class="target">
      <span>Send to</span>
      <input
        type="url"
        spellcheck={false}
        value={replayTo.value}
        onInput={(e) => (replayTo.value = e.currentTarget.value)}
        placeholder={def ? `${def.url} (${def.source})` : 'a URL, e.g. http://127.0.0.1:3000/webhooks/coperniq'}
        aria-label="Replay target URL"
      />
    </label>
  );
}
