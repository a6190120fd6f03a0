/** Size and sha256 of the stored bytes, whether they still match the index, and the gzip note. */
import type { Detail } from '../api/types.js';
import { bytes } from '../format.js';

export function BodyFacts({ d }: { d: Detail }) {
  const b = d.body;
  if (!b) return null;
  return (
    <p class="body-facts">
      <span>{bytes(b.bytes)} stored</span>
      <span title="sha256 of the stored bytes">
        sha256 <code>{b.sha256}</code>
      </span>
      {!b.intact && <span class="bad">the file no longer matches the sha256 in the index</span>}
      {b.note && <span class="note">{b.note}</span>}
    </p>
  );
}
