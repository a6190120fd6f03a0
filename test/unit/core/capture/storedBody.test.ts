import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeStored, decodeStoredAsync, MAX_DECODED } from '../../../../src/core/capture/storedBody.js';

describe('decodeStored and decodeStoredAsync: one decoder, one cap', () => {
  const cases: [string, Buffer, string | undefined][] = [
    ['plain', Buffer.from('{"a":1}'), undefined],
    ['identity', Buffer.from('{"a":1}'), 'identity'],
    ['gzip', gzipSync('{"a":1}'), 'gzip'],
    ['x-gzip', gzipSync('{"a":1}'), 'x-gzip'],
    ['bad gzip', Buffer.from('not gzip'), 'gzip'],
    ['unknown encoding', Buffer.from('x'), 'br'],
    ['a bomb one byte past the cap', gzipSync(Buffer.alloc(MAX_DECODED + 1)), 'gzip'],
  ];

  it.each(cases)('%s: both give the same answer', async (_name, bytes, encoding) => {
    const sync = decodeStored(bytes, encoding);
    expect(await decodeStoredAsync(bytes, encoding)).toEqual(sync);
  });

  it('says why it did not decode', () => {
    expect(decodeStored(gzipSync('{"a":1}'), 'gzip')).toEqual({ ok: true, bytes: Buffer.from('{"a":1}') });
    expect(decodeStored(Buffer.from('x'), 'br')).toEqual({ ok: false, message: 'content-encoding br cannot be decoded (gzip and identity can)' });
    expect(decodeStored(gzipSync(Buffer.alloc(MAX_DECODED + 1)), 'gzip')).toEqual({ ok: false, message: `gzip body inflates past ${MAX_DECODED} bytes` });
    expect(decodeStored(gzipSync(Buffer.alloc(MAX_DECODED)), 'gzip').ok).toBe(true);
    expect(decodeStored(Buffer.from('not gzip'), 'gzip')).toMatchObject({ ok: false, message: expect.stringMatching(/^bad gzip body: /) });
  });
});
