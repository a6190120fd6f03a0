/**
 * Where a `listen` session's deliveries are when it stops. Normally in the directory it was given;
 * but the directory (or its index) can be moved, removed or replaced while listening (issue 8),
 * and then the summary must not send the user to a name that no longer holds them.
 */
export interface StorePlace {
  /** The name given no longer leads to the directory opened: it was moved, removed or replaced. */
  dirChanged: boolean;
  /** Where the directory opened is now, when the system tells (Linux) and it still exists. */
  now: string | null;
  /** The directory opened was removed, and the deliveries in it with it. */
  removed: boolean;
  /** Something else is at the name given now. */
  replaced: boolean;
  /** The directory is the one opened, but its index is no longer the one written to. */
  indexChanged: boolean;
}

export const UNCHANGED_PLACE: StorePlace = { dirChanged: false, now: null, removed: false, replaced: false, indexChanged: false };
