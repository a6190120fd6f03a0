/**
 * A value or a promise of it: what DedupeStore methods and handlers may return. Awaiting a plain
 * value still costs a trip through the microtask queue, and the default MemoryStore and most
 * handlers answer at once, so the kit awaits only what is a promise.
 */
export type MaybePromise<T> = T | PromiseLike<T>;

export const isPromiseLike = <T>(v: MaybePromise<T>): v is PromiseLike<T> =>
  v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
