/**
 * Replay one delivery, as stored or edited, to the target; the editor checks the payload as it
 * is typed (the server's `validate` findings for the trigger). A target that is not this
 * machine needs a yes here first.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api/client.js';
import type { CheckResult, Detail, ReplayResult } from '../api/types.js';
import { newIds, sendReplay } from '../state/replaySettings.js';
import { replayRequested } from '../state/keys.js';
import { editedBody } from '../json/editedText.js';
import { ConfirmBox } from './ConfirmBox.js';
import { TargetFields } from './TargetFields.js';
import { ReplayResultView } from './ReplayResultView.js';

const CHECK_DELAY_MS = 250;

export function ReplayTab({ d }: { d: Detail }) {
  const seq = d.entry.seq;
  const editing = useSignal(false);
  const stored = d.body?.text ?? '';
  const text = useSignal(stored);
  const result = useSignal<ReplayResult | null>(null);
  const error = useSignal<string | null>(null);
  const confirm = useSignal<string | null>(null);
  const sending = useSignal(false);
  const canEdit = d.body?.text !== null && d.body?.text !== undefined;

  const send = async (confirmed = false) => {
    if (sending.value) return;
    sending.value = true;
    error.value = null;
    try {
      const body = editing.value ? editedBody(stored, text.value) : null;
      const answer = await sendReplay(seq, { ...(body !== null ? { body } : {}), ...(confirmed ? { confirm: true } : {}) });
      if ('confirm' in answer) confirm.value = answer.confirm;
      else {
        confirm.value = null;
        result.value = answer;
      }
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      sending.value = false;
    }
  };

  // `r` on an open replay tab sends.
  const requested = replayRequested.value;
  const seen = useRef(requested);
  useEffect(() => {
    if (requested !== seen.current) {
      seen.current = requested;
      void send();
    }
  }, [requested]);

  return (
    <div class="replay">
      <TargetFields />
      <div class="replay-options">
        <label title={canEdit ? '' : 'only a UTF-8 body can be edited'}>
          <input type="checkbox" checked={editing.value} disabled={!canEdit} onChange={(e) => (editing.value = e.currentTarget.checked)} /> edit the body first
        </label>
        <label title="a fresh event.eventId and event.firedAt, as replay --new-ids">
          <input type="checkbox" checked={newIds.value} onChange={(e) => (newIds.value = e.currentTarget.checked)} /> new ids
        </label>
        <span class="spacer" />
        <button class="primary" disabled={sending.value} onClick={() => void send()}>
          {sending.value ? 'Sending…' : `Send #${seq}`}
        </button>
      </div>
      {confirm.value && <ConfirmBox message={confirm.value} yes="Send it there" onYes={() => void send(true)} onNo={() => (confirm.value = null)} />}
      {error.value && <p class="error">{error.value}</p>}
      {result.value && <ReplayResultView r={result.value} />}
      {editing.value && <Editor text={text.value} onChange={(t) => (text.value = t)} stored={stored} />}
      {!editing.value && <p class="muted">Sends the stored bytes as they are{d.body?.encoding ? ` (${d.body.encoding}, labelled as it arrived)` : ''}, with the stored headers that a receiver needs.</p>}
    </div>
  );
}

function Editor({ text, onChange, stored }: { text: string; onChange: (t: string) => void; stored: string }) {
  const check = useSignal<CheckResult | null>(null);
  const checkError = useSignal<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api.check(text, abort.signal).then(
        (r) => ((check.value = r), (checkError.value = null)),
        (err: Error) => err.name !== 'AbortError' && (checkError.value = err.message),
      );
    }, CHECK_DELAY_MS);
    return () => (clearTimeout(timer), abort.abort());
  }, [text]);
  const c = check.value;
  const sent = editedBody(stored, text);
  return (
    <div class="editor">
      <div class="editor-bar">
        <span>{sent === null ? 'as stored: the stored bytes will be sent' : `edited: ${new TextEncoder().encode(sent).length} bytes will be sent`}</span>
        <button disabled={sent === null} onClick={() => onChange(stored)}>
          Undo edits
        </button>
      </div>
      <textarea spellcheck={false} aria-label="Payload to send" value={text} onInput={(e) => onChange(e.currentTarget.value)} />
      <div class="editor-check" aria-live="polite">
        {checkError.value && <p class="error">{checkError.value}</p>}
        {c && c.parseError && <p class="error">{c.parseError.message}</p>}
        {c && c.json && c.errors.length === 0 && c.warnings.length === 0 && <p class="all-good">Valid {c.trigger ?? ''} payload.</p>}
        {c && c.json && c.errors.length + c.warnings.length > 0 && (
          <ul class="findings">
            {[...c.errors, ...c.warnings].map((f, i) => (
              <li key={i} class={`finding lvl-${f.level}`}>
                <span class="f-level">{f.level}</span>
                <code class="f-path">{f.path || '(payload)'}</code>
                <span class="f-msg">{f.message}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
