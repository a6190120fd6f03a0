/**
 * Where the kit remembers which events it has handled. Coperniq retries every non-2xx and may
 * deliver an event twice, so `event.eventId` is claimed before any handler runs (WEBHOOKS.md,
 * "Duplicate deliveries happen").
 *
 * `owner` is a fresh random id per delivery: a store acts on `complete` and `release` only for
 * the owner of the claim, so a delivery whose lease ran out cannot free a newer one's claim.
 */
export type ClaimState =
  /** Nobody holds it: this delivery runs the handlers. */
  | 'claimed'
  /** Another delivery of the same event is running its handlers (its lease has not run out). */
  | 'in-progress'
  /** Handled already: answer 2xx without running anything. */
  | 'completed';

export interface DedupeStore {
  /**
   * Atomically: a key that is absent (or whose in-progress lease ran out) becomes in-progress,
   * owned by `owner`, and the answer is `claimed`; otherwise the key's state.
   */
  claim(key: string, owner: string): ClaimState | Promise<ClaimState>;
  /** The handlers finished: keep the key as completed for as long as Coperniq may still retry. */
  complete(key: string, owner: string): void | Promise<void>;
  /** A handler failed: forget the claim if `owner` still holds it, so Coperniq's retry runs again. */
  release(key: string, owner: string): void | Promise<void>;
}
