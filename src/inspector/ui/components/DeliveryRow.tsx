/** One delivery in the list. Every payload-derived string is a text node, never markup. */
import type { DeliveryRow } from '../api/types.js';
import { bytes, fullTime, ms, shortTime } from '../format.js';
import { verdictText } from './verdict.js';

interface Props {
  row: DeliveryRow;
  top: number;
  open: boolean;
  current: boolean;
  picking: boolean;
  onPick: () => void;
}

export function DeliveryRowView({ row, top, open, current, picking, onPick }: Props) {
  const cls = ['row', open && 'open', current && 'current', picking && 'picking'].filter(Boolean).join(' ');
  const fwd = row.forward;
  return (
    <div class={cls} style={{ top: `${top}px` }} role="row" data-seq={row.seq} aria-selected={open} onClick={onPick}>
      <span class="c-seq">{row.seq}</span>
      <span class="c-time" title={fullTime(row.receivedAt)}>
        {shortTime(row.receivedAt)}
      </span>
      <span class="c-method">{row.method}</span>
      <span class="c-trigger" title={row.trigger ?? 'no trigger key'}>
        {row.trigger ?? '—'}
      </span>
      <span class="c-record" title={row.title ?? ''}>
        {row.recordId !== null && <b>{String(row.recordId)}</b>} {row.title ?? ''}
      </span>
      <span class="c-moved" title={row.moved ?? ''}>
        {row.moved ?? ''}
      </span>
      <span class={`c-verdict v-${row.verdictClass}`} title={row.verdict?.first?.join('\n') ?? ''}>
        {verdictText(row.verdictClass, row.verdict)}
      </span>
      <span class="c-dup">{row.duplicateOf !== null && row.duplicateOf !== undefined ? `#${row.duplicateOf}` : ''}</span>
      <span class={`c-fwd ${fwd ? (fwd.status !== null && fwd.status < 300 ? 'ok' : 'bad') : ''}`} title={fwd ? `${fwd.url}${fwd.error ? `: ${fwd.error}` : ''}` : ''}>
        {fwd ? `${fwd.status ?? 'failed'} · ${ms(fwd.ms)}` : ''}
      </span>
      <span class="c-size">{bytes(row.bytes)}</span>
    </div>
  );
}
