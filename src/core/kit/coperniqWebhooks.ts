import { tokenMatcher } from '../capture/tokenMatch.js';
import { closest } from '../text/didYouMean.js';
import { TRIGGER_KEYS, isKnownTrigger, type TriggerKey } from '../payload/triggers.js';
import { answers, type WebhookAnswer } from './answers.js';
import type { ClaimState, DedupeStore } from './dedupeStore.js';
import { WebhookError, type AnyWebhookPayload, type ErrorHandler, type PayloadFor, type WebhookHandler } from './handlerTypes.js';
import { isPromiseLike, type MaybePromise } from './maybeAsync.js';
import { MemoryStore } from './memoryStore.js';
import { readPayload, type ReadPayload, type Unreadable, type Validation } from './readPayload.js';
import { normalizeHeaders, type HeadersInput } from './requestHeaders.js';
import { runHandlers, type Outcome, type Registered } from './runHandlers.js';

export interface CoperniqWebhooksOptions {
  /**
   * The token Coperniq's webhook URL carries, as `?token=` or as the last path segment (what
   * `coperniq-hooks listen --token` accepts). Several during a rotation. `false` (or leaving it
   * out) accepts any request; an empty or undefined value is refused, since that is usually an
   * environment variable that is not set.
   */
  token?: string | readonly string[] | false;
  /** What an invalid payload gets: 'warn' (the default) handles it and reports it to onError; 'reject' answers 422; 'off' skips validation. */
  validation?: Validation;
  /** Where handled event ids are kept. Default: a MemoryStore; `false` turns deduplication off. */
  dedupe?: DedupeStore | false;
  /** Largest body accepted, before and after gzip decoding. Default 10 MiB. */
  maxBody?: number;
}

export interface ReceiveRequest {
  /** The request target: a path with its query, or a full URL. */
  url: string;
  headers?: HeadersInput;
}

export const DEFAULT_MAX_BODY = 10 * 1024 * 1024;
const VALIDATIONS: readonly Validation[] = ['reject', 'warn', 'off'];

function tokensFrom(options: CoperniqWebhooksOptions): string[] {
  if (!('token' in options) || options.token === false) return [];
  const list = typeof options.token === 'string' ? [options.token] : Array.isArray(options.token) ? options.token : [undefined];
  if (list.length === 0 || list.some((t) => typeof t !== 'string' || t === '')) {
    throw new TypeError('CoperniqWebhooks: token is empty or undefined (is its environment variable set?); pass token: false to accept requests without one');
  }
  return [...(list as string[])];
}

/**
 * `receive` for an adapter that has checked the token already (`verify`); headers normalized.
 * Internal to the package: the root does not export it.
 */
export let receiveVerified: (webhooks: CoperniqWebhooks, rawBody: Uint8Array, headers: Record<string, string>) => MaybePromise<WebhookAnswer>;

/**
 * The receiving kit: token check, gzip, validation, deduplication on `event.eventId`, typed
 * handlers, and an answer that fits Coperniq's retry rule. Adapters (createNodeMiddleware,
 * createFetchHandler) are thin layers over `receive`.
 */
export class CoperniqWebhooks {
  readonly #tokens: ((target: string) => boolean)[];
  readonly #validation: Validation;
  readonly #store: DedupeStore | null;
  readonly #maxBody: number;
  readonly #handlers = new Map<string, Registered[]>();
  /** Each registered trigger's handlers, then '*'s. */
  #handlersFor: { trigger: string; handlers: Registered[] }[] = [];
  #anyTrigger: Registered[] = [];
  readonly #onError: ErrorHandler[] = [];
  // Claim owners: random per instance, counted per delivery. A randomUUID per delivery (Web
  // Crypto's, the one every runtime has) cost Node 20 more than the rest of a receive.
  readonly #ownerPrefix = `${globalThis.crypto.randomUUID()}:`;
  #deliveries = 0;

