/** Every finding with its path; clicking one shows its node in the tree. */
import type { Finding } from '../api/types.js';

interface Props {
  errors: Finding[];
  warnings: Finding[];
  focus: string | null;
  onFocus: (path: string) => void;
}

export function FindingsList({ errors, warnings, focus, onFocus }: Props) {
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <ul class="findings" aria-label="Findings">
      {[...errors, ...warnings].map((f, i) => (
        <li key={i} class={`finding lvl-${f.level}${focus === f.path ? ' focus' : ''}`}>
          <button type="button" onClick={() => onFocus(f.path)} disabled={f.path === ''} title={f.path ? 'show in the tree' : 'the whole payload'}>
            <span class="f-level">{f.level}</span>
            <code class="f-path">{f.path || '(payload)'}</code>
            <span class="f-msg">{f.message}</span>
            <span class="f-code">{f.code}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Tree marks for the findings: an error wins over a warning on the same path. */
export function findingMarks(errors: Finding[], warnings: Finding[]): Map<string, string> {
  const marks = new Map<string, string>();
  for (const f of warnings) marks.set(f.path, 'warning');
  for (const f of errors) marks.set(f.path, 'error');
  marks.delete('');
  return marks;
}
