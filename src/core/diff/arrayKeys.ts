type Obj = Record<string, unknown>;
const hasOwn = Object.prototype.hasOwnProperty;

/** `--array-key`: how two arrays pair their items, when every item on both sides has the key, unique. */
export interface KeyedPairs {
  key: string;
  inA: Map<string, number>;
  inB: Map<string, number>;
}

// 5 and "5" are different ids, as they are different values.
export const ident = (v: string | number) => (typeof v === 'number' ? `n${v}` : `s${v}`);

function index(items: unknown[], key: string): Map<string, number> | null {
  const out = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!item || typeof item !== 'object' || Array.isArray(item) || !hasOwn.call(item, key)) return null;
    const v = (item as Obj)[key];
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    const id = ident(v);
    if (out.has(id)) return null;
    out.set(id, i);
  }
  return out;
}

export function pairByArrayKey(aa: unknown[], ba: unknown[], keys: readonly string[]): KeyedPairs | null {
  for (const key of keys) {
    const inA = index(aa, key);
    const inB = inA && index(ba, key);
    if (inA && inB) return { key, inA, inB };
  }
  return null;
}

/** Worth a note only when the user's key is there on some items: arrays of strings are simply not keyed. */
export function looksKeyed(aa: unknown[], ba: unknown[], keys: readonly string[]): boolean {
  const has = (item: unknown) => item !== null && typeof item === 'object' && keys.some((k) => hasOwn.call(item, k));
  return aa.some(has) || ba.some(has);
}
