import { promises as fs } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE, parseIndex, seqFromFileName, type IndexEntry } from '../../core/capture/captureFormat.js';
import { UsageError } from '../../core/errors.js';

export interface Input {
  /** What the user sees: the path as given or found under a given directory, or `-` for stdin. */
  name: string;
  /** Absent for stdin. */
  path?: string;
  /** Path relative to the directory argument it was found under (the file name for a file argument). */
  relative: string;
  /** For a payload in a capture directory: its index line (order, headers, trigger). */
  capture?: IndexEntry;
}

/**
 * How the stored bytes are encoded: a capture index says so for gzip deliveries; a file given on
 * its own (`00000007-….json.gz`, copied out of a capture) says so by its name.
 */
export function encodingOf(input: Input): string | undefined {
  return input.capture?.encoding ?? (input.path !== undefined && /\.gz$/i.test(input.path) ? 'gzip' : undefined);
}

export interface Collected {
  inputs: Input[];
  /** Directory arguments (or capture directories) in which no payload was found. */
  empty: string[];
  /** Capture directories whose index has lines that could not be read. */
  indexProblems: { dir: string; lines: number[] }[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function isCaptureDir(entries: string[]): boolean {
  return entries.includes(INDEX_FILE);
}

/**
 * Expands files, directories (recursively, `*.json`), capture directories (the index gives order
 * and headers; payload files the index does not list yet, as after a crash, come after) and `-`.
 */
export async function collectInputs(args: string[], opts: { cwd: string; stdin?: boolean }): Promise<Collected> {
  const out: Collected = { inputs: [], empty: [], indexProblems: [] };
  let sawStdin = false;
  for (const arg of args) {
    if (arg === '-') {
      if (opts.stdin === false) throw new UsageError('reading from stdin ("-") is not supported here');
      if (sawStdin) throw new UsageError('"-" (stdin) can be given only once');
      sawStdin = true;
      out.inputs.push({ name: '-', relative: '-' });
      continue;
    }
    const abs = path.resolve(opts.cwd, arg);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `no such file or directory: ${arg}` : `cannot read ${arg}: ${(err as Error).message}`);
    }
    if (stat.isDirectory()) {
      const before = out.inputs.length;
      const shown = path.normalize(arg);
      await walk({ shown, abs }, abs, shown, '', out);
      if (out.inputs.length === before) out.empty.push(arg);
    } else {
      out.inputs.push({ name: arg, path: abs, relative: path.basename(abs) });
    }
  }
  return out;
}

interface Root {
  shown: string;
  abs: string;
}

/**
 * A file found under a directory argument. Its name and path are derived from the argument and the
 * relative path on each read, so a run over 100,000 files keeps one short string per file.
 */
class FoundFile implements Input {
  constructor(
    private readonly root: Root,
    readonly relative: string,
    readonly capture?: IndexEntry,
  ) {}

  get name(): string {
    return under(this.root.shown, this.relative);
  }

  get path(): string {
    return under(this.root.abs, this.relative);
  }
}

async function walk(root: Root, abs: string, shown: string, rel: string, out: Collected): Promise<void> {
  let dirents;
  try {
    dirents = await fs.readdir(abs, { withFileTypes: true });
  } catch (err) {
    throw new UsageError(`cannot read directory ${shown}: ${(err as Error).message}`);
  }
  const names = dirents.map((d) => d.name);
  if (isCaptureDir(names)) {
    await readCapture(root, abs, shown, rel, names, out);
    return;
  }
  dirents.sort((a, b) => byName(a.name, b.name));
  for (const d of dirents) {
    if (d.name.startsWith('.') || d.name === 'node_modules') continue;
    const childAbs = under(abs, d.name);
    const childShown = under(shown, d.name);
    const childRel = rel ? `${rel}/${d.name}` : d.name;
    let isDir = d.isDirectory();
    let isFile = d.isFile();
    if (d.isSymbolicLink()) {
      const s = await fs.stat(childAbs).catch(() => null);
      isDir = Boolean(s?.isDirectory());
      isFile = Boolean(s?.isFile());
    }
    if (isDir) await walk(root, childAbs, childShown, childRel, out);
    else if (isFile && d.name.endsWith('.json')) out.inputs.push(new FoundFile(root, childRel));
  }
}

async function readCapture(root: Root, abs: string, shown: string, rel: string, names: string[], out: Collected): Promise<void> {
  const text = await fs.readFile(path.join(abs, INDEX_FILE), 'utf8');
  const { entries, badLines } = parseIndex(text);
  if (badLines.length) out.indexProblems.push({ dir: shown, lines: badLines });
  entries.sort((a, b) => a.seq - b.seq);
  const listed = new Set<string>();
  const add = (file: string, capture?: IndexEntry) => {
    listed.add(file);
    out.inputs.push(new FoundFile(root, rel ? `${rel}/${file}` : file, capture));
  };
  for (const e of entries) {
    // The index is ours, but a hand-edited one must not send a reader outside the directory.
    if (listed.has(e.file) || e.file.includes('/') || e.file.includes('\\') || e.file.startsWith('.')) continue;
    add(e.file, e);
  }
  for (const name of names.sort(byName)) {
    if (listed.has(name) || name.startsWith('.') || seqFromFileName(name) === null) continue;
    add(name);
  }
}

// Plain concatenation, not path.join: it shares the directory's string, where path.join's
// normalising builds each name char by char (about 0.7 KiB per input at 100,000 inputs).
function under(dir: string, name: string): string {
  return dir === '.' ? name : dir.endsWith(path.sep) ? dir + name : `${dir}${path.sep}${name}`;
}

export async function readStdin(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
