/**
 * A JSON number that a double cannot hold, kept as written: `9007199254740993` (JSON.parse gives
 * ...992), `1e400` (Infinity), `0.10000000000000000001` (0.1). Two of them are equal when their
 * decimal values are (`1e400` and `10E399`), and never equal to an ordinary number: if a double
 * held the same value, the literal would have read back exactly.
 */
export class ExactNumber {
  /** `-123e4` style: digits without leading or trailing zeros, and the power of ten. */
  readonly value: string;

  constructor(readonly text: string) {
    this.value = decimalValue(text);
    made = true;
  }

  equals(other: ExactNumber): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.text;
  }

  /** JSON.stringify cannot write raw text (JSON.rawJSON is Node 21+): `exactJsonText` swaps this back. */
  toJSON(): string {
    return `${mark().text}${this.text}`;
  }
}

let made = false;
let marker: { text: string; marked: RegExp } | undefined;

/**
 * Random per process, so no payload string can pass for a number on the way out. Made on first use
 * (by Web Crypto, a global): loading node:crypto cost every validate and diff run milliseconds,
 * and most never hold an ExactNumber.
 */
function mark(): { text: string; marked: RegExp } {
  if (!marker) {
    const text = `exact-number-${globalThis.crypto.randomUUID()}:`;
    marker = { text, marked: new RegExp(`"${text}([-+.eE0-9]+)"`, 'g') };
  }
  return marker;
}

/** JSON.stringify's output with every ExactNumber written as its literal. */
export function exactJsonText(json: string): string {
  if (!made) return json;
  const { text, marked } = mark();
  return json.includes(text) ? json.replace(marked, '$1') : json;
}

/** A parsed number as written when a double cannot hold it, else the double. */
export function numberOf(literal: string): number | ExactNumber {
  const n = Number(literal);
  return isExact(literal, n) ? n : new ExactNumber(literal);
}

export function isExact(literal: string, n: number): boolean {
  // Up to 15 significant digits and no exponent is always exact (DBL_DIG); and most JSON was
  // written by a JSON.stringify, whose shortest round-trip form reads back as itself.
  if ((literal.length <= 15 && !/[eE]/.test(literal)) || String(n) === literal) return true;
  return Number.isFinite(n) && decimalValue(String(n)) === decimalValue(literal);
}

function decimalValue(literal: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]\+?(-?\d+))?$/.exec(literal);
  if (!m) throw new Error(`not a number literal: ${literal}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  let digits = int + frac;
  let power = BigInt(exp) - BigInt(frac.length);
  const lead = digits.search(/[1-9]/);
  if (lead < 0) return '0';
  digits = digits.slice(lead);
  const trail = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trail);
  power += BigInt(trail);
  return `${sign}${digits}e${power}`;
}
