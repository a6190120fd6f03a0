/**
 * Copy as curl: the command that sends what replay would, with the body from the stored file.
 * The target's secrets are redacted unless the user asks to see the URL they typed.
 */
import { useSignal } from '@preact/signals';
import { api } from '../api/client.js';
import { replayTo } from '../state/replaySettings.js';

export function CurlButton({ seq }: { seq: number }) {
  const open = useSignal(false);
  const reveal = useSignal(false);
  const command = useSignal<string | null>(null);
  const note = useSignal<string | null>(null);

  const load = async (show: boolean) => {
    const p = new URLSearchParams();
    if (replayTo.value.trim()) p.set('to', replayTo.value.trim());
    if (show) p.set('reveal', '1');
    try {
      const r = await api.curl(seq, p);
      command.value = r.command;
      note.value = r.target === null ? 'no target: it reads $COPERNIQ_HOOKS_TARGET (or type one on the Replay tab)' : r.redacted ? 'secrets in the target are redacted' : null;
    } catch (err) {
      command.value = null;
      note.value = (err as Error).message;
    }
  };
  const toggle = () => {
    open.value = !open.value;
    if (open.value) void load(reveal.value);
  };
  const copy = async () => {
    if (!command.value) return;
    try {
      await navigator.clipboard.writeText(command.value);
      note.value = 'copied';
    } catch {
      note.value = 'the browser refused the clipboard: select the text and copy it';
    }
  };
  return (
    <span class="popover-anchor">
      <button onClick={toggle} aria-expanded={open.value}>
        curl
      </button>
      {open.value && (
        <div class="popover" role="dialog" aria-label="Copy as curl">
          <pre class="curl">{command.value ?? ''}</pre>
          <div class="popover-bar">
            <button class="primary" onClick={() => void copy()} disabled={!command.value}>
              Copy
            </button>
            <label title="show the typed target's query values and token">
              <input
                type="checkbox"
                checked={reveal.value}
                disabled={!replayTo.value.trim()}
                onChange={(e) => {
                  reveal.value = e.currentTarget.checked;
                  void load(reveal.value);
                }}
              />{' '}
              show secrets
            </label>
            {note.value && <span class="muted">{note.value}</span>}
          </div>
        </div>
      )}
    </span>
  );
}
