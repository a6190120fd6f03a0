import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from '../../../../src/core/text/byteSize.js';

describe('parseByteSize', () => {
  it('reads plain bytes and binary units', () => {
    expect(parseByteSize('1048576')).toBe(1048576);
    expect(parseByteSize('512k')).toBe(512 * 1024);
    expect(parseByteSize('10MiB')).toBe(10 * 1024 * 1024);
    expect(parseByteSize('1.5m')).toBe(1.5 * 1024 * 1024);
    expect(parseByteSize(' 2 KB ')).toBe(2048);
  });

  it('refuses what is not a size', () => {
    for (const s of ['', 'lots', '-1', '10 parsecs', '1e3', 'k']) expect(parseByteSize(s), s).toBeNull();
  });
});

describe('formatByteSize', () => {
  it('shows a limit in the largest binary unit', () => {
    expect(formatByteSize(256 * 1024 * 1024)).toBe('256 MiB');
    expect(formatByteSize(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatByteSize(64 * 1024)).toBe('64 KiB');
    expect(formatByteSize(1536)).toBe('1.5 KiB');
    expect(formatByteSize(1000)).toBe('1000 bytes');
  });
});
