/**
 * The one reader of the path notation `formatPath` prints; `parsePath` and `parsePattern` give
 * its tokens their meaning. A bare word runs to the next `.`, `[` or `]`, so `record.café` and
 * `record.odd key` read as typed; brackets hold an index, a JSON string, `*`, or `key=value`.
 */
export type PathToken =
  | { t: 'name'; name: string; bare: boolean; at: number }
  | { t: 'index'; n: number; at: number }
  | { t: 'keyed'; key: string; value: string | number; at: number }
  | { t: 'element'; at: number };

/** What is wrong with a path, said without naming the option it came from (the caller does). */
export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INDEX = /\d+/y;

export function tokenizePath(src: string, opts: { patterns: boolean }): PathToken[] {
  const fail = (why: string): never => {
    throw new PathError(why);
  };
  const brackets = opts.patterns ? '[number], [*], ["key"] or [key=value]' : '[number] or ["key"]';
  const out: PathToken[] = [];
  let i = 0;

  /** A JSON string literal starting at `i`; returns the decoded text and moves past it. */
  const jsonString = (): string => {
    const start = i;
    for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === '\\') i++;
    if (i >= src.length) fail(`unclosed "[" at offset ${start - 1}`);
    const literal = src.slice(start, ++i);
    try {
      return JSON.parse(literal) as string;
    } catch {
      return fail(`${literal} is not a JSON string`);
    }
  };
  const matchAt = (re: RegExp): string | null => {
    re.lastIndex = i;
    const m = re.exec(src);
    if (m) i += m[0].length;
    return m ? m[0] : null;
  };
  const keyedValue = (): string | number => {
    if (src[i] === '"') return jsonString();
    const n = matchAt(NUMBER);
    return n === null ? fail(`expected a number or a JSON string after "=" at offset ${i}`) : Number(n);
  };
  const bracket = (): PathToken => {
    const open = i++;
    const closeHere = (token: PathToken): PathToken => {
      if (i >= src.length) fail(`unclosed "[" at offset ${open}`);
      if (src[i] !== ']') fail(`expected ${brackets}, got ${src.slice(open, src.indexOf(']', i) + 1 || undefined)}`);
      i++;
      return token;
    };
    if (src[i] === '*') return (i++, closeHere({ t: 'element', at: open }));
    const index = matchAt(INDEX);
    if (index !== null) return closeHere({ t: 'index', n: Number(index), at: open });
    if (src[i] === '"') {
      const key = jsonString();
      if (src[i] !== '=') return closeHere({ t: 'name', name: key, bare: false, at: open });
      i++;
      return closeHere({ t: 'keyed', key, value: keyedValue(), at: open });
    }
    const end = src.slice(i).search(/[=\][]/);
    if (end < 0) fail(`unclosed "[" at offset ${open}`);
    if (end === 0 || src[i + end] !== '=') fail(`expected ${brackets}, got ${src.slice(open, src.indexOf(']', i) + 1 || undefined)}`);
    const key = src.slice(i, i + end);
    i += end + 1;
    return closeHere({ t: 'keyed', key, value: keyedValue(), at: open });
  };
  const word = (): PathToken => {
    const start = i;
    while (i < src.length && src[i] !== '.' && src[i] !== '[' && src[i] !== ']') i++;
    if (i === start) fail(src[i] === ']' ? `unexpected "]" at offset ${i}` : `empty key at offset ${i} (two dots in a row, or a leading dot)`);
    return { t: 'name', name: src.slice(start, i), bare: true, at: start };
  };

  if (src === '') fail('empty path');
  while (i < src.length) {
    out.push(src[i] === '[' ? bracket() : word());
    if (i === src.length) break;
    if (src[i] === '.') {
      if (++i === src.length) fail('ends with "."');
    } else if (src[i] !== '[') {
      fail(`unexpected "${src[i]}" after "${src[i - 1]}" at offset ${i}`);
    }
  }
  return out;
}