  constructor(options: CoperniqWebhooksOptions = {}) {
    this.#tokens = tokensFrom(options).map(tokenMatcher);
    this.#validation = options.validation ?? 'warn';
    if (!VALIDATIONS.includes(this.#validation)) {
      throw new TypeError(`CoperniqWebhooks: validation must be ${VALIDATIONS.map((v) => `'${v}'`).join(', ')}; got ${JSON.stringify(options.validation)}`);
    }
    this.#store = options.dedupe === false ? null : (options.dedupe ?? new MemoryStore());
    this.#maxBody = options.maxBody ?? DEFAULT_MAX_BODY;
    if (!Number.isInteger(this.#maxBody) || this.#maxBody <= 0) throw new TypeError(`CoperniqWebhooks: maxBody must be a positive integer, got ${String(options.maxBody)}`);
  }

  /** Largest body accepted: adapters stop reading past it. */
  get maxBody(): number {
    return this.#maxBody;
  }

  /** Whether the URL (or path with query) carries the token, compared in constant time. */
  verify(urlOrPath: string): boolean {
    if (this.#tokens.length === 0) return true;
    let ok = false;
    // Every token is compared, so the time taken does not tell which one nearly matched.
    for (const matches of this.#tokens) if (matches(urlOrPath)) ok = true;
    return ok;
  }

  on<K extends TriggerKey>(trigger: K | readonly K[], handler: WebhookHandler<PayloadFor<K>>): this;
  on(trigger: '*', handler: WebhookHandler<AnyWebhookPayload>): this;
  on(trigger: string | readonly string[], handler: WebhookHandler<never>): this {
    if (typeof handler !== 'function') throw new TypeError('CoperniqWebhooks.on: the handler must be a function');
    for (const key of typeof trigger === 'string' ? [trigger] : trigger) {
      if (key !== '*' && !isKnownTrigger(key)) {
        const near = closest(String(key), TRIGGER_KEYS);
        throw new TypeError(`CoperniqWebhooks.on: unknown trigger ${JSON.stringify(key)}${near ? `; did you mean ${near}?` : ''} (use '*' for triggers this version does not know)`);
      }
      const list = this.#handlers.get(key) ?? [];
      const id = `${key}#${list.length}`;
      list.push({ id, keySuffix: `:${id}`, fn: handler });
      this.#handlers.set(key, list);
    }
    this.#mergeHandlers();
    return this;
  }

  // Each trigger's handlers and then '*'s, joined once here rather than on every delivery. Only
  // registered triggers get an entry: a payload's trigger is the sender's text.
  #mergeHandlers(): void {
    this.#anyTrigger = this.#handlers.get('*') ?? [];
    this.#handlersFor = [...this.#handlers].filter(([key]) => key !== '*').map(([trigger, list]) => ({ trigger, handlers: [...list, ...this.#anyTrigger] }));
  }

  // A scan, not a Map: the payload's trigger is a new string on every delivery, and hashing it
  // cost more than comparing it with the few triggers registered (at most one per known trigger).
  #handlersOf(trigger: string): Registered[] {
    for (const entry of this.#handlersFor) if (entry.trigger === trigger) return entry.handlers;
    return this.#anyTrigger;
  }

  /**
   * Called (and awaited) for failed handlers, invalid payloads and store failures; what it throws
   * is ignored. Without one, these go to console.error.
   */
  onError(handler: ErrorHandler): this {
    if (typeof handler !== 'function') throw new TypeError('CoperniqWebhooks.onError: the handler must be a function');
    this.#onError.push(handler);
    return this;
  }

  /** Handles one delivery and says what to answer. Never throws: a failure is a status. */
  async receive(rawBody: string | Uint8Array, request: ReceiveRequest): Promise<WebhookAnswer> {
    try {
      if (!this.verify(request.url)) return answers.unauthorized();
      return await this.#receiveVerified(rawBody, normalizeHeaders(request.headers));
    } catch (err) {
      return this.#failed(err);
    }
  }

  // What follows answers at once when nothing along the way is a promise (a plain body, the
  // MemoryStore, a sync handler), and awaits only what is: each await is a trip through the
  // microtask queue per delivery, and issue 12 holds the kit to a bare server's throughput.
  #receiveVerified(rawBody: string | Uint8Array, headers: Record<string, string>): MaybePromise<WebhookAnswer> {
    try {
      const read = readPayload(rawBody, headers['content-encoding'], this.#maxBody, this.#validation);
      const answer = isPromiseLike(read) ? Promise.resolve(read).then((r) => this.#handle(r, headers)) : this.#handle(read, headers);
      return isPromiseLike(answer) ? Promise.resolve(answer).catch((err: unknown) => this.#failed(err)) : answer;
    } catch (err) {
      return this.#failed(err);
    }
  }

  #failed(err: unknown): Promise<WebhookAnswer> {
    return this.#report(new WebhookError('internal', `coperniq-hooks: ${(err as Error)?.message ?? String(err)}`, { errors: [err] })).then(answers.internal);
  }

  #handle(read: ReadPayload | Unreadable, headers: Record<string, string>): MaybePromise<WebhookAnswer> {
    if ('answer' in read) {
      const bad = read.invalid;
      if (!bad) return read.answer;
      const error = new WebhookError('invalid', invalidMessage(bad.errors.length, true), { eventId: bad.eventId, triggerKey: bad.trigger, findings: bad.errors, rawBody: bad.bytes });
      return this.#report(error).then(() => read.answer);
    }
    if (read.errors.length === 0) return this.#dispatch(read, headers);
    const error = new WebhookError('invalid', invalidMessage(read.errors.length, false), { eventId: read.eventId, triggerKey: read.trigger, findings: read.errors, rawBody: read.bytes });
    return this.#report(error).then(() => this.#dispatch(read, headers));
  }

  #dispatch(read: ReadPayload, headers: Record<string, string>): MaybePromise<WebhookAnswer> {
    const handlers = this.#handlersOf(read.trigger);
    if (handlers.length === 0) return answers.unhandled(read.eventId, read.trigger);
    const delivery: Delivery = { read, headers, handlers, key: String(read.eventId), owner: this.#ownerPrefix + String(++this.#deliveries) };
    const store = this.#store;
    if (!store) return this.#run(delivery, null);
    let state: MaybePromise<ClaimState>;
    try {
      state = store.claim(delivery.key, delivery.owner);
    } catch (err) {
      return this.#claimFailed(delivery, err);
    }
    if (!isPromiseLike(state)) return this.#afterClaim(state, delivery, store);
    return Promise.resolve(state).then(
      (s) => this.#afterClaim(s, delivery, store),
      (err: unknown) => this.#claimFailed(delivery, err),
    );
  }

  #claimFailed(d: Delivery, err: unknown): Promise<WebhookAnswer> {
    return this.#report(new WebhookError('store', `dedupe store: claim failed for event ${d.key}`, { ...about(d.read), errors: [err] })).then(answers.storeDown);
  }

  #afterClaim(state: ClaimState, d: Delivery, store: DedupeStore): MaybePromise<WebhookAnswer> {
    if (state === 'completed') return answers.duplicate(d.read.eventId);
    if (state === 'in-progress') return answers.inProgress(d.read.eventId);
    return this.#run(d, store);
  }

  #run(d: Delivery, store: DedupeStore | null): MaybePromise<WebhookAnswer> {
    const { read } = d;
    const findings = read.errors.length + read.warnings.length === 0 ? [] : [...read.errors, ...read.warnings];
    const context = { eventId: read.eventId, handlerKey: d.key + d.handlers[0].keySuffix, rawBody: read.bytes, headers: d.headers, findings };
    const outcome = runHandlers(d.handlers, read.value, context, d.key, store, d.owner);
    return isPromiseLike(outcome) ? Promise.resolve(outcome).then((o) => this.#record(o, d, store)) : this.#record(outcome, d, store);
  }

  // The event is completed only once every handler finished, and released after a failure so
  // Coperniq's retry runs it again.
  #record(outcome: Outcome, d: Delivery, store: DedupeStore | null): MaybePromise<WebhookAnswer> {
    if (!store) return this.#conclude(outcome, d);
    let recorded: void | Promise<void>;
    try {
      recorded = outcome.errors.length === 0 ? store.complete(d.key, d.owner) : store.release(d.key, d.owner);
    } catch (err) {
      return this.#conclude({ errors: outcome.errors, storeErrors: [...outcome.storeErrors, err] }, d);
    }
    if (!isPromiseLike(recorded)) return this.#conclude(outcome, d);
    return Promise.resolve(recorded).then(
      () => this.#conclude(outcome, d),
      (err: unknown) => this.#conclude({ errors: outcome.errors, storeErrors: [...outcome.storeErrors, err] }, d),
    );
  }

  #conclude(outcome: Outcome, d: Delivery): MaybePromise<WebhookAnswer> {
    if (outcome.errors.length === 0 && outcome.storeErrors.length === 0) return answers.handled(d.read.eventId);
    return this.#reportOutcome(outcome, d);
  }

