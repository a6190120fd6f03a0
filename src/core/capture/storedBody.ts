import { gunzipSync } from 'node:zlib';

/** Decoded bodies larger than this are refused: a few KiB of gzip can inflate to gigabytes. */
export const MAX_DECODED = 64 * 1024 * 1024;

/**
 * `listen` stores a `Content-Encoding: gzip` body as received (`.json.gz`, `encoding: "gzip"` in
 * the index); every reader that needs the JSON decodes it here.
 */
export function decodeStored(bytes: Buffer, encoding: string | undefined): { ok: true; bytes: Buffer } | { ok: false; message: string } {
  if (!encoding || encoding === 'identity') return { ok: true, bytes };
  if (encoding !== 'gzip' && encoding !== 'x-gzip') return { ok: false, message: `stored with content-encoding ${encoding}, which cannot be decoded` };
  try {
    return { ok: true, bytes: gunzipSync(bytes, { maxOutputLength: MAX_DECODED }) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, message: e.code === 'ERR_BUFFER_TOO_LARGE' ? `gzip body inflates past ${MAX_DECODED} bytes` : `bad gzip body: ${e.message}` };
  }
}
