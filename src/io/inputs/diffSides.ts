import { promises as fs } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE } from '../../core/capture/captureFormat.js';
import { Interrupted, UsageError } from '../../core/errors.js';
import { parseJsonBytes } from '../../core/payload/json.js';
import { decodeStored } from '../../core/capture/storedBody.js';
import type { InputReader } from './inputReader.js';
import { collectInputs, encodingOf, type Input } from './inputs.js';
import { InputError } from './regularFile.js';

/**
 * One side of `diff`: a file, stdin, or a folder (a capture directory is a folder with an index).
 * `reader` reads its payloads: bounded by --max-input, stopped by Ctrl-C.
 */
export type Side =
  | { kind: 'file'; arg: string; input: Input; reader: InputReader }
  | { kind: 'dir'; arg: string; capture: boolean; inputs: Input[]; notes: string[]; reader: InputReader };

export async function readSide(arg: string, cwd: string, reader: InputReader): Promise<Side> {
  if (arg === '-') return { kind: 'file', arg, input: { name: '-', relative: '-' }, reader };
  const abs = path.resolve(cwd, arg);
  let stat;
  try {
    stat = await fs.stat(abs);
  } catch (err) {
    throw unreadable(arg, err);
  }
  if (!stat.isDirectory()) {
    const { inputs } = await collectInputs([arg], { cwd, stdin: false, maxBytes: reader.maxBytes, signal: reader.signal });
    return { kind: 'file', arg, input: inputs[0], reader };
  }
  const capture = (await fs.readdir(abs).catch((err: unknown) => Promise.reject(unreadable(arg, err)))).includes(INDEX_FILE);
  const { inputs, indexProblems } = await collectInputs([arg], { cwd, stdin: false, maxBytes: reader.maxBytes, signal: reader.signal });
  const notes = indexProblems.map((p) => `${p.dir}/${INDEX_FILE}: unreadable line(s) ${p.lines.join(', ')} skipped`);
  // A capture keeps bodies that were not JSON under another extension: nothing to compare there.
  const json = inputs.filter((i) => i.relative.endsWith('.json') || (i.capture?.encoding && i.relative.endsWith('.json.gz')));
  const skipped = inputs.length - json.length;
  if (skipped) notes.push(`${arg}: ${skipped} captured non-JSON ${skipped === 1 ? 'body' : 'bodies'} skipped`);
  if (json.length === 0) throw new UsageError(`no JSON payloads found in ${arg}`);
  return { kind: 'dir', arg, capture, inputs: json, notes, reader };
}

/** Reads and parses one payload; any problem is an input error naming the file (and the position). */
export async function loadJson(input: Input, reader: InputReader): Promise<unknown> {
  const name = input.name === '-' ? 'stdin' : input.name;
  let bytes: Buffer;
  try {
    bytes = await reader.read(input);
  } catch (err) {
    if (err instanceof Interrupted || err instanceof InputError) throw err;
    throw unreadable(name, err);
  }
  const decoded = decodeStored(bytes, encodingOf(input));
  if (!decoded.ok) throw new UsageError(`${input.name}: ${decoded.message}`);
  const parsed = parseJsonBytes(decoded.bytes, { exactNumbers: true });
  if (!parsed.ok) throw new UsageError(`${name}: ${parsed.message}`);
  return parsed.value;
}

function unreadable(name: string, err: unknown): UsageError {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return new UsageError(`no such file or directory: ${name}`);
  if (e.code === 'EACCES' || e.code === 'EPERM') return new UsageError(`cannot read ${name}: permission denied`);
  return new UsageError(`cannot read ${name}: ${e.message}`);
}
