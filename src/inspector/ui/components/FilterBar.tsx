/** Filters and search; each change goes into the URL, which the list follows. */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { VERDICT_CLASSES } from '../../../core/inspect/deliveryQuery.js';
import { count } from '../format.js';
import { matched, rows } from '../state/deliveryList.js';
import { FILTER_KEYS, type FilterKey } from '../state/route.js';
import { meta, route, setFilters } from '../state/store.js';
import { selectionOpen } from './SelectionReplay.js';
import { VERDICT_LABELS } from './verdict.js';

const TYPING_DELAY_MS = 350;

export function FilterBar() {
  const f = route.value.filters;
  const m = meta.value;
  const seen = m ? m.triggers.filter((t) => t.count > 0) : [];
  const unseen = m ? m.triggers.filter((t) => t.count === 0) : [];
  const any = FILTER_KEYS.some((k) => f[k].trim() !== '');
  return (
    <div class="filters" role="search">
      <TextFilter name="q" id="search" placeholder="Search bodies  ( / )" label="Search the bodies" />
      <select aria-label="Trigger" value={f.trigger} onChange={(e) => setFilters({ trigger: e.currentTarget.value })}>
        <option value="">All triggers</option>
        {seen.map((t) => (
          <option key={t.key} value={t.key}>
            {t.key} ({count(t.count)})
          </option>
        ))}
        {m && (m.counts.triggers.none ?? 0) > 0 && <option value="none">no trigger key ({count(m.counts.triggers.none)})</option>}
        {unseen.length > 0 && (
          <optgroup label="Not seen yet">
            {unseen.map((t) => (
              <option key={t.key} value={t.key}>
                {t.key}
              </option>
            ))}
          </optgroup>
        )}
        {f.trigger && !m?.triggers.some((t) => t.key === f.trigger) && f.trigger !== 'none' && <option value={f.trigger}>{f.trigger}</option>}
      </select>
      <select aria-label="Verdict" value={f.verdict} onChange={(e) => setFilters({ verdict: e.currentTarget.value })}>
        <option value="">Any verdict</option>
        {VERDICT_CLASSES.map((v) => (
          <option key={v} value={v}>
            {VERDICT_LABELS[v]}
            {m ? ` (${count(m.counts.verdicts[v] ?? 0)})` : ''}
          </option>
        ))}
      </select>
      <select aria-label="Duplicates" value={f.duplicates} onChange={(e) => setFilters({ duplicates: e.currentTarget.value })}>
        <option value="">With duplicates</option>
        <option value="1">Duplicates only{m ? ` (${count(m.counts.duplicates)})` : ''}</option>
        <option value="0">No duplicates</option>
      </select>
      <TextFilter name="record" id="record" placeholder="Record id" label="Record id" narrow />
      {any && (
        <button onClick={() => setFilters(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])))} title="clear the filters">
          Clear
        </button>
      )}
      <span class="spacer" />
      <span class="shown" aria-live="polite">
        {count(rows.value.length)}
        {matched.value > rows.value.length ? ` of ${count(matched.value)}` : ''}
        {any && m ? ` · ${count(m.total)} in all` : ''}
      </span>
      <button onClick={() => (selectionOpen.value = true)} disabled={matched.value === 0} title="replay every delivery that passes the filters">
        Replay these…
      </button>
    </div>
  );
}

/** A text filter applied after a pause in typing, or on Enter, as one history entry. */
function TextFilter({ name, id, placeholder, label, narrow }: { name: FilterKey; id: string; placeholder: string; label: string; narrow?: boolean }) {
  const applied = route.value.filters[name];
  const value = useSignal(applied);
  const timer = useRef<number | undefined>(undefined);
  const pushed = useRef(false);
  // The back button, a cleared filter: the field shows what the URL says.
  useEffect(() => {
    if (value.peek().trim() !== applied.trim()) value.value = applied;
  }, [applied]);
  const apply = (final: boolean) => {
    clearTimeout(timer.current);
    // The first change of a burst of typing is a new history entry; the rest replace it.
    setFilters({ [name]: value.value }, { replace: pushed.current });
    pushed.current = !final;
  };
  return (
    <input
      id={id}
      class={narrow ? 'narrow' : ''}
      type="search"
      spellcheck={false}
      value={value.value}
      placeholder={placeholder}
      aria-label={label}
      onInput={(e) => {
        value.value = e.currentTarget.value;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => apply(false), TYPING_DELAY_MS) as unknown as number;
      }}
      onKeyDown={(e) => e.key === 'Enter' && apply(true)}
      onBlur={() => (pushed.current = false)}
    />
  );
}
