import type { Finding } from '../payload/finding.js';
import type { TriggerKey } from '../payload/triggers.js';
import type { KnownWebhookPayload, UnknownTriggerPayload, WebhookPayloadOf } from '../payload/types.js';

/** The payload a handler for these triggers gets: a union narrowed by `event.triggerKey`. */
export type PayloadFor<K extends TriggerKey> = { [P in K]: WebhookPayloadOf<P> }[K];

/** What `on('*', ...)` gets: any known trigger, or one this version does not know yet. */
export type AnyWebhookPayload = KnownWebhookPayload | UnknownTriggerPayload;

export interface HandlerContext {
  /** `event.eventId`, the key the kit deduplicates on. */
  eventId: number | string;
  /**
   * `<eventId>:<trigger>#<n>` (n counts this trigger's registrations from 0): stable across
   * Coperniq's retries, so it can go downstream as an idempotency key.
   */
  handlerKey: string;
  /** The body as received (gzip already decoded). */
  rawBody: Uint8Array;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** What validation found (empty with `validation: 'off'`); errors only reach handlers with 'warn'. */
  findings: Finding[];
}

export type WebhookHandler<P> = (payload: P, context: HandlerContext) => unknown;

export type ErrorKind =
  /** One or more handlers threw: answered 500, Coperniq retries. */
  | 'handler'
  /** The payload does not match the schema: answered 422 ('reject') or handled anyway ('warn'). */
  | 'invalid'
  /** The dedupe store threw. */
  | 'store'
  /** A bug in the kit itself: answered 500. */
  | 'internal';

/** What `onError` handlers get. */
export class WebhookError extends Error {
  readonly kind: ErrorKind;
  readonly eventId: number | string | null;
  readonly triggerKey: string | null;
  /** The handlers' (or the store's) errors. */
  readonly errors: unknown[];
  /** Validation findings, for 'invalid'. */
  readonly findings: Finding[];
  /** The body as received, to park and replay later (`coperniq-hooks replay`). */
  readonly rawBody: Uint8Array | null;

  constructor(kind: ErrorKind, message: string, details: Partial<Pick<WebhookError, 'eventId' | 'triggerKey' | 'errors' | 'findings' | 'rawBody'>> = {}) {
    super(message, details.errors?.length === 1 ? { cause: details.errors[0] } : undefined);
    this.name = 'WebhookError';
    this.kind = kind;
    this.eventId = details.eventId ?? null;
    this.triggerKey = details.triggerKey ?? null;
    this.errors = details.errors ?? [];
    this.findings = details.findings ?? [];
    this.rawBody = details.rawBody ?? null;
  }
}

export type ErrorHandler = (error: WebhookError) => unknown;
