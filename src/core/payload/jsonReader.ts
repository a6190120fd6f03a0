/** Where JSON text stops being JSON. */
export class JsonSyntaxError extends Error {
  constructor(readonly offset: number) {
    super(`malformed JSON at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

type Container = unknown[] | Record<string, unknown>;
interface Frame {
  container: Container;
  /** The key whose value is being read; null inside an array. */
  key: string | null;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const OPENED = Symbol('opened');

/**
 * A JSON reader in plain code, for the two jobs JSON.parse cannot do: say where the text breaks
 * (V8 names no position for "Unexpected token"), and hand each number literal over as written
 * (`numberOf`), since JSON.parse turns 9007199254740993 into ...992 and 1e400 into Infinity.
 * Containers nest through an explicit stack, so a document nested 100,000 deep (JSON.parse
 * accepts it) cannot overflow the call stack. Objects are built as JSON.parse builds them: an own
 * `__proto__` key stays a key, and the last of duplicate keys wins.
 */
export function readJson(text: string, numberOf: (literal: string) => unknown = Number): unknown {
  return new JsonReader(text, numberOf).document();
}

class JsonReader {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly numberOf: (literal: string) => unknown,
  ) {}

  document(): unknown {
    const value = this.value();
    this.space();
    if (this.i < this.text.length) this.fail();
    return value;
  }

  private value(): unknown {
    const stack: Frame[] = [];
    for (;;) {
      let v = this.start(stack);
      if (v === OPENED) continue;
      for (;;) {
        const top = stack.at(-1);
        if (!top) return v;
        add(top, v);
        if (this.next(top)) break;
        stack.pop();
        v = top.container;
      }
    }
  }

  /** A scalar, an empty container, or OPENED after pushing a container that has content. */
  private start(stack: Frame[]): unknown {
    this.space();
    const c = this.text[this.i];
    if (c === '{' || c === '[') {
      this.i++;
      this.space();
      if (this.text[this.i] === (c === '{' ? '}' : ']')) return (this.i++, c === '{' ? {} : []);
      const frame: Frame = { container: c === '{' ? {} : [], key: null };
      if (c === '{') this.key(frame);
      stack.push(frame);
      return OPENED;
    }
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    return this.number();
  }

  /** After a value inside `frame`: true when another one follows, false when the container closed. */
  private next(frame: Frame): boolean {
    this.space();
    const c = this.text[this.i];
    const isArray = Array.isArray(frame.container);
    if (c === ',') {
      this.i++;
      if (!isArray) this.key(frame);
      return true;
    }
    if (c !== (isArray ? ']' : '}')) this.fail();
    this.i++;
    return false;
  }

  private key(frame: Frame): void {
    this.space();
    if (this.text[this.i] !== '"') this.fail();
    frame.key = this.string();
    this.space();
    if (this.text[this.i] !== ':') this.fail();
    this.i++;
  }

  private string(): string {
    const { text } = this;
    const start = this.i++;
    let escaped = false;
    for (;;) {
      if (this.i >= text.length) this.fail();
      const c = text.charCodeAt(this.i);
      if (c === 34) break;
      if (c < 0x20) this.fail();
      if (c === 92) {
        escaped = true;
        this.escape();
      } else this.i++;
    }
    this.i++;
    return escaped ? (JSON.parse(text.slice(start, this.i)) as string) : text.slice(start + 1, this.i - 1);
  }

  private escape(): void {
    const e = this.text[++this.i];
    if (e === 'u') {
      for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(this.text[this.i + k] ?? '')) this.fail(this.i + k);
      this.i += 5;
    } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i++;
    else this.fail();
  }

  private literal<T>(word: string, value: T): T {
    for (const ch of word) {
      if (this.text[this.i] !== ch) this.fail();
      this.i++;
    }
    return value;
  }

  private number(): unknown {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail();
    this.i += m![0].length;
    return this.numberOf(m![0]);
  }

  private space(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.i++;
    }
  }

  private fail(at = this.i): never {
    throw new JsonSyntaxError(at);
  }
}

function add(frame: Frame, value: unknown): void {
  const { container, key } = frame;
  if (Array.isArray(container)) container.push(value);
  else if (key === '__proto__') Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
  else container[key!] = value;
}
