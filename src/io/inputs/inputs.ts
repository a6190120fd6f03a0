import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE, isPayloadName, parseIndex, seqFromFileName, type IndexEntry } from '../../core/capture/captureFormat.js';
import { Interrupted, UsageError } from '../../core/errors.js';
import { InputError, DEFAULT_MAX_INPUT, kindOf, notRegular, readItAnyway, tooLarge } from './regularFile.js';
import { readRegularFile } from './scratchReader.js';
import { dropRepeatedFiles, dirKey } from './realPaths.js';
import { listDirectory } from './earlyListings.js';

export interface Input {
  /** What the user sees: the path as given or found under a given directory, or `-` for stdin. */
  name: string;
  /** Absent for stdin. */
  path?: string;
  /** Path relative to the directory argument it was found under (the file name for a file argument). */
  relative: string;
  /** For a payload in a capture directory: its index line (order, headers, trigger). */
  capture?: IndexEntry;
  /** Sequence number of a capture directory's payload that its index does not list (yet). */
  unindexedSeq?: number;
  /** A payload made in memory (`replay --sample`): read from here, not from a file. */
  bytes?: Buffer;
  /** The directory walk saw a regular file here, not a link or a special file (see ScratchReader.read). */
  seenRegular?: boolean;
  /** A capture directory's file: read only if it is not a symlink (see openNonBlocking). */
  noFollow?: boolean;
}

/**
 * How the stored bytes are encoded: a capture index says so for gzip deliveries; a file given on
 * its own (`00000007-….json.gz`, copied out of a capture) says so by its name.
 */
export function encodingOf(input: Input): string | undefined {
  // `relative` ends as the path does (stdin's is "-"), and is a stored string where `path` is built on each read.
  return input.capture?.encoding ?? (/\.gz$/i.test(input.relative) ? 'gzip' : undefined);
}

export interface Collected {
  inputs: Input[];
  /** Directory arguments (or capture directories) in which no payload was found. */
  empty: string[];
  /** Capture directories whose index has lines that could not be read. */
  indexProblems: { dir: string; lines: number[] }[];
}

