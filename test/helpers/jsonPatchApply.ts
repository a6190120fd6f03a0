/**
 * A small, strict RFC 6902 `apply` (add, remove, replace), written for the tests so that `diff`'s
 * patches are checked by an implementation that shares no code with the one that wrote them.
 * It works on a deep copy and throws on anything the RFC calls an error.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export interface Op {
  op: string;
  path: string;
  value?: unknown;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`pointer must start with "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => {
      if (/~[^01]|~$/.test(t)) throw new Error(`bad escape in ${pointer}`);
      return t.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function arrayIndex(token: string, length: number, forAdd: boolean): number {
  if (forAdd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new Error(`bad array index "${token}"`);
  const i = Number(token);
  if (i > length || (!forAdd && i === length)) throw new Error(`index ${i} out of range (length ${length})`);
  return i;
}

/** Iterative deep copy: structuredClone and JSON.stringify both overflow a few thousand levels down. */
export function clone(value: unknown): Json {
  const box: { v: Json } = { v: null };
  const stack: [unknown, (v: Json) => void][] = [[value, (v) => (box.v = v)]];
  while (stack.length) {
    const [src, put] = stack.pop()!;
    if (Array.isArray(src)) {
      const out: Json[] = new Array(src.length);
      put(out);
      src.forEach((x, i) => stack.push([x, (v) => (out[i] = v)]));
    } else if (src && typeof src === 'object') {
      const out: { [k: string]: Json } = {};
      put(out);
      for (const [k, x] of Object.entries(src)) {
        // Defined now, filled later: keeps the key order, and `__proto__` stays an own key.
        Object.defineProperty(out, k, { value: null, enumerable: true, writable: true, configurable: true });
        stack.push([x, (v) => (out[k] = v)]);
      }
    } else put(src as Json);
  }
  return box.v;
}

export function applyPatch(doc: unknown, ops: Op[]): unknown {
  let root = clone(doc);
  for (const op of ops) {
    const tokens = parsePointer(op.path);
    if (tokens.length === 0) {
      if (op.op === 'remove') throw new Error('cannot remove the whole document');
      root = clone(op.value);
      continue;
    }
    let parent: Json = root;
    for (const t of tokens.slice(0, -1)) {
      if (Array.isArray(parent)) parent = parent[arrayIndex(t, parent.length, false)];
      else if (parent && typeof parent === 'object' && Object.hasOwn(parent, t)) parent = parent[t];
      else throw new Error(`path ${op.path} does not exist`);
    }
    const last = tokens[tokens.length - 1];
    const value = clone(op.value);
    if (Array.isArray(parent)) {
      const i = arrayIndex(last, parent.length, op.op === 'add');
      if (op.op === 'add') parent.splice(i, 0, value);
      else if (op.op === 'remove') parent.splice(i, 1);
      else if (op.op === 'replace') parent[i] = value;
      else throw new Error(`unsupported op ${op.op}`);
    } else if (parent && typeof parent === 'object') {
      if (op.op !== 'add' && !Object.hasOwn(parent, last)) throw new Error(`${op.op}: ${op.path} does not exist`);
      if (op.op === 'remove') delete parent[last];
      else if (op.op === 'add' || op.op === 'replace') Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
      else throw new Error(`unsupported op ${op.op}`);
    } else throw new Error(`path ${op.path}: parent is not a container`);
  }
  return root;
}
