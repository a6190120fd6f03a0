import type { DedupeStore } from './dedupeStore.js';
import type { HandlerContext, WebhookHandler } from './handlerTypes.js';
import { isPromiseLike, type MaybePromise } from './maybeAsync.js';

export interface Registered {
  /** `<trigger>#<n>`: stable while registrations keep their order across deploys. */
  id: string;
  fn: WebhookHandler<never>;
}

export interface Outcome {
  readonly errors: readonly unknown[];
  /** Store calls that threw (the handlers' outcome stands). */
  readonly storeErrors: readonly unknown[];
}

const SUCCEEDED: Outcome = Object.freeze({ errors: Object.freeze([]), storeErrors: Object.freeze([]) });
const failedWith = (err: unknown): Outcome => ({ errors: [err], storeErrors: [] });

/**
 * Runs an event's handlers side by side. With a store and several handlers each one is also
 * claimed under its own key, so when one fails and Coperniq retries, only the ones that did not
 * finish run again (the event's own claim already keeps duplicates out).
 */
export function runHandlers(
  handlers: Registered[],
  payload: unknown,
  base: Omit<HandlerContext, 'handlerKey'>,
  store: { store: DedupeStore; owner: string } | null,
): MaybePromise<Outcome> {
  return handlers.length === 1 ? runOne(handlers[0], payload, base) : runAll(handlers, payload, base, store);
}

async function runAll(
  handlers: Registered[],
  payload: unknown,
  base: Omit<HandlerContext, 'handlerKey'>,
  store: { store: DedupeStore; owner: string } | null,
): Promise<Outcome> {
  const perHandler = store !== null && handlers.length > 1 ? store : null;
  const storeErrors: unknown[] = [];
  const results = await Promise.allSettled(
    handlers.map(async (h) => {
      const handlerKey = `${base.eventId}:${h.id}`;
      if (perHandler && (await perHandler.store.claim(handlerKey, perHandler.owner)) === 'completed') return false;
      await (h.fn as WebhookHandler<unknown>)(payload, { ...base, handlerKey });
      return true;
    }),
  );
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (perHandler && errors.length > 0) {
    // Only a partial failure needs the marks: after a success the event's own key says it all.
    await Promise.all(
      results.map(async (r, i) => {
        const key = `${base.eventId}:${handlers[i].id}`;
        try {
          if (r.status === 'fulfilled' && r.value) await perHandler.store.complete(key, perHandler.owner);
          else if (r.status === 'rejected') await perHandler.store.release(key, perHandler.owner);
        } catch (err) {
          storeErrors.push(err);
        }
      }),
    );
  }
  return { errors, storeErrors };
}

/**
 * The usual case, one handler: no per-handler claim, no allSettled, and no promise at all when it
 * returns at once (a sync handler's throw is caught the same way as an async one's rejection).
 */
function runOne(h: Registered, payload: unknown, base: Omit<HandlerContext, 'handlerKey'>): MaybePromise<Outcome> {
  const context: HandlerContext = { eventId: base.eventId, handlerKey: `${base.eventId}:${h.id}`, rawBody: base.rawBody, headers: base.headers, findings: base.findings };
  let done: unknown;
  try {
    done = (h.fn as WebhookHandler<unknown>)(payload, context);
  } catch (err) {
    return failedWith(err);
  }
  return isPromiseLike(done) ? Promise.resolve(done).then(() => SUCCEEDED, failedWith) : SUCCEEDED;
}
