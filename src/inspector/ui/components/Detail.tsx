/** One delivery: what arrived, its findings, its bytes, and the compare and replay tools. */
import { api } from '../api/client.js';
import type { Detail } from '../api/types.js';
import { fullTime, ms } from '../format.js';
import { closeDelivery, navigate, route } from '../state/store.js';
import type { Tab } from '../state/route.js';
import { BodyFacts } from './BodyFacts.js';
import { BodyTab } from './BodyTab.js';
import { CompareTab } from './CompareTab.js';
import { CurlButton } from './CurlButton.js';
import { ReplayTab } from './ReplayTab.js';
import { useFetched } from './useFetched.js';
import { verdictText } from './verdict.js';
import { SeqLink } from './SeqLink.js';

const TAB_NAMES: [Tab, string, string][] = [
  ['body', 'Body', ''],
  ['raw', 'Raw', ''],
  ['headers', 'Headers', ''],
  ['compare', 'Compare', 'c'],
  ['replay', 'Replay', 'r'],
];

export function DetailPane({ seq }: { seq: number }) {
  const got = useFetched(String(seq), (signal) => api.detail(seq, signal));
  const tab = route.value.tab;
  return (
    <section class="detail" aria-label={`Delivery ${seq}`}>
      {got.error ? (
        <DetailError seq={seq} error={got.error} />
      ) : !got.data ? (
        <p class="muted pad">loading #{seq}…</p>
      ) : (
        <>
          <DetailHead d={got.data} />
          <nav class="tabs" role="tablist">
            {TAB_NAMES.map(([t, name, key]) => (
              <button key={t} role="tab" aria-selected={tab === t} class={tab === t ? 'on' : ''} onClick={() => navigate({ tab: t }, { replace: true })} title={key ? `key: ${key}` : undefined}>
                {name}
                {t === 'headers' && <span class="tab-count">{Object.keys(got.data!.entry.headers).length}</span>}
                {t === 'body' && got.data!.findings && got.data!.findings.errors.length + got.data!.findings.warnings.length > 0 && (
                  <span class={`tab-count ${got.data!.findings.errors.length ? 'bad' : 'warn'}`}>{got.data!.findings.errors.length + got.data!.findings.warnings.length}</span>
                )}
              </button>
            ))}
          </nav>
          <div class={`tab-body shows-${tab}`} role="tabpanel">
            {tab === 'body' && <BodyTab detail={got.data} />}
            {tab === 'raw' && <RawTab d={got.data} />}
            {tab === 'headers' && <HeadersTab d={got.data} />}
            {tab === 'compare' && <CompareTab d={got.data} />}
            {tab === 'replay' && <ReplayTab d={got.data} />}
          </div>
        </>
      )}
    </section>
  );
}

function DetailError({ seq, error }: { seq: number; error: string }) {
  return (
    <div class="pad">
      <p class="error">#{seq}: {error}</p>
      <button onClick={closeDelivery}>Close</button>
    </div>
  );
}

function DetailHead({ d }: { d: Detail }) {
  const e = d.entry;
  const fwd = e.forward;
  return (
    <header class="detail-head">
      <div class="title-line">
        <h2>
          <span class="seq">#{e.seq}</span> {e.trigger ?? 'no trigger'}
        </h2>
        <span class={`badge v-${d.verdictClass}`}>{verdictText(d.verdictClass, e.verdict)}</span>
        <span class="spacer" />
        <CurlButton seq={e.seq} />
        <a class="button" href={api.rawUrl(e.seq)} download={e.file} title="the stored file, byte for byte">
          Download
        </a>
        <button class="close" onClick={closeDelivery} title="close (Esc)" aria-label="close">
          ×
        </button>
      </div>
      <p class="facts">
        {e.recordId !== null && (
          <span>
            record <b>{String(e.recordId)}</b> {d.title !== null && <q>{d.title}</q>}
          </span>
        )}
        {d.moved && <span>{d.moved}</span>}
        {e.eventId !== null && <span>event {String(e.eventId)}</span>}
        {e.duplicateOf !== null && e.duplicateOf !== undefined && (
          <span>
            duplicate of <SeqLink seq={e.duplicateOf} />
          </span>
        )}
        {d.previousOfRecord !== null && (
          <span>
            previous of this record <SeqLink seq={d.previousOfRecord} />
          </span>
        )}
      </p>
      <p class="request-line">
        <code>
          {e.method} {e.path}
        </code>
        <span title={fullTime(e.receivedAt)}>{fullTime(e.receivedAt)}</span>
        <span>from {e.remote}</span>
        <span>answered {e.status}</span>
        {fwd && (
          <span class={fwd.status !== null && fwd.status < 300 ? 'ok' : 'bad'} title={fwd.bodyStart ?? ''}>
            forwarded to {fwd.url}: {fwd.status ?? fwd.error ?? 'failed'} in {ms(fwd.ms)}
          </span>
        )}
      </p>
    </header>
  );
}

function RawTab({ d }: { d: Detail }) {
  const b = d.body;
  if (!b) return <p class="error">{d.bodyError}</p>;
  return (
    <div>
      <BodyFacts d={d} />
      {b.parseError && <p class="error">{b.parseError.message}</p>}
      {b.text === null ? <p class="muted">Not UTF-8 text: download the stored bytes to see them.</p> : <pre class="raw">{b.text}</pre>}
    </div>
  );
}

function HeadersTab({ d }: { d: Detail }) {
  const e = d.entry;
  return (
    <div>
      <p class="muted">As stored in the index: secrets (the token, authorization, cookies, keys) are redacted.</p>
      <table class="headers">
        <tbody>
          {Object.entries(e.headers).flatMap(([name, value]) =>
            (Array.isArray(value) ? value : [value]).map((v, i) => (
              <tr key={`${name}-${i}`}>
                <th>{name}</th>
                <td>{v}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <BodyFacts d={d} />
    </div>
  );
}
