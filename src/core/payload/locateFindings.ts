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
  return new PathScanner(text, wanted).scan();
}

/** Walks the JSON text once, descending only along the wanted paths and skipping everything else. */
class PathScanner {
  private i = 0;
  private readonly found = new Map<string, number>();

  constructor(
    private readonly text: string,
    private readonly wanted: readonly string[],
  ) {}

  scan(): Map<string, number> {
    this.ws();
    this.visit([], '');
    return this.found;
  }

  private visit(segments: Segment[], path: string): void {
    const { text } = this;
    this.found.set(path, this.i);
    const open = text[this.i];
    if (open !== '{' && open !== '[') return this.skipValue();
    this.i++;
    this.ws();
    for (let index = 0; this.i < text.length && text[this.i] !== '}' && text[this.i] !== ']'; index++) {
      if (open === '{') {
        const start = this.i;
        this.skipString();
        const key = JSON.parse(text.slice(start, this.i)) as string;
        this.ws();
        this.i++; // the colon
        this.child(segments, key);
      } else this.child(segments, index);
      if (text[this.i] === ',') this.i++;
      this.ws();
    }
    this.i++;
  }

  private child(segments: Segment[], seg: Segment): void {
    const next = [...segments, seg];
    const path = formatPath(next);
    this.ws();
    if (this.wanted.some((w) => leadsTo(path, w))) this.visit(next, path);
    else this.skipValue();
    this.ws();
  }

  private ws(): void {
    const { text } = this;
    while (this.i < text.length && (text[this.i] === ' ' || text[this.i] === '\n' || text[this.i] === '\r' || text[this.i] === '\t')) this.i++;
  }

  private skipString(): void {
    const { text } = this;
    for (this.i++; this.i < text.length; this.i++) {
      const c = text.charCodeAt(this.i);
      if (c === 92) this.i++;
      else if (c === 34) return void this.i++;
    }
  }

  private skipValue(): void {
    const { text } = this;
    const c = text[this.i];
    if (c === '"') return this.skipString();
    if (c !== '{' && c !== '[') {
      while (this.i < text.length && !',}] \n\r\t'.includes(text[this.i])) this.i++;
      return;
    }
    for (let depth = 0; this.i < text.length; ) {
      const d = text[this.i];
      if (d === '"') {
        this.skipString();
        continue;
      }
      this.i++;
      if (d === '{' || d === '[') depth++;
      else if ((d === '}' || d === ']') && --depth === 0) return;
    }
  }
}
