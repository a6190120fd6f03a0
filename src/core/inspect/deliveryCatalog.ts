/**
 * Every delivery of a capture directory in a few typed arrays, sorted by sequence number: where its
 * line is in index.ndjson and the facts the filters need. About 40 bytes a delivery, so 100,000 of
 * them cost a few megabytes; index lines and bodies are read from disk when asked for.
 */
import { VERDICT_CLASSES, type DeliveryFacts, type VerdictClass } from './deliveryQuery.js';

export interface Located extends DeliveryFacts {
  seq: number;
  /** Byte offset and length of its line in index.ndjson. */
  offset: number;
  length: number;
}

/** Interns repeated strings (triggers, record ids) as small numbers; 0 stands for null. */
class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: (string | null)[] = [null];

  id(v: string | null): number {
    if (v === null) return 0;
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(v);
      this.ids.set(v, id);
    }
    return id;
  }
}

export class DeliveryCatalog {
  private n = 0;
  private seqs = new Float64Array(1024);
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private triggerIds = new Uint32Array(1024);
  private recordIds = new Uint32Array(1024);
  private verdicts = new Uint8Array(1024);
  private duplicates = new Uint8Array(1024);
  private triggers = new Interner();
  private records = new Interner();

  get size(): number {
    return this.n;
  }

  /** Adds a delivery; one whose sequence number is already listed is ignored (returns false). */
  add(d: Located): boolean {
    let at = this.n;
    // Lines arrive in completion order, which is nearly sequence order: walk back from the end.
    while (at > 0 && this.seqs[at - 1] > d.seq) at--;
    if (at > 0 && this.seqs[at - 1] === d.seq) return false;
    if (this.n === this.seqs.length) this.grow();
    for (const a of this.arrays()) a.copyWithin(at + 1, at, this.n);
    this.seqs[at] = d.seq;
    this.offsets[at] = d.offset;
    this.lengths[at] = d.length;
    this.triggerIds[at] = this.triggers.id(d.trigger);
    this.recordIds[at] = this.records.id(d.record);
    this.verdicts[at] = VERDICT_CLASSES.indexOf(d.verdict);
    this.duplicates[at] = d.duplicate ? 1 : 0;
    this.n++;
    return true;
  }

  clear(): void {
    this.n = 0;
    this.triggers = new Interner();
    this.records = new Interner();
  }

  /** Position of a sequence number, or -1. */
  find(seq: number): number {
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.seqs[mid];
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Position of the newest delivery with a sequence number below `seq` (null: the newest of all), or -1. */
  below(seq: number | null): number {
    if (seq === null) return this.n - 1;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  at(i: number): Located {
    return {
      seq: this.seqs[i],
      offset: this.offsets[i],
      length: this.lengths[i],
      trigger: this.triggers.values[this.triggerIds[i]],
      record: this.records.values[this.recordIds[i]],
      verdict: VERDICT_CLASSES[this.verdicts[i]] as VerdictClass,
      duplicate: this.duplicates[i] === 1,
    };
  }

  seqAt(i: number): number {
    return this.seqs[i];
  }

  /** The latest delivery before position `i` of the same record, or -1. */
  previousOfRecord(i: number): number {
    const r = this.recordIds[i];
    if (r === 0) return -1;
    for (let j = i - 1; j >= 0; j--) if (this.recordIds[j] === r) return j;
    return -1;
  }

  /** Deliveries per trigger (`none` for those without one), and per verdict class. */
  counts(): { triggers: Record<string, number>; verdicts: Record<VerdictClass, number>; duplicates: number } {
    const byTrigger = new Array<number>(this.triggers.values.length).fill(0);
    const verdicts = Object.fromEntries(VERDICT_CLASSES.map((v) => [v, 0])) as Record<VerdictClass, number>;
    let duplicates = 0;
    for (let i = 0; i < this.n; i++) {
      byTrigger[this.triggerIds[i]]++;
      verdicts[VERDICT_CLASSES[this.verdicts[i]]]++;
      duplicates += this.duplicates[i];
    }
    const triggers: Record<string, number> = {};
    byTrigger.forEach((count, id) => {
      if (count) triggers[this.triggers.values[id] ?? 'none'] = count;
    });
    return { triggers, verdicts, duplicates };
  }

  private arrays() {
    return [this.seqs, this.offsets, this.lengths, this.triggerIds, this.recordIds, this.verdicts, this.duplicates];
  }

  private grow(): void {
    const size = this.seqs.length * 2;
    const bigger = <T extends Float64Array | Uint32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.seqs = bigger(this.seqs);
    this.offsets = bigger(this.offsets);
    this.lengths = bigger(this.lengths);
    this.triggerIds = bigger(this.triggerIds);
    this.recordIds = bigger(this.recordIds);
    this.verdicts = bigger(this.verdicts);
    this.duplicates = bigger(this.duplicates);
  }
}
