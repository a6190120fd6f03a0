/**
 * JSON text to a tree that keeps what JSON.parse loses: key order as sent (JSON.parse moves
 * integer-like keys first), duplicate keys, and numbers as written (a 20-digit id stays exact).
 * Iterative, so a document nested 100,000 deep parses without overflowing the stack. Only called on
 * text the server has already parsed, so errors are reported briefly.
 */
export type JsonNode =
  | { t: 'object'; entries: [string, JsonNode][] }
  | { t: 'array'; items: JsonNode[] }
  | { t: 'string'; v: string }
  | { t: 'number'; raw: string }
  | { t: 'boolean'; v: boolean }
  | { t: 'null' };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

interface Open {
  node: Extract<JsonNode, { t: 'object' | 'array' }>;
  key: string | null;
}

export function parseJsonNodes(text: string): JsonNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: Open[] = [];
  let root: JsonNode | null = null;
  const skip = () => {
    WS.lastIndex = i;
    WS.exec(text);
    i = WS.lastIndex;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${i}`);
  };
  const readString = (): string => {
    let j = i + 1;
    for (;;) {
      const q = text.indexOf('"', j);
      if (q < 0) fail('unterminated string');
      let slashes = 0;
      for (let k = q - 1; text.charCodeAt(k) === 92; k--) slashes++;
      if (slashes % 2 === 0) {
        const s = JSON.parse(text.slice(i, q + 1)) as string;
        i = q + 1;
        return s;
      }
      j = q + 1;
    }
  };
  const place = (node: JsonNode) => {
    const top = stack[stack.length - 1];
    if (!top) root = node;
    else if (top.node.t === 'array') top.node.items.push(node);
    else top.node.entries.push([top.key as string, node]);
  };

  for (;;) {
    skip();
    const top = stack[stack.length - 1];
    if (top?.node.t === 'object' && top.key === null) {
      // Expecting a key or the end of the object.
      if (text[i] === '}') {
        i++;
        stack.pop();
        if (!afterValue()) break;
        continue;
      }
      if (text[i] !== '"') fail('expected a key');
      top.key = readString();
      skip();
      if (text[i++] !== ':') fail('expected ":"');
      skip();
    } else if (top?.node.t === 'array' && text[i] === ']' && top.node.items.length === 0) {
      i++;
      stack.pop();
      if (!afterValue()) break;
      continue;
    }
    const c = text[i];
    if (c === '{' || c === '[') {
      const node: Open['node'] = c === '{' ? { t: 'object', entries: [] } : { t: 'array', items: [] };
      i++;
      place(node);
      stack.push({ node, key: null });
      continue;
    }
    if (c === '"') place({ t: 'string', v: readString() });
    else if (text.startsWith('true', i)) (place({ t: 'boolean', v: true }), (i += 4));
    else if (text.startsWith('false', i)) (place({ t: 'boolean', v: false }), (i += 5));
    else if (text.startsWith('null', i)) (place({ t: 'null' }), (i += 4));
    else {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) fail('unexpected character');
      place({ t: 'number', raw: (m as RegExpExecArray)[0] });
      i = NUMBER.lastIndex;
    }
    if (!afterValue()) break;
  }
  skip();
  if (i < text.length) fail('unexpected text after the document');
  return root as unknown as JsonNode;

  /** After a value: a comma, or closing brackets. False when the whole document is done. */
  function afterValue(): boolean {
    for (;;) {
      skip();
      const top = stack[stack.length - 1];
      if (!top) return false;
      if (top.node.t === 'object') top.key = null;
      const c = text[i++];
      if (c === ',') return true;
      if ((c === '}' && top.node.t === 'object') || (c === ']' && top.node.t === 'array')) {
        stack.pop();
        continue;
      }
      fail(`expected "," or "${top.node.t === 'object' ? '}' : ']'}"`);
    }
  }
}

/** Compact JSON text of a node, numbers as written: what a value looks like on one line. */
export function nodeText(node: JsonNode, max = Infinity): string {
  const parts: string[] = [];
  let size = 0;
  const todo: (JsonNode | string)[] = [node];
  while (todo.length && size <= max) {
    const n = todo.pop() as JsonNode | string;
    let s: string;
    if (typeof n === 'string') s = n;
    else if (n.t === 'object') {
      s = '{';
      const rest: (JsonNode | string)[] = ['}'];
      // Pushed last first, so they pop in order.
      for (let idx = n.entries.length - 1; idx >= 0; idx--) rest.push(n.entries[idx][1], `${idx ? ',' : ''}${JSON.stringify(n.entries[idx][0])}:`);
      todo.push(...rest);
    } else if (n.t === 'array') {
      s = '[';
      const rest: (JsonNode | string)[] = [']'];
      for (let idx = n.items.length - 1; idx >= 0; idx--) rest.push(n.items[idx], idx ? ',' : '');
      todo.push(...rest);
    } else s = scalarText(n);
    parts.push(s);
    size += s.length;
  }
  const out = parts.join('');
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

export function scalarText(n: Exclude<JsonNode, { t: 'object' | 'array' }>): string {
  if (n.t === 'string') return JSON.stringify(n.v);
  if (n.t === 'number') return n.raw;
  if (n.t === 'boolean') return String(n.v);
  return 'null';
}

/** The member `key` of an object node (the last one, as JSON.parse would take). */
export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.t !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i][0] === key) return node.entries[i][1];
  return undefined;
}
