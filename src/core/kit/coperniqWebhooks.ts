import { tokenMatches } from '../capture/tokenMatch.js';
import { closest } from '../text/didYouMean.js';
import { TRIGGER_KEYS, isKnownTrigger, type TriggerKey } from '../payload/triggers.js';
import { answers, type WebhookAnswer } from './answers.js';
import type { DedupeStore } from './dedupeStore.js';
import { WebhookError, type AnyWebhookPayload, type ErrorHandler, type PayloadFor, type WebhookHandler } from './handlerTypes.js';
import { isPromiseLike } from './maybeAsync.js';
import { MemoryStore } from './memoryStore.js';
import { readPayload, type ReadPayload, type Validation } from './readPayload.js';
import { normalizeHeaders, type HeadersInput } from './requestHeaders.js';
import { runHandlers, type Registered } from './runHandlers.js';

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
 * The receiving kit: token check, gzip, validation, deduplication on `event.eventId`, typed
 * handlers, and an answer that fits Coperniq's retry rule. Adapters (createNodeMiddleware,
 * createFetchHandler) are thin layers over `receive`.
 */
export class CoperniqWebhooks {
  readonly #tokens: string[];
  readonly #validation: Validation;
  readonly #store: DedupeStore | null;
  readonly #maxBody: number;
  readonly #handlers = new Map<string, Registered[]>();
  readonly #handlersFor = new Map<string, Registered[]>();
  #anyTrigger: Registered[] = [];
  readonly #onError: ErrorHandler[] = [];
  // Claim owners: random per instance, counted per delivery. A randomUUID per delivery (Web
  // Crypto's, the one every runtime has) cost Node 20 more than the rest of a receive.
  readonly #ownerPrefix = `${globalThis.crypto.randomUUID()}:`;
  #deliveries = 0;

  constructor(options: CoperniqWebhooksOptions = {}) {
    this.#tokens = tokensFrom(options);
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
    for (const t of this.#tokens) if (tokenMatches(urlOrPath, t)) ok = true;
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
      list.push({ id: `${key}#${list.length}`, fn: handler });
      this.#handlers.set(key, list);
    }
    this.#mergeHandlers();
    return this;
  }

  // Each trigger's handlers and then '*'s, joined once here rather than on every delivery. Only
  // registered triggers get an entry: a payload's trigger is the sender's text.
  #mergeHandlers(): void {
    this.#anyTrigger = this.#handlers.get('*') ?? [];
    this.#handlersFor.clear();
    for (const [key, list] of this.#handlers) if (key !== '*') this.#handlersFor.set(key, [...list, ...this.#anyTrigger]);
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
      const headers = normalizeHeaders(request.headers);
      let read = readPayload(rawBody, headers['content-encoding'], this.#maxBody, this.#validation);
      if (isPromiseLike(read)) read = await read;
      if ('answer' in read) {
        const bad = read.invalid;
        if (bad) await this.#report(new WebhookError('invalid', invalidMessage(bad.errors.length, true), { eventId: bad.eventId, triggerKey: bad.trigger, findings: bad.errors, rawBody: bad.bytes }));
        return read.answer;
      }
      if (read.errors.length > 0) {
        await this.#report(new WebhookError('invalid', invalidMessage(read.errors.length, false), { eventId: read.eventId, triggerKey: read.trigger, findings: read.errors, rawBody: read.bytes }));
      }
      return await this.#dispatch(read, headers);
    } catch (err) {
      await this.#report(new WebhookError('internal', `coperniq-hooks: ${(err as Error)?.message ?? String(err)}`, { errors: [err] }));
      return answers.internal();
    }
  }

  async #dispatch(read: ReadPayload, headers: Record<string, string>): Promise<WebhookAnswer> {
    const { eventId, trigger } = read;
    const handlers = this.#handlersFor.get(trigger) ?? this.#anyTrigger;
    if (handlers.length === 0) return answers.unhandled(eventId, trigger);
    const key = String(eventId);
    const owner = this.#ownerPrefix + String(++this.#deliveries);
    const store = this.#store;
    if (store) {
      let state;
      try {
        state = store.claim(key, owner);
        if (isPromiseLike(state)) state = await state;
      } catch (err) {
        await this.#report(new WebhookError('store', `dedupe store: claim failed for event ${key}`, { ...about(read), errors: [err] }));
        return answers.storeDown();
      }
      if (state === 'completed') return answers.duplicate(eventId);
      if (state === 'in-progress') return answers.inProgress(eventId);
    }
    const findings = read.errors.length + read.warnings.length === 0 ? [] : [...read.errors, ...read.warnings];
    const outcome = await runHandlers(handlers, read.value, { eventId, rawBody: read.bytes, headers, findings }, store && { store, owner });
    const storeErrors = outcome.storeErrors;
    try {
      const recorded = !store ? undefined : outcome.errors.length === 0 ? store.complete(key, owner) : store.release(key, owner);
      if (isPromiseLike(recorded)) await recorded;
    } catch (err) {
      storeErrors.push(err);
    }
    if (storeErrors.length > 0) {
      await this.#report(new WebhookError('store', `dedupe store: recording the outcome of event ${key} failed`, { ...about(read), errors: storeErrors }));
    }
    if (outcome.errors.length === 0) return answers.handled(eventId);
    const n = outcome.errors.length;
    const first = outcome.errors[0] as Error | undefined;
    await this.#report(new WebhookError('handler', `${n} of ${handlers.length} handler${handlers.length === 1 ? '' : 's'} failed for ${trigger} event ${key}: ${first?.message ?? String(first)}`, { ...about(read), errors: outcome.errors }));
    return answers.handlerFailed(eventId);
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

const about = (read: ReadPayload) => ({ eventId: read.eventId, triggerKey: read.trigger, rawBody: read.bytes });

const invalidMessage = (n: number, rejected: boolean) =>
  `payload does not match the Coperniq webhook schema (${n} error${n === 1 ? '' : 's'}); ${rejected ? 'answered 422' : 'handled anyway (validation: warn)'}`;
