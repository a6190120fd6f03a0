import { ExactNumber, exactJsonText } from '../payload/exactNumber.js';
import { quote } from '../text/printable.js';

/**
 * A value as compact JSON, cut at about `max` characters with "…". It never serialises more than it
 * shows, so previewing a 5 MB subtree costs as little as previewing a number, and each level of
 * nesting spends at least one character, so the recursion is at most `max` deep.
 */
export function preview(value: unknown, max = 80): string {
  let out = '';
  const room = () => max - out.length;
  const put = (s: string): boolean => {
    if (s.length <= room()) {
      out += s;
      return true;
    }
    out += s.slice(0, Math.max(0, room()));
    return false;
  };
  const str = (s: string): boolean => {
    // Cut the raw string first so a 1 MB string is never escaped whole.
    const cut = s.length > max ? cutCodePoints(s, max) : s;
    return put(quote(cut)) && cut.length === s.length;
  };
  const walk = (v: unknown): boolean => {
    if (room() <= 0) return false;
    if (typeof v === 'string') return str(v);
    if (v === null || typeof v !== 'object' || v instanceof ExactNumber) return put(String(v));
    if (Array.isArray(v)) {
      if (!put('[')) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !put(',')) || !walk(v[i])) return false;
      return put(']');
    }
    const keys = Object.keys(v);
    if (!put('{')) return false;
    for (let i = 0; i < keys.length; i++) {
      if ((i > 0 && !put(',')) || !str(keys[i]) || !put(':') || !walk((v as Record<string, unknown>)[keys[i]])) return false;
    }
    return put('}');
  };
  if (walk(value)) return out;
  return `${cutCodePoints(out, Math.max(1, max - 1))}…`;
}

/** At most `n` UTF-16 units without splitting a surrogate pair. */
function cutCodePoints(s: string, n: number): string {
  if (s.length <= n) return s;
  const last = s.charCodeAt(n - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n);
}

/**
 * JSON.stringify, except that numbers a double cannot hold come out as written, and that it does
 * not throw on deep values: V8's stringify recurses and gives up a few thousand levels down, while
 * JSON.parse accepts far deeper input. The iterative path runs only when the fast one fails.
 */
export function toJsonText(value: unknown): string {
  try {
    return exactJsonText(JSON.stringify(value));
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
  const parts: string[] = [];
  type Frame = { v: unknown } | { text: string };
  const stack: Frame[] = [{ v: value }];
  while (stack.length) {
    const f = stack.pop()!;
    if ('text' in f) {
      parts.push(f.text);
      continue;
    }
    const v = f.v;
    if (v instanceof ExactNumber) {
      parts.push(v.text);
    } else if (v === null || typeof v !== 'object') {
      parts.push(JSON.stringify(v));
    } else if (Array.isArray(v)) {
      stack.push({ text: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ v: v[i] });
        if (i > 0) stack.push({ text: ',' });
      }
      parts.push('[');
    } else {
      const keys = Object.keys(v);
      stack.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ v: (v as Record<string, unknown>)[keys[i]] });
        stack.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:` });
      }
      parts.push('{');
    }
  }
  return parts.join('');
}
