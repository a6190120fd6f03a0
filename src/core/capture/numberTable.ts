/**
 * A map from safe integers to numbers, held in two typed arrays (open addressing, linear probing).
 * `listen` keeps one entry per earlier delivery, and a capture directory can hold a million of
 * them (issue 13): here that is 32 MB and no object per entry for the GC to walk, where a `Map`
 * of strings took several times that.
 */
export class NumberTable {
  private keys: Float64Array;
  private values: Float64Array;
  private used = 0;

  constructor(capacity = 1024) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.keys = new Float64Array(size).fill(Number.NaN);
    this.values = new Float64Array(size);
  }

  /** The table as plain typed arrays, to hand to another thread (transfer their buffers). */
  toState(): NumberTableState {
    return { keys: this.keys, values: this.values, used: this.used };
  }

  static fromState(state: NumberTableState): NumberTable {
    const t = new NumberTable(0);
    t.keys = state.keys;
    t.values = state.values;
    t.used = state.used;
    return t;
  }

  get size(): number {
    return this.used;
  }

  get(key: number): number | undefined {
    const i = this.slot(key);
    return Number.isNaN(this.keys[i]) ? undefined : this.values[i];
  }

  set(key: number, value: number): void {
    const i = this.slot(key);
    if (Number.isNaN(this.keys[i])) this.add(i, key, value);
    else this.values[i] = value;
  }

  /** Keeps the smaller of the value held for `key` and `value`. */
  setMin(key: number, value: number): void {
    const i = this.slot(key);
    if (Number.isNaN(this.keys[i])) this.add(i, key, value);
    else if (value < this.values[i]) this.values[i] = value;
  }

  private add(i: number, key: number, value: number): void {
    this.keys[i] = key;
    this.values[i] = value;
    // Grown at half full, so probes stay short.
    if (++this.used * 2 > this.keys.length) this.grow();
  }

  /** Where `key` is, or the empty slot where it would go. */
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    // Safe integers: mix the low and high 32 bits (hi is 0 for most ids and sequence numbers).
    const lo = key >>> 0;
    const hi = Math.floor(key / 4294967296) >>> 0;
    let i = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0;
    i = (i ^ (i >>> 15)) & mask;
    for (;;) {
      const k = this.keys[i];
      if (k === key || Number.isNaN(k)) return i;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2).fill(Number.NaN);
    this.values = new Float64Array(keys.length * 2);
    this.used = 0;
    for (let i = 0; i < keys.length; i++) if (!Number.isNaN(keys[i])) this.set(keys[i], values[i]);
  }
}

export interface NumberTableState {
  keys: Float64Array;
  values: Float64Array;
  used: number;
}
