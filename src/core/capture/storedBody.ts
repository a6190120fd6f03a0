import { createRequire } from 'node:module';

/**
 * Decoded bodies larger than this are refused, by every command alike (so `listen`'s verdict on a
 * gzip delivery is the one `validate` gives its stored file): a few KiB of gzip can inflate to
 * gigabytes.
 */
export const MAX_DECODED = 64 * 1024 * 1024;

/** `tooLarge`: the body inflates past the limit (a 413 for a server, not a malformed body). */
export type Decoded = { ok: true; bytes: Buffer } | { ok: false; message: string; tooLarge?: true };

// node:zlib loads with the first gzip body: most runs have none, and loading it cost every run
// about an eighth of Node's own start-up (issue 13).
let zlib: typeof import('node:zlib') | undefined;
const loadZlib = () => (zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib'));

function gunzipAsync(bytes: Buffer, maxOutputLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => loadZlib().gunzip(bytes, { maxOutputLength }, (err, out) => (err ? reject(err) : resolve(out))));
}

const isGzip = (encoding: string) => encoding === 'gzip' || encoding === 'x-gzip';
/** No Content-Encoding to undo. */
export const isPlainEncoding = (encoding: string | undefined): boolean => !encoding || encoding === 'identity';
const unknownEncoding = (encoding: string): Decoded => ({ ok: false, message: `content-encoding ${encoding} cannot be decoded (gzip and identity can)` });

function failure(err: unknown, limit: number): Decoded {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, message: `gzip body inflates past ${limit} bytes`, tooLarge: true };
  return { ok: false, message: `bad gzip body: ${e.message}` };
}

/**
 * `listen` stores a `Content-Encoding: gzip` body as received (`.json.gz`, `encoding: "gzip"` in
 * the index); every reader that needs the JSON decodes it here.
 */
export function decodeStored(bytes: Buffer, encoding: string | undefined): Decoded {
  if (isPlainEncoding(encoding)) return { ok: true, bytes };
  if (!isGzip(encoding as string)) return unknownEncoding(encoding as string);
  try {
    return { ok: true, bytes: loadZlib().gunzipSync(bytes, { maxOutputLength: MAX_DECODED }) };
  } catch (err) {
    return failure(err, MAX_DECODED);
  }
}

/**
 * The same, off the event loop (zlib's thread pool), for `listen` answering other deliveries
 * meanwhile. `limit` stops inflating early for a server with a smaller body limit (the kit's
 * maxBody), so a small bomb never costs more than that limit.
 */
export async function decodeStoredAsync(bytes: Buffer, encoding: string | undefined, limit = MAX_DECODED): Promise<Decoded> {
  if (isPlainEncoding(encoding)) return { ok: true, bytes };
  if (!isGzip(encoding as string)) return unknownEncoding(encoding as string);
  try {
    return { ok: true, bytes: await gunzipAsync(bytes, limit) };
  } catch (err) {
    return failure(err, limit);
  }
}
