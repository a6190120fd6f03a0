import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE } from '../../core/capture/captureFormat.js';
import { UsageError } from '../../core/errors.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { decodeStored } from '../../core/capture/storedBody.js';
import { collectInputs, encodingOf, readStdin, type Input } from './inputs.js';

/** One side of `diff`: a file, stdin, or a folder (a capture directory is a folder with an index). */
export type Side =
  | { kind: 'file'; arg: string; input: Input }
  | { kind: 'dir'; arg: string; capture: boolean; inputs: Input[]; notes: string[] };

export async function readSide(arg: string, cwd: string): Promise<Side> {
  if (arg === '-') return { kind: 'file', arg, input: { name: '-', relative: '-' } };
  const abs = path.resolve(cwd, arg);
  let stat;
  try {
    stat = await fs.stat(abs);
  } catch (err) {
    throw unreadable(arg, err);
  }
  if (!stat.isDirectory()) return { kind: 'file', arg, input: { name: arg, path: abs, relative: path.basename(abs) } };
  const capture = (await fs.readdir(abs).catch((err: unknown) => Promise.reject(unreadable(arg, err)))).includes(INDEX_FILE);
  const { inputs, indexProblems } = await collectInputs([arg], { cwd, stdin: false });
  const notes = indexProblems.map((p) => `${p.dir}/${INDEX_FILE}: unreadable line(s) ${p.lines.join(', ')} skipped`);
  // A capture keeps bodies that were not JSON under another extension: nothing to compare there.
  const json = inputs.filter((i) => i.relative.endsWith('.json') || (i.capture?.encoding && i.relative.endsWith('.json.gz')));
  const skipped = inputs.length - json.length;
  if (skipped) notes.push(`${arg}: ${skipped} captured non-JSON ${skipped === 1 ? 'body' : 'bodies'} skipped`);
  if (json.length === 0) throw new UsageError(`no JSON payloads found in ${arg}`);
  return { kind: 'dir', arg, capture, inputs: json, notes };
}

/** Reads and parses one payload; any problem is an input error naming the file (and the position). */
export async function loadJson(input: Input, stdin: NodeJS.ReadableStream): Promise<unknown> {
  let bytes: Buffer;
  try {
    // Sync: one file at a time either way, and a 5 MB payload reads in one call instead of many chunks.
    bytes = input.path === undefined ? await readStdin(stdin) : readFileSync(input.path);
  } catch (err) {
    throw unreadable(input.name === '-' ? 'stdin' : input.name, err);
  }
  const decoded = decodeStored(bytes, encodingOf(input));
  if (!decoded.ok) throw new UsageError(`${input.name}: ${decoded.message}`);
  const parsed = parseJsonBytes(decoded.bytes, { exactNumbers: true });
  if (!parsed.ok) throw new UsageError(`${input.name === '-' ? 'stdin' : input.name}: ${parsed.message}`);
  return parsed.value;
}

function unreadable(name: string, err: unknown): UsageError {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return new UsageError(`no such file or directory: ${name}`);
  if (e.code === 'EACCES' || e.code === 'EPERM') return new UsageError(`cannot read ${name}: permission denied`);
  return new UsageError(`cannot read ${name}: ${e.message}`);
}
