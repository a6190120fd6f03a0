import { readFileSync } from 'node:fs';
import type { Input } from './inputs.js';
import { readStdin } from './inputs.js';

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; message: string };

/**
 * The bytes of one input. Synchronous on purpose: validating ten thousand small files one after
 * another is faster this way than through the promise API, and nothing else runs meanwhile.
 */
export async function readPayload(input: Input, stdin: NodeJS.ReadableStream): Promise<ReadResult> {
  if (!input.path) return { ok: true, bytes: await readStdin(stdin) };
  try {
    return { ok: true, bytes: readFileSync(input.path) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'the file is gone' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    return { ok: false, message: `cannot read: ${why}` };
  }
}
