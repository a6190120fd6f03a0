/**
 * Serves the page bundle (`dist/inspector/`, built by `npm run build`) and nothing else: no
 * directory listings, no dot-files, no path out of the folder, no symlinks. Page routes without a
 * file extension get index.html, so a pasted link to a filtered view loads the page.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const NOT_BUILT = 'the inspector page was not built: run npm run build\n';

export type StaticResult =
  | { status: 200; type: string; bytes: Buffer }
  | { status: 404 | 503; text: string };

/** `urlPath` is the decoded path of the request, starting with "/". */
export async function loadStatic(root: string, urlPath: string): Promise<StaticResult> {
  const segments = urlPath.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0'))) return { status: 404, text: 'not found\n' };
  const page = segments.length === 0 || path.extname(segments[segments.length - 1]) === '';
  const file = page ? path.join(root, 'index.html') : path.join(root, ...segments);
  if (!file.startsWith(root + path.sep)) return { status: 404, text: 'not found\n' };
  const bytes = await readRegular(file);
  if (bytes === null) return page ? { status: 503, text: NOT_BUILT } : { status: 404, text: 'not found\n' };
  return { status: 200, type: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', bytes };
}

async function readRegular(file: string): Promise<Buffer | null> {
  let handle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    if (!(await handle.stat()).isFile()) return null;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
