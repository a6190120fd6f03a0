import { NumberTable } from './numberTable.js';

type EventId = number | string;

/**
 * The first sequence number that carried each event id, for `DUPLICATE of #N`. A number and its
 * decimal text are one event (`432563` and `"432563"`), as they are in file names. Integer ids,
 * Coperniq's kind, live in a typed-array table; any other id in a plain Map.
 */
export class FirstSeqByEvent {
  private readonly numeric = new NumberTable();
  private readonly other = new Map<string, number>();

  get(id: EventId): number | undefined {
    const n = integerKey(id);
    return n === null ? this.other.get(String(id)) : this.numeric.get(n);
  }

  /** Records that `seq` carried `id`, keeping the earliest one. */
  note(id: EventId, seq: number): void {
    const n = integerKey(id);
    if (n !== null) return this.numeric.setMin(n, seq);
    const key = String(id);
    const had = this.other.get(key);
    if (had === undefined || seq < had) this.other.set(key, seq);
  }
}

function integerKey(id: EventId): number | null {
  if (typeof id === 'number') return Number.isSafeInteger(id) ? id : null;
  if (id.length === 0 || id.length > 17) return null;
  const n = Number(id);
  // Only the canonical text of a safe integer: "007", "1e3" and "-0" stay strings, as String(id) kept them apart.
  return Number.isSafeInteger(n) && String(n) === id ? n : null;
}

