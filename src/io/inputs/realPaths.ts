import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { Input } from './inputs.js';

/** A directory's identity, whatever path (or symlink loop: `self -> .`) led to it. */
export const dirKey = (s: Stats): string => `${s.dev}:${s.ino}`;

/**
 * Drops inputs that are the same file as an earlier one: reached through a symlink, or named on the
 * command line and found under a directory argument too. `linked` lists the inputs whose path may
 * not be their real one; the others sit in directories already told apart by identity, so their
 * real path is their directory's plus their name. Costs nothing when nothing was linked.
 */
export async function dropRepeatedFiles(inputs: Input[], linked: Input[]): Promise<void> {
  if (linked.length === 0 || (linked.length === 1 && inputs.length === 1)) return;
  const isLinked = new Set(linked);
  const realDirs = new Map<string, Promise<string>>();
  const realPath = async (file: string, input: Input): Promise<string> => {
    if (isLinked.has(input)) return fs.realpath(file).catch(() => file);
    const dir = path.dirname(file);
    let real = realDirs.get(dir);
    if (!real) realDirs.set(dir, (real = fs.realpath(dir).catch(() => dir)));
    return path.join(await real, path.basename(file));
  };
  const seen = new Set<string>();
  let kept = 0;
  for (const input of inputs) {
    const file = input.path;
    if (file !== undefined) {
      const real = await realPath(file, input);
      if (seen.has(real)) continue;
      seen.add(real);
    }
    inputs[kept++] = input;
  }
  inputs.length = kept;
}
