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
  if (src === '') throw new PathError('empty path');
  return new PathReader(src, opts.patterns ? '[number], [*], ["key"] or [key=value]' : '[number] or ["key"]').tokens();
}

/** A cursor over the path text; each method reads one construct and moves past it. */
class PathReader {
  private i = 0;

  constructor(
    private readonly src: string,
    /** What a bracket may hold, for messages. */
    private readonly brackets: string,
  ) {}

  tokens(): PathToken[] {
    const { src } = this;
    const out: PathToken[] = [];
    while (this.i < src.length) {
      out.push(src[this.i] === '[' ? this.bracket() : this.word());
      if (this.i === src.length) break;
      if (src[this.i] === '.') {
        if (++this.i === src.length) this.fail('ends with "."');
      } else if (src[this.i] !== '[') {
        this.fail(`unexpected "${src[this.i]}" after "${src[this.i - 1]}" at offset ${this.i}`);
      }
    }
    return out;
  }

  private fail(why: string): never {
    throw new PathError(why);
  }

  private word(): PathToken {
    const { src } = this;
    const start = this.i;
    while (this.i < src.length && src[this.i] !== '.' && src[this.i] !== '[' && src[this.i] !== ']') this.i++;
    if (this.i === start) this.fail(src[this.i] === ']' ? `unexpected "]" at offset ${this.i}` : `empty key at offset ${this.i} (two dots in a row, or a leading dot)`);
    return { t: 'name', name: src.slice(start, this.i), bare: true, at: start };
  }

  private bracket(): PathToken {
    const { src } = this;
    const open = this.i++;
    if (src[this.i] === '*') return (this.i++, this.close(open, { t: 'element', at: open }));
    const index = this.matchAt(INDEX);
    if (index !== null) return this.close(open, { t: 'index', n: Number(index), at: open });
    if (src[this.i] === '"') {
      const key = this.jsonString();
      if (src[this.i] !== '=') return this.close(open, { t: 'name', name: key, bare: false, at: open });
      this.i++;
      return this.close(open, { t: 'keyed', key, value: this.keyedValue(), at: open });
    }
    const end = src.slice(this.i).search(/[=\][]/);
    if (end < 0) this.fail(`unclosed "[" at offset ${open}`);
    if (end === 0 || src[this.i + end] !== '=') this.unexpected(open);
    const key = src.slice(this.i, this.i + end);
    this.i += end + 1;
    return this.close(open, { t: 'keyed', key, value: this.keyedValue(), at: open });
  }

  private close(open: number, token: PathToken): PathToken {
    if (this.i >= this.src.length) this.fail(`unclosed "[" at offset ${open}`);
    if (this.src[this.i] !== ']') this.unexpected(open);
    this.i++;
    return token;
  }

  private unexpected(open: number): never {
    return this.fail(`expected ${this.brackets}, got ${this.src.slice(open, this.src.indexOf(']', this.i) + 1 || undefined)}`);
  }

  /** A JSON string literal at the cursor, decoded. */
  private jsonString(): string {
    const { src } = this;
    const start = this.i;
    for (this.i++; this.i < src.length && src[this.i] !== '"'; this.i++) if (src[this.i] === '\\') this.i++;
    if (this.i >= src.length) this.fail(`unclosed "[" at offset ${start - 1}`);
    const literal = src.slice(start, ++this.i);
    try {
      return JSON.parse(literal) as string;
    } catch {
      return this.fail(`${literal} is not a JSON string`);
    }
  }

  private keyedValue(): string | number {
    if (this.src[this.i] === '"') return this.jsonString();
    const n = this.matchAt(NUMBER);
    return n === null ? this.fail(`expected a number or a JSON string after "=" at offset ${this.i}`) : Number(n);
  }

  private matchAt(re: RegExp): string | null {
    re.lastIndex = this.i;
    const m = re.exec(this.src);
    if (m) this.i += m[0].length;
    return m ? m[0] : null;
  }
}
