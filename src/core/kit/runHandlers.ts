import type { DedupeStore } from './dedupeStore.js';
import type { HandlerContext, WebhookHandler } from './handlerTypes.js';
import { isPromiseLike, type MaybePromise } from './maybeAsync.js';

export interface Registered {
  /** `<trigger>#<n>`: stable while registrations keep their order across deploys. */
  id: string;
  /** `:<id>`, what follows the event's key in a handlerKey (joined once, not per delivery). */
  keySuffix: string;
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
 * Runs an event's handlers side by side. `context` is the first handler's; the others get a copy
 * with their own handlerKey (`<key><keySuffix>`). With a store and several handlers each one is
 * also claimed under its handlerKey, so when one fails and Coperniq retries, only the ones that
 * did not finish run again (the event's own claim already keeps duplicates out).
 */
export function runHandlers(handlers: Registered[], payload: unknown, context: HandlerContext, key: string, store: DedupeStore | null, owner: string): MaybePromise<Outcome> {
  return handlers.length === 1 ? runOne(handlers[0], payload, context) : runAll(handlers, payload, context, key, store, owner);
}

async function runAll(handlers: Registered[], payload: unknown, context: HandlerContext, key: string, store: DedupeStore | null, owner: string): Promise<Outcome> {
  const storeErrors: unknown[] = [];
  const contexts = handlers.map((h): HandlerContext => ({ ...context, handlerKey: key + h.keySuffix }));
  const results = await Promise.allSettled(
    handlers.map(async (h, i) => {
      if (store && (await store.claim(contexts[i].handlerKey, owner)) === 'completed') return false;
      await (h.fn as WebhookHandler<unknown>)(payload, contexts[i]);
      return true;
    }),
  );
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (store && errors.length > 0) {
    // Only a partial failure needs the marks: after a success the event's own key says it all.
    await Promise.all(
      results.map(async (r, i) => {
        try {
          if (r.status === 'fulfilled' && r.value) await store.complete(contexts[i].handlerKey, owner);
          else if (r.status === 'rejected') await store.release(contexts[i].handlerKey, owner);
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
function runOne(h: Registered, payload: unknown, context: HandlerContext): MaybePromise<Outcome> {
  let done: unknown;
  try {
    done = (h.fn as WebhookHandler<unknown>)(payload, context);
  } catch (err) {
    return failedWith(err);
  }
  return isPromiseLike(done) ? Promise.resolve(done).then(() => SUCCEEDED, failedWith) : SUCCEEDED;
}
