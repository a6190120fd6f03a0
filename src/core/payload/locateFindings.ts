import { formatPath } from '../path/formatPath.js';
import type { Finding } from './findings.js';
import { linesAndColumns } from './json.js';

type Segment = string | number;

/**
 * Each finding with the line and column of its value in the JSON text it came from, so a GitHub
 * annotation lands on that line of the pull request (issue 9). A missing field points at the object
 * that should hold it; a finding about the whole payload, at its start. Run only for texts with
 * findings, on text that JSON.parse accepted: the scan descends only into values on a finding's
 * path and skips the rest without building anything. A repeated key counts where it is last, as in
 * JSON.parse.
 */
export function locateFindings(text: string, findings: readonly Finding[]): Finding[] {
  if (findings.length === 0) return [];
  const found = scanPaths(text, findings.map((f) => f.path));
  const offsets = findings.map((f) => found.get(nearestFound(f.path, found)) ?? 0);
  const at = linesAndColumns(text, offsets);
  return findings.map((f, i) => ({ ...f, line: at[i].line, column: at[i].column }));
}

/** `path` itself, `prefix.child`, `prefix[0]` or `prefix["odd key"]`: is `prefix` on the way to `path`? */
const leadsTo = (prefix: string, path: string) =>
  path === prefix || prefix === '' || (path.startsWith(prefix) && (path[prefix.length] === '.' || path[prefix.length] === '['));

function nearestFound(path: string, found: Map<string, number>): string {
  let best = '';
  for (const candidate of found.keys()) if (leadsTo(candidate, path) && candidate.length > best.length) best = candidate;
  return best;
}

/** Offsets of the values at the wanted paths and at every value on the way to them. */
function scanPaths(text: string, wanted: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const skipString = () => {
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) return void i++;
    }
  };
  const skipValue = () => {
    const c = text[i];
    if (c === '"') return skipString();
    if (c !== '{' && c !== '[') {
      while (i < n && !',}] \n\r\t'.includes(text[i])) i++;
      return;
    }
    for (let depth = 0; i < n; ) {
      const d = text[i];
      if (d === '"') {
        skipString();
        continue;
      }
      i++;
      if (d === '{' || d === '[') depth++;
      else if ((d === '}' || d === ']') && --depth === 0) return;
    }
  };
  const child = (segments: Segment[], seg: Segment) => {
    const next = [...segments, seg];
    const path = formatPath(next);
    ws();
    if (wanted.some((w) => leadsTo(path, w))) visit(next, path);
    else skipValue();
    ws();
  };
  const visit = (segments: Segment[], path: string): void => {
    found.set(path, i);
    const open = text[i];
    if (open !== '{' && open !== '[') return skipValue();
    i++;
    ws();
    for (let index = 0; i < n && text[i] !== '}' && text[i] !== ']'; index++) {
      if (open === '{') {
        const start = i;
        skipString();
        const key = JSON.parse(text.slice(start, i)) as string;
        ws();
        i++; // the colon
        child(segments, key);
      } else child(segments, index);
      if (text[i] === ',') i++;
      ws();
    }
    i++;
  };
  ws();
  visit([], '');
  return found;
}