export interface CollectOptions {
  cwd: string;
  stdin?: boolean;
  /** Files over this size are refused (`--max-input`). */
  maxBytes?: number;
  /** Aborted on SIGINT/SIGTERM: the walk stops with Interrupted. */
  signal?: AbortSignal;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function isCaptureDir(entries: string[]): boolean {
  return entries.includes(INDEX_FILE);
}

/** What one walk remembers so that each real directory and file is visited once (symlink loops). */
interface Walk {
  opts: CollectOptions;
  out: Collected;
  dirs: Set<string>;
  /** Inputs reached through a symlink or named on the command line: compared by real path at the end. */
  linked: Input[];
}

/**
 * Expands files, directories (recursively, `*.json`), capture directories (the index gives order
 * and headers; payload files the index does not list yet, as after a crash, come after) and `-`.
 * Files named on the command line must be regular files; each real directory and file is visited
 * once, however many symlinks lead to it.
 */
export async function collectInputs(args: string[], opts: CollectOptions): Promise<Collected> {
  const w: Walk = { opts, out: { inputs: [], empty: [], indexProblems: [] }, dirs: new Set(), linked: [] };
  let sawStdin = false;
  for (const arg of args) {
    if (arg === '-') {
      if (opts.stdin === false) throw new UsageError('reading from stdin ("-") is not supported here');
      if (sawStdin) throw new UsageError('"-" (stdin) can be given only once');
      sawStdin = true;
      w.out.inputs.push({ name: '-', relative: '-' });
      continue;
    }
    const abs = path.resolve(opts.cwd, arg);
    const stat = await statArg(arg, abs);
    if (stat.isDirectory()) {
      if (w.dirs.has(dirKey(stat))) continue;
      const before = w.out.inputs.length;
      const shown = path.normalize(arg);
      await walk(w, { shown, abs }, abs, stat, shown, '');
      if (w.out.inputs.length === before) w.out.empty.push(arg);
    } else {
      checkFileArg(arg, stat, opts.maxBytes ?? DEFAULT_MAX_INPUT);
      const input = { name: arg, path: abs, relative: path.basename(abs) };
      w.out.inputs.push(input);
      w.linked.push(input);
    }
  }
  await dropRepeatedFiles(w.out.inputs, w.linked);
  return w.out;
}

async function statArg(arg: string, abs: string): Promise<Stats> {
  try {
    return await fs.stat(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file or directory: ${arg}` : `cannot read ${arg}: ${(err as Error).message}`);
  }
}

/** Refused before anything is read: what would hang or never end, and what is over the limit. */
function checkFileArg(arg: string, stat: Stats, maxBytes: number): void {
  if (!stat.isFile()) throw new UsageError(`${notRegular(arg, kindOf(stat)).message}; ${readItAnyway(arg)}`);
  if (stat.size > maxBytes) throw new UsageError(tooLarge(arg, maxBytes).message);
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
    readonly seenRegular = false,
    readonly noFollow = false,
  ) {}

  get name(): string {
    return under(this.root.shown, this.relative);
  }

  get path(): string {
    return under(this.root.abs, this.relative);
  }
}

/** A payload file of a capture directory that the index does not list, as after a crash. */
class UnindexedFile extends FoundFile {
  get unindexedSeq(): number | undefined {
    return seqFromFileName(path.basename(this.relative)) ?? undefined;
  }
}

async function walk(w: Walk, root: Root, abs: string, stat: Stats, shown: string, rel: string): Promise<void> {
  if (w.opts.signal?.aborted) throw new Interrupted('interrupted while looking for inputs');
  w.dirs.add(dirKey(stat));
  let dirents;
  try {
    dirents = await listDirectory(abs);
  } catch (err) {
    throw new UsageError(`cannot read directory ${shown}: ${(err as Error).message}`);
  }
  const names = dirents.map((d) => d.name);
  if (isCaptureDir(names)) {
    await readCapture(w, root, abs, shown, rel, names, new Set(dirents.filter((d) => d.isFile()).map((d) => d.name)));
    return;
  }
  dirents.sort((a, b) => byName(a.name, b.name));
  for (const d of dirents) {
    if (d.name.startsWith('.') || d.name === 'node_modules') continue;
    const childAbs = under(abs, d.name);
    const childRel = rel ? `${rel}/${d.name}` : d.name;
    const link = d.isSymbolicLink();
    // A symlink is followed (a broken one is left out); a directory needs its identity either way.
    const s = link || d.isDirectory() ? await fs.stat(childAbs).catch(() => null) : null;
    if (s?.isDirectory()) {
      if (!w.dirs.has(dirKey(s))) await walk(w, root, childAbs, s, under(shown, d.name), childRel);
    } else if (d.name.endsWith('.json') && (link ? s !== null : !d.isDirectory())) {
      // Special files (FIFOs, devices) are listed too: reading refuses them with a message, not silence.
      const input = new FoundFile(root, childRel, undefined, d.isFile());
      w.out.inputs.push(input);
      if (link) w.linked.push(input);
    }
  }
}

async function readCapture(w: Walk, root: Root, abs: string, shown: string, rel: string, names: string[], regular: Set<string>): Promise<void> {
  const { entries, badLines } = parseIndex(readIndex(abs, shown, w.opts.maxBytes ?? DEFAULT_MAX_INPUT));
  if (badLines.length) w.out.indexProblems.push({ dir: shown, lines: badLines });
  entries.sort((a, b) => a.seq - b.seq);
  const listed = new Set<string>();
  const at = (file: string) => (rel ? `${rel}/${file}` : file);
  for (const e of entries) {
    if (listed.has(e.file) || !isPayloadName(e.file)) continue;
    listed.add(e.file);
    w.out.inputs.push(new FoundFile(root, at(e.file), e, regular.has(e.file), true));
  }
  for (const name of names.sort(byName)) {
    if (listed.has(name) || name.startsWith('.') || seqFromFileName(name) === null) continue;
    w.out.inputs.push(new UnindexedFile(root, at(name), undefined, regular.has(name), true));
  }
}

function readIndex(dir: string, shown: string, maxBytes: number): string {
  const file = path.join(dir, INDEX_FILE);
  const name = under(shown, INDEX_FILE);
  try {
    return readRegularFile(file, name, maxBytes, { noFollow: true }).toString('utf8');
  } catch (err) {
    throw new UsageError(err instanceof InputError ? err.message : `cannot read ${name}: ${(err as Error).message}`);
  }
}

// Plain concatenation, not path.join: it shares the directory's string, where path.join's
// normalising builds each name char by char (about 0.7 KiB per input at 100,000 inputs).
function under(dir: string, name: string): string {
  return dir === '.' ? name : dir.endsWith(path.sep) ? dir + name : `${dir}${path.sep}${name}`;
}
