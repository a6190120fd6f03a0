/**
 * Compare: the server's `diff --format json` for this delivery against the previous one of the
 * same record (or one picked from the list), shown change by change. The page only lays it out,
 * so it and the CLI never disagree.
 */
import { api } from '../api/client.js';
import type { Detail } from '../api/types.js';
import { member, nodeText, parseJsonNodes, type JsonNode } from '../json/jsonNodes.js';
import { picking } from '../state/compareTarget.js';
import { navigate, route } from '../state/store.js';
import { useFetched } from './useFetched.js';
import { SeqLink } from './SeqLink.js';

const SYMBOL: Record<string, string> = { added: '+', removed: '-', changed: '~', 'type-changed': '!' };

interface Compared {
  against: number;
  headline: string | null;
  changes: JsonNode[];
}

export function CompareTab({ d }: { d: Detail }) {
  const r = route.value;
  const seq = d.entry.seq;
  const params = new URLSearchParams();
  if (r.against !== null) params.set('against', String(r.against));
  if (r.ignoreVolatile) params.set('ignoreVolatile', '1');
  if (r.shape) params.set('shape', '1');
  const got = useFetched(`${seq}?${params}`, async (signal): Promise<Compared> => {
    const { text, against } = await api.diff(seq, params, signal);
    const doc = parseJsonNodes(text);
    const headline = member(doc, 'headline');
    const changes = member(doc, 'changes');
    return { against, headline: headline?.t === 'string' ? headline.v : null, changes: changes?.t === 'array' ? changes.items : [] };
  });
  return (
    <div class="compare">
      <div class="compare-bar">
        <span>
          <b>#{seq}</b> against{' '}
          {got.data ? (
            <SeqLink seq={got.data.against} tab="compare" />
          ) : (
            <span>{r.against === null ? 'the previous delivery of this record' : `#${r.against}`}</span>
          )}
          {r.against === null && got.data && <span class="muted"> (previous of this record)</span>}
        </span>
        <button class={picking.value ? 'on' : ''} onClick={() => (picking.value = !picking.value)} title="then click a delivery in the list">
          {picking.value ? 'Click a delivery in the list…' : 'Pick from list'}
        </button>
        {r.against !== null && d.previousOfRecord !== null && <button onClick={() => navigate({ against: null }, { replace: true })}>Previous of record</button>}
        <label>
          <input type="checkbox" checked={r.ignoreVolatile} onChange={(e) => navigate({ ignoreVolatile: e.currentTarget.checked }, { replace: true })} /> ignore volatile
        </label>
        <label>
          <input type="checkbox" checked={r.shape} onChange={(e) => navigate({ shape: e.currentTarget.checked }, { replace: true })} /> shape only
        </label>
      </div>
      {got.error && <p class="error">{got.error}</p>}
      {got.loading && <p class="muted">comparing…</p>}
      {got.data && <Changes c={got.data} />}
    </div>
  );
}

function Changes({ c }: { c: Compared }) {
  const kinds = c.changes.map((ch) => text(member(ch, 'kind')));
  const tally = ['added', 'removed', 'changed', 'type-changed']
    .map((k) => [k, kinds.filter((x) => x === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k === 'type-changed' ? 'type changed' : k}`);
  return (
    <div>
      {c.headline && <p class="headline">{c.headline}</p>}
      <p class={c.changes.length ? 'tally' : 'tally same'}>
        {c.changes.length === 0 ? 'No differences.' : `${c.changes.length} ${c.changes.length === 1 ? 'difference' : 'differences'}: ${tally.join(', ')}`}
      </p>
      <table class="changes">
        <tbody>
          {c.changes.map((ch, i) => (
            <ChangeRow key={i} ch={ch} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangeRow({ ch }: { ch: JsonNode }) {
  const kind = text(member(ch, 'kind'));
  const old = member(ch, 'old');
  const neu = member(ch, 'new');
  const oldType = text(member(ch, 'oldType'));
  const newType = text(member(ch, 'newType'));
  const show = (n: JsonNode | undefined, type: string) => (n ? nodeText(n, 400) : type);
  return (
    <tr class={`change ${kind}`}>
      <td class="sym">{SYMBOL[kind] ?? '?'}</td>
      <td class="path">
        <code>{text(member(ch, 'path'))}</code>
      </td>
      <td class="vals">
        {kind !== 'added' && <span class="old">{show(old, oldType)}</span>}
        {kind !== 'added' && kind !== 'removed' && <span class="arrow"> → </span>}
        {kind !== 'removed' && <span class="new">{show(neu, newType)}</span>}
        {kind === 'type-changed' && old && neu && (
          <span class="types">
            {' '}
            ({oldType} → {newType})
          </span>
        )}
      </td>
    </tr>
  );
}

const text = (n: JsonNode | undefined): string => (n?.t === 'string' ? n.v : '');
