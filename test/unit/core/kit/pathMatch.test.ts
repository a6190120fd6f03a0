import { describe, expect, it } from 'vitest';
import { pathMatches } from '../../../../src/core/kit/pathMatch.js';

describe('pathMatches', () => {
  it.each([
    ['/coperniq', '/coperniq', true],
    ['/coperniq/', '/coperniq', true],
    ['/coperniq?token=x', '/coperniq/', true],
    ['/coperniq/tok3n', '/coperniq', true],
    ['/coperniq/tok3n?x=1#f', 'coperniq', true],
    ['https://example.com/coperniq/tok3n', '/coperniq', true],
    ['/tok3n', '/', true],
    ['/', '/', true],
    ['/coperniq/a/b', '/coperniq', false],
    ['/coperniqx', '/coperniq', false],
    ['/other', '/coperniq', false],
    ['https://example.com/other', '/coperniq', false],
  ])('%s against %s: %s', (target, path, expected) => {
    expect(pathMatches(target, path)).toBe(expected);
  });
});
