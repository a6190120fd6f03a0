/**
 * The one way inputs are opened: without blocking (a FIFO planted under a payload's name would
 * otherwise hang the process, beyond the reach of Ctrl-C), checked on the opened descriptor (a
 * stat before the open could be raced by a swap), and capped in size (`/dev/zero` is endless).
 */
import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { formatByteSize } from '../../core/text/byteSize.js';

export const DEFAULT_MAX_INPUT = 256 * 1024 * 1024;
export const MAX_INPUT_FLAG = '--max-input';
export const MAX_INPUT_ENV = 'COPERNIQ_HOOKS_MAX_INPUT';

/**
 * A refused input: `not-regular` (device, FIFO, socket, directory) or `too-large` (over the limit).
 * The message starts with the input's name; `detail` is the rest, for a report that shows the name.
 */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly reason: 'not-regular' | 'too-large',
    name: string,
    readonly detail: string,
  ) {
    super(`${name} ${detail}`);
    this.name = 'InputError';
  }
}

export function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'not a regular file';
}

export function notRegular(name: string, kind: string): InputError {
  return new InputError('not-regular', name, `is ${kind}, not a regular file`);
}

/** For a path the user named: how to read a special file anyway. */
export function readItAnyway(name: string): string {
  return `to read it anyway, give "-" and redirect it: - < ${name}`;
}

export function tooLarge(name: string, limit: number): InputError {
  return new InputError(
    'too-large',
    name,
    `is larger than the input limit of ${formatByteSize(limit)}; raise it with ${MAX_INPUT_FLAG} (e.g. ${MAX_INPUT_FLAG} 1GiB) or ${MAX_INPUT_ENV}`,
  );
}

// Absent on Windows, which has no FIFOs in the file system to block on.
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * `path` opened for reading without blocking (see above); nothing is checked yet. `noFollow`: a
 * symlink is refused, not followed (a capture directory's files: `listen` writes no links, so one
 * is planted, and following it would read, or `replay` would post, a file from anywhere).
 */
export function openNonBlocking(path: string, name: string, noFollow = false): number {
  try {
    return openSync(path, constants.O_RDONLY | O_NONBLOCK | (noFollow ? O_NOFOLLOW : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // open(2) of a Unix socket fails with ENXIO.
    if (code === 'ENXIO') throw notRegular(name, 'a socket');
    if (code === 'ELOOP' && noFollow) throw new InputError('not-regular', name, 'is a symbolic link: a capture directory\'s files are never read through one (listen writes none)');
    throw err;
  }
}

/** The size of the open file `fd`, which must be a regular file no larger than `maxBytes`. */
export function regularSize(fd: number, name: string, maxBytes: number): number {
  const stat = fstatSync(fd);
  if (!stat.isFile()) throw notRegular(name, kindOf(stat));
  if (stat.size > maxBytes) throw tooLarge(name, maxBytes);
  return stat.size;
}
