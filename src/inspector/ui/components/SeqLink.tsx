/** A link to a delivery: a real address (it opens in a new tab too), followed in the page on a plain click. */
import { routeSearch, type Tab } from '../state/route.js';
import { openDelivery, route } from '../state/store.js';

export function SeqLink({ seq, tab = 'body' }: { seq: number; tab?: Tab }) {
  const href = `${location.pathname}${routeSearch({ ...route.value, open: seq, tab, against: null })}`;
  return (
    <a
      href={href}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        openDelivery(seq, tab);
      }}
    >
      #{seq}
    </a>
  );
}
