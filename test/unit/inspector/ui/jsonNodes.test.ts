import { describe, expect, it } from 'vitest';
import { member, nodeText, parseJsonNodes } from '../../../../src/inspector/ui/json/jsonNodes.js';
import { editedBody } from '../../../../src/inspector/ui/json/editedText.js';

describe('parseJsonNodes', () => {
  it('keeps key order, duplicate keys and numbers as written', () => {
    const text = '{"b":1,"2":[1,2.50,{"x":null}],"big":123456789012345678901234,"s":"a\\"b\\\\","e":[],"o":{},"b":true}';
    const root = parseJsonNodes(text);
    expect(root.t === 'object' && root.entries.map(([k]) => k)).toEqual(['b', '2', 'big', 's', 'e', 'o', 'b']);
    expect(nodeText(root)).toBe(text);
    expect(member(root, 'big')).toEqual({ t: 'number', raw: '123456789012345678901234' });
    expect(member(root, 'b')).toEqual({ t: 'boolean', v: true });
    expect(member(root, 's')).toEqual({ t: 'string', v: 'a"b\\' });
  });

  it('reads scalars, whitespace and a BOM at the top level', () => {
    expect(parseJsonNodes('\ufeff "x" ')).toEqual({ t: 'string', v: 'x' });
    expect(parseJsonNodes(' -1.5e3\n')).toEqual({ t: 'number', raw: '-1.5e3' });
    expect(parseJsonNodes('null')).toEqual({ t: 'null' });
    expect(nodeText(parseJsonNodes('[ [ ] , { } , [ 1 , [ 2 ] ] ]'))).toBe('[[],{},[1,[2]]]');
  });

  it('does not recurse on depth: 100,000 levels parse and print', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(nodeText(parseJsonNodes(deep))).toBe(deep);
  });

  it('shortens long values with an ellipsis', () => {
    expect(nodeText(parseJsonNodes(JSON.stringify({ a: 'x'.repeat(100) })), 10)).toBe('{"a":"xxxx…');
  });

  it('refuses text that is not JSON, saying where', () => {
    for (const [bad, msg] of [['{', /expected a key at offset 1/], ['{"a" 1}', /expected ":"/], ['[1,]', /unexpected character at offset 3/], ['{"a":1}x', /after the document/], ['"abc', /unterminated string/], ['[1 2]', /expected "," or "]"/]] as const) {
      expect(() => parseJsonNodes(bad), bad).toThrow(msg);
    }
  });
});

describe('editedBody', () => {
  it('sends the stored bytes when the text was not changed, even across line endings', () => {
    expect(editedBody('{"a":1}\n', '{"a":1}\n')).toBeNull();
    expect(editedBody('{\r\n  "a": 1\r\n}', '{\n  "a": 1\n}')).toBeNull();
  });

  it("keeps a CRLF body's line endings in an edit, and LF bodies as typed", () => {
    expect(editedBody('{\r\n  "a": 1\r\n}', '{\n  "a": 2\n}')).toBe('{\r\n  "a": 2\r\n}');
    expect(editedBody('{\n  "a": 1\n}', '{\n  "a": 2\n}')).toBe('{\n  "a": 2\n}');
    // Mixed endings are not guessed at: the edit goes as typed.
    expect(editedBody('{\r\n "a": 1\n}', '{\n "a": 2\n}')).toBe('{\n "a": 2\n}');
  });
});
