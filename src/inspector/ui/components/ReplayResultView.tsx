/** What the target answered: status, latency, headers, the start of its body. */
import type { ReplayResult } from '../api/types.js';
import { ms } from '../format.js';

export function ReplayResultView({ r }: { r: ReplayResult }) {
  return (
    <div class={`replay-result ${r.ok ? 'ok' : 'bad'}`} role="status">
      <p class="result-line">
        <span class="status">{r.status ?? 'no answer'}</span>
        <span>{r.ok ? 'delivered' : 'failed'}</span>
        <span>{ms(r.ms)}</span>
        <span>to {r.to}</span>
        {r.bytes !== undefined && <span>{r.bytes} bytes sent</span>}
        {r.changed && r.changed.length > 0 && <span>changed: {r.changed.join(', ')}</span>}
      </p>
      {r.error && <p class="error">{r.error}</p>}
      {r.response && (
        <details open={!r.ok}>
          <summary>Response headers and body</summary>
          <table class="headers">
            <tbody>
              {Object.entries(r.response.headers).map(([k, v]) => (
                <tr key={k}>
                  <th>{k}</th>
                  <td>{Array.isArray(v) ? v.join(', ') : v}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.response.bodyStart && <pre class="raw">{r.response.bodyStart}</pre>}
        </details>
      )}
    </div>
  );
}
