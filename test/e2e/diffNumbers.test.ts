import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffSandbox } from '../helpers/diffFixtures.js';
import { applyPatch, type Op } from '../helpers/jsonPatchApply.js';

let box: Awaited<ReturnType<typeof diffSandbox>>;
beforeEach(async () => (box = await diffSandbox()));
afterEach(async () => box.cleanup());

/** JSON with every number literal kept as written (`{"$n": "1e400"}`), read without our own code. */
const lossless = (text: string): unknown =>
  JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, (m, n: string | undefined) => (n ? `{"$n":"${n}"}` : m)));

async function diffTexts(a: string, b: string, ...args: string[]) {
  await box.put('a.json', a);
  await box.put('b.json', b);
  return box.diff(['a.json', 'b.json', ...args]);
}

describe('diff keeps numbers a double cannot hold (issue 8 §5)', () => {
  it.each([
    ['9007199254740993', '9007199254740992'],
    ['1e400', '2e400'],
    ['0.10000000000000001', '0.1'],
    ['1e-400', '0'],
  ])('%s vs %s: a difference, shown as written', async (x, y) => {
    const r = await diffTexts(`{"record":{"n":${x}}}`, `{"record":{"n":${y}}}`);
    expect(r.stdout).toBe(`~ record.n: ${x} -> ${y}\n1 difference: 1 changed\n`);
    expect(r.code).toBe(1);
  });

  it('equal values written differently are equal', async () => {
    const r = await diffTexts('{"n":1e400,"m":[9007199254740993],"k":1.0}', '{"n":10E399,"m":[9007199254740993.0],"k":1}');
    expect(r.stdout).toBe('no differences\n');
    expect(r.code).toBe(0);
  });

  it('--format json carries the exact number as JSON, not null', async () => {
    const r = await diffTexts('{"n":1e400,"big":9007199254740993}', '{"n":-1e400,"big":9007199254740993}', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('{"kind":"changed","path":"n","old":1e400,"new":-1e400}');
    expect(r.stdout).not.toMatch(/"(old|new)":null/);
    expect(lossless(r.stdout)).toMatchObject({ changes: [{ old: { $n: '1e400' }, new: { $n: '-1e400' } }] });
  });

  it('--format patch turns a into b, exact numbers included', async () => {
    const a = '{"n":1e400,"list":[1,9007199254740993],"s":"12345678901234567890"}';
    const b = '{"n":-1e400,"list":[1,9007199254740992,123456789012345678901234567890],"s":"12345678901234567890"}';
    const r = await diffTexts(a, b, '--format', 'patch');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"value":-1e400');
    expect(applyPatch(lossless(a), lossless(r.stdout) as Op[])).toEqual(lossless(b));
  });

  it('--shape counts an exact number as a number', async () => {
    const r = await diffTexts('{"n":1e400}', '{"n":1}', '--shape');
    expect(r.stdout).toBe('same shape\n');
    expect(r.code).toBe(0);
  });

  it('a number inside a string is text: its digits are compared as text', async () => {
    const r = await diffTexts('{"id":"9007199254740993","u":"550e8400-e29b"}', '{"id":"9007199254740992","u":"550e8400-e29b"}');
    expect(r.stdout).toBe('~ id: "9007199254740993" -> "9007199254740992"\n1 difference: 1 changed\n');
  });
});
