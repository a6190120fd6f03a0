/** The body as a tree with every finding listed above it and marked in it. */
import { useMemo, useState } from 'preact/hooks';
import type { Detail } from '../api/types.js';
import { parseJsonNodes } from '../json/jsonNodes.js';
import { nearestExisting, placeMarks, treePaths } from '../json/treePaths.js';
import { BodyFacts } from './BodyFacts.js';
import { FindingsList, findingMarks } from './Findings.js';
import { JsonTree } from './JsonTree.js';

export function BodyTab({ detail }: { detail: Detail }) {
  const [focus, setFocus] = useState<string | null>(null);
  const body = detail.body;
  const findings = detail.findings;
  const tree = useMemo(() => (body?.json && body.text !== null ? parseJsonNodes(body.text) : null), [body]);
  const paths = useMemo(() => (tree ? treePaths(tree) : new Set<string>()), [tree]);
  const marks = useMemo(() => (findings ? placeMarks(paths, findingMarks(findings.errors, findings.warnings)) : new Map<string, string>()), [paths, findings]);
  if (!body) return <p class="error">{detail.bodyError ?? 'the stored file cannot be read'}</p>;
  return (
    <div class="body-tab">
      <BodyFacts d={detail} />
      {findings && <FindingsList errors={findings.errors} warnings={findings.warnings} focus={focus} onFocus={setFocus} />}
      {findings?.valid && findings.errors.length === 0 && findings.warnings.length === 0 && (
        <p class="all-good">Valid {findings.trigger ?? ''} payload: no findings.</p>
      )}
      <div class="body-scroll">
        {tree ? <JsonTree root={tree} marks={marks} focus={focus === null ? null : nearestExisting(paths, focus)} /> : <NotJson detail={detail} />}
      </div>
    </div>
  );
}

function NotJson({ detail }: { detail: Detail }) {
  const body = detail.body;
  if (!body) return null;
  if (body.bytes === 0) return <p class="muted">The body is empty.</p>;
  return (
    <div>
      {body.parseError && (
        <p class="error">
          {body.parseError.message}
        </p>
      )}
      {body.text === null ? <p class="muted">Not UTF-8 text: download the stored bytes to see them.</p> : <pre class="raw">{body.text}</pre>}
    </div>
  );
}