  async #reportOutcome({ errors, storeErrors }: Outcome, d: Delivery): Promise<WebhookAnswer> {
    const { read, handlers, key } = d;
    if (storeErrors.length > 0) {
      await this.#report(new WebhookError('store', `dedupe store: recording the outcome of event ${key} failed`, { ...about(read), errors: [...storeErrors] }));
    }
    if (errors.length === 0) return answers.handled(read.eventId);
    const n = errors.length;
    const first = errors[0] as Error | undefined;
    const failed = `${n} of ${handlers.length} handler${handlers.length === 1 ? '' : 's'} failed for ${read.trigger} event ${key}: ${first?.message ?? String(first)}`;
    await this.#report(new WebhookError('handler', failed, { ...about(read), errors: [...errors] }));
    return answers.handlerFailed(read.eventId);
  }

  // For the adapters, which check the token before reading the body and must not pay for it twice.
  static {
    receiveVerified = (webhooks, rawBody, headers) => webhooks.#receiveVerified(rawBody, headers);
  }

  async #report(error: WebhookError): Promise<void> {
    // A failure nobody hears of is a 500 with no clue why: without onError, the console hears of it.
    if (this.#onError.length === 0) console.error(`coperniq-hooks: ${error.message}`, ...error.errors);
    for (const handler of this.#onError) {
      try {
        await handler(error);
      } catch {
        // An error handler's own failure must not change the answer Coperniq gets.
      }
    }
  }
}

/** One delivery on its way through the handlers. */
interface Delivery {
  read: ReadPayload;
  headers: Record<string, string>;
  handlers: Registered[];
  key: string;
  owner: string;
}

const about = (read: ReadPayload) => ({ eventId: read.eventId, triggerKey: read.trigger, rawBody: read.bytes });

const invalidMessage = (n: number, rejected: boolean) =>
  `payload does not match the Coperniq webhook schema (${n} error${n === 1 ? '' : 's'}); ${rejected ? 'answered 422' : 'handled anyway (validation: warn)'}`;
