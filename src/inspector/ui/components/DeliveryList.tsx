/**
 * The live list, newest first, virtualised: only the rows in view (and a few around) are in the
 * DOM, so 100,000 deliveries scroll like 50. Reaching the end fetches the next page.
 */
import { useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { arrivedAbove, atTop, hasMore, listError, loading, loadMore, rows, scanned, unsearched, reload } from '../state/deliveryList.js';
import { cursor, openDelivery, route } from '../state/store.js';
import { count, plural } from '../format.js';
import { DeliveryRowView } from './DeliveryRow.js';
import { pickTarget, picking } from '../state/compareTarget.js';

export const ROW_HEIGHT = 30;
const OVERSCAN = 12;

export function DeliveryList() {
  const box = useRef<HTMLDivElement>(null);
  const scrollTop = useSignal(0);
  const height = useSignal(600);

  useEffect(() => {
    const el = box.current as HTMLDivElement;
    const resize = new ResizeObserver(() => (height.value = el.clientHeight));
    resize.observe(el);
    return () => resize.disconnect();
  }, []);

  // Rows put on top while scrolled down must not move what the user is reading.
  const lastFirst = useRef<number | null>(null);
  useSignalEffect(() => {
    const list = rows.value;
    const el = box.current;
    const first = list[0]?.seq ?? null;
    const before = lastFirst.current;
    lastFirst.current = first;
    if (!el || before === null || first === null || first === before || atTop.peek()) return;
    const added = list.findIndex((r) => r.seq === before);
    if (added > 0) el.scrollTop += added * ROW_HEIGHT;
  });

  // The keyboard cursor stays in view.
  useSignalEffect(() => {
    const seq = cursor.value;
    const el = box.current;
    if (seq === null || !el) return;
    const i = rows.peek().findIndex((r) => r.seq === seq);
    if (i < 0) return;
    const top = i * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  });

  const list = rows.value;
  const first = Math.max(0, Math.floor(scrollTop.value / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(list.length, Math.ceil((scrollTop.value + height.value) / ROW_HEIGHT) + OVERSCAN);
  if (hasMore.value && !loading.value && last >= list.length - OVERSCAN) queueMicrotask(() => void loadMore());

  const onScroll = () => {
    const el = box.current as HTMLDivElement;
    scrollTop.value = el.scrollTop;
    atTop.value = el.scrollTop < ROW_HEIGHT;
    if (atTop.value) arrivedAbove.value = 0;
  };
  const open = route.value.open;
  return (
    <section class="list" aria-label="Deliveries">
      <div class="list-head" role="row">
        <span class="c-seq">#</span>
        <span class="c-time">time</span>
        <span class="c-method">method</span>
        <span class="c-trigger">trigger</span>
        <span class="c-record">record</span>
        <span class="c-moved">what moved</span>
        <span class="c-verdict">verdict</span>
        <span class="c-dup">dup of</span>
        <span class="c-fwd">forward</span>
        <span class="c-size">size</span>
      </div>
      {arrivedAbove.value > 0 && (
        <button class="new-pill" onClick={() => ((box.current as HTMLDivElement).scrollTop = 0)}>
          ↑ {plural(arrivedAbove.value, 'new delivery', 'new deliveries')}
        </button>
      )}
      {unsearched.value > 0 && (
        <button class="banner" onClick={() => void reload()}>
          {plural(unsearched.value, 'new delivery', 'new deliveries')} arrived; search them too
        </button>
      )}
      <div class="list-body" ref={box} onScroll={onScroll} role="grid" aria-rowcount={list.length} tabIndex={-1}>
        <div class="list-space" style={{ height: `${list.length * ROW_HEIGHT}px` }}>
          {list.slice(first, last).map((row, k) => (
            <DeliveryRowView
              key={row.seq}
              row={row}
              top={(first + k) * ROW_HEIGHT}
              open={row.seq === open}
              current={row.seq === cursor.value}
              picking={picking.value}
              onPick={() => (picking.value ? pickTarget(row.seq) : openDelivery(row.seq))}
            />
          ))}
        </div>
        <ListEnd size={list.length} />
      </div>
    </section>
  );
}

function ListEnd({ size }: { size: number }) {
  const searching = route.value.filters.q.trim() !== '';
  if (listError.value) return <p class="list-end error">{listError.value}</p>;
  if (loading.value) return <p class="list-end">{searching ? `searching… ${count(scanned.value)} bodies read` : 'loading…'}</p>;
  if (hasMore.value) return <p class="list-end">…</p>;
  if (size === 0) return <p class="list-end empty">{emptyText(searching)}</p>;
  return <p class="list-end">{searching ? `end of the search (${count(scanned.value)} bodies read)` : 'the first delivery'}</p>;
}

function emptyText(searching: boolean): string {
  const f = route.value.filters;
  const filtered = Object.values(f).some((v) => v.trim() !== '');
  if (searching) return 'No delivery holds that text.';
  if (filtered) return 'No delivery passes these filters.';
  return 'No deliveries yet. They appear here as soon as listen stores them.';
}
