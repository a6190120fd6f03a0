/**
 * Shapes of the inspector's API answers that the server builds and the page reads (README, "The
 * inspector's API"): one definition for both sides.
 */
import type { IndexEntry } from '../capture/captureFormat.js';
import type { VerdictClass } from './deliveryQuery.js';

/** A list row: the index entry, its verdict class, and the title and what moved, read from the body. */
export interface DeliveryRow extends IndexEntry {
  verdictClass: VerdictClass;
  title: string | null;
  moved: string | null;
}

export interface DeliveryPage {
  deliveries: DeliveryRow[];
  /** Pass as `before` for the next page; null when there is nothing older. */
  next: number | null;
  /** The search stopped at its budget before filling the page: continue from `next`. */
  partial: boolean;
  /** Bodies read for `q`. */
  scanned: number;
  /** Deliveries in the directory. */
  total: number;
  /** Deliveries that pass the filters other than `q` (all of them, not just this page). */
  matched: number;
}

/** A delivery's body in `GET /api/deliveries/:seq`. */
export interface BodyView {
  /** Bytes as stored. */
  bytes: number;
  sha256: string;
  /** The stored bytes still hash to what the index recorded. */
  intact: boolean;
  encoding: string | null;
  note: string | null;
  /** The decoded text, or null when it is not UTF-8 (download the raw bytes instead). */
  text: string | null;
  json: boolean;
  /** Where malformed JSON breaks. */
  parseError: { message: string; line?: number; column?: number } | null;
}
