import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';

/**
 * Directory listings started early: a command's front (in cli.cjs) starts listing the paths it
 * was given while the command's own modules load, and the walk takes the listing when it gets
 * there. Listing 10,000 entries takes ~10 ms on the thread pool, which `validate` spent idle after
 * loading (issue 13). Each listing is used once; one that failed (a file argument, a missing
 * path) fails only if the walk asks for it, with the error its own readdir would have had.
 */
const early = new Map<string, Promise<Dirent[]>>();

/** Starts listing each path; the promise (which callers need not wait for) settles once all have. */
export function listEarly(args: readonly string[], cwd: string): Promise<void> {
  const started: Promise<unknown>[] = [];
  for (const arg of args) {
    if (arg === '-') continue;
    const abs = path.resolve(cwd, arg);
    if (early.has(abs)) continue;
    const listing = fs.readdir(abs, { withFileTypes: true });
    started.push(listing.catch(() => undefined));
    early.set(abs, listing);
  }
  return Promise.all(started).then(() => undefined);
}

/** The entries of directory `abs`: its early listing when there is one, else a new one. */
export function listDirectory(abs: string): Promise<Dirent[]> {
  const listing = early.get(abs);
  if (listing === undefined) return fs.readdir(abs, { withFileTypes: true });
  early.delete(abs);
  return listing;
}
