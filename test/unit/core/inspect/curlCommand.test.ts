import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlCommand, shellQuote } from '../../../../src/core/inspect/curlCommand.js';

describe('curlCommand', () => {
  it('quotes for a POSIX shell so the words come back exactly', () => {
    for (const s of ["it's", 'a b', '$HOME `x` "y"', 'http://h/p?a=1&b=2', '']) {
      expect(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(s)}`]).toString()).toBe(s);
    }
    expect(shellQuote('/tmp/a-b_c.json')).toBe('/tmp/a-b_c.json');
  });

  it('sends the stored file with every header, one per line', () => {
    expect(curlCommand({ target: 'http://127.0.0.1:3000/hook?key=***', headers: { 'content-type': 'application/json', 'x-multi': ['a', "b'c"] }, file: '/c/00000001-X-1.json' })).toBe(
      "curl --fail-with-body 'http://127.0.0.1:3000/hook?key=***' \\\n  -H 'content-type: application/json' \\\n  -H 'x-multi: a' \\\n  -H 'x-multi: b'\\''c' \\\n  --data-binary @/c/00000001-X-1.json",
    );
  });

  it('reads the target from $COPERNIQ_HOOKS_TARGET when there is none, as replay does', () => {
    expect(curlCommand({ target: null, headers: {}, file: '/a b/x.json' })).toBe('curl --fail-with-body "$COPERNIQ_HOOKS_TARGET" \\\n  --data-binary @\'/a b/x.json\'');
  });
});
