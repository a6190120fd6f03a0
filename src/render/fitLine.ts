import type { Paint } from './paint.js';
import { textWidth, truncate } from './width.js';

/** One piece of a line: printable text, its colour, and how it gives way when space runs out. */
export interface Piece {
  text: string;
  style?: Paint['bold'];
  /** Shown in double quotes, which stay when the text inside is cut. */
  quoted?: boolean;
  /** Set on pieces that may be cut: a lower number gives way first. */
  cut?: number;
  /** Cut no narrower than this (1 unless said). */
  min?: number;
  /** When the line cannot fit with every piece at its minimum, the piece goes (lowest `cut` first). */
  drop?: boolean;
}

interface Slot {
  piece: Piece;
  /** Columns of the text, at least and at most; the quotes are extra. */
  lo: number;
  hi: number;
  given: number;
}

const quotes = (s: Slot) => (s.piece.quoted ? 2 : 0);
const sum = (slots: readonly Slot[], of: (s: Slot) => number) => slots.reduce((n, s) => n + of(s) + quotes(s), 0) + Math.max(0, slots.length - 1);

function slotOf(piece: Piece): Slot {
  const hi = textWidth(piece.text);
  const lo = piece.cut === undefined ? hi : Math.min(hi, piece.min ?? 1);
  return { piece, lo, hi, given: lo };
}

/**
 * Pieces joined by spaces into one line of at most `width` columns, so the terminal never wraps it.
 * Droppable pieces go until the rest fits at their minimum widths; the columns left over go to the
 * pieces that were cut, the last to give way served first; each is cut to what it got, with an
 * ellipsis. A line that still does not fit loses its tail, so put what matters most first.
 */
export function fitLine(pieces: readonly Piece[], width: number): string {
  let slots = pieces.filter((p) => p.text !== '').map(slotOf);
  const giving = slots.filter((s) => s.piece.cut !== undefined).sort((a, b) => a.piece.cut! - b.piece.cut!);
  for (const s of giving) {
    if (sum(slots, (x) => x.lo) <= width) break;
    if (s.piece.drop) slots = slots.filter((x) => x !== s);
  }
  let spare = width - sum(slots, (x) => x.lo);
  for (const s of [...giving].reverse()) {
    const grow = Math.min(s.hi - s.lo, Math.max(0, spare));
    s.given = s.lo + grow;
    spare -= grow;
  }
  while (slots.length > 1 && sum(slots, (x) => x.given) > width) slots.pop();
  if (slots.length === 1) slots[0].given = Math.min(slots[0].given, width - quotes(slots[0]));
  return slots
    .map((s) => {
      const text = truncate(s.piece.text, s.given);
      const shown = s.piece.quoted ? `"${text}"` : text;
      return s.piece.style ? s.piece.style(shown) : shown;
    })
    .join(' ');
}
