import { readFile } from 'node:fs';
import type { Input } from './inputs.js';
import { readStdin } from './inputs.js';

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; message: string };

function describe(err: NodeJS.ErrnoException): string {
  const why = err.code === 'ENOENT' ? 'the file is gone' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message;
  return `cannot read: ${why}`;
}

/** The bytes of one input (a file, or stdin when it has no path). */
export async function readPayload(input: Input, stdin: NodeJS.ReadableStream): Promise<ReadResult> {
  if (!input.path) return { ok: true, bytes: await readStdin(stdin) };
  return new Promise((resolve) => readFile(input.path!, (err, bytes) => resolve(err ? { ok: false, message: describe(err) } : { ok: true, bytes })));
}

/**
 * Reads many inputs with a few reads in flight, handing each to `each` as it arrives (any order).
 * libuv's threads do the open/read/close while the main thread parses and validates the previous
 * files, so the disk work overlaps the CPU work instead of adding to it.
 */
export function readMany(
  inputs: readonly Input[],
  stdin: NodeJS.ReadableStream,
  each: (index: number, result: ReadResult) => void,
  inFlight = 16,
): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    if (inputs.length === 0) return resolve();
    const start = (): void => {
      if (next >= inputs.length) return;
      const i = next++;
      void readPayload(inputs[i], stdin).then((r) => {
        each(i, r);
        if (++done === inputs.length) resolve();
        else start();
      });
    };
    for (let k = 0; k < inFlight; k++) start();
  });
}
