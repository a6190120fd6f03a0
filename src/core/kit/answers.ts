/**
 * Every answer the kit gives, in one place. The rule behind them: Coperniq retries every non-2xx
 * (WEBHOOKS.md), so a 2xx means "done, never send this again" and anything else means "keep it
 * and send it again". README, "Status codes", explains each choice.
 */
import type { Finding } from '../payload/finding.js';
import { findingLine } from '../payload/findings.js';

export interface WebhookAnswer {
  status: number;
  /** `content-type`, `content-length` (the body's length: it is ASCII), and `retry-after` or `allow` where they apply. */
  headers: Record<string, string>;
  /** JSON text, in ASCII (other characters escaped). */
  body: string;
}

type EventId = number | string;

/** Seconds a retry should wait while another delivery of the event is running (503). */
export const RETRY_AFTER_S = 2;

const CONTENT_TYPE = 'application/json; charset=utf-8';

const NON_ASCII = /[\u0080-\uffff]/;
const EACH_NON_ASCII = /[\u0080-\uffff]/g;

/**
 * JSON text in ASCII: what JSON.stringify leaves as it is (é, emoji, from a message or a string
 * event id) is escaped (\u00e9), so a body's length in bytes is its length and an adapter need not
 * count them (Buffer.byteLength is a call into C++ on every delivery).
 */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value);
  return NON_ASCII.test(text) ? text.replace(EACH_NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

// A fresh headers object per answer (a caller may change it). Content-Length goes with it: the
// body is ASCII, so its length is its size in bytes, and an adapter hands the headers over as
// they are (Node's writeHead, a Fetch Response, Fastify).
const headersFor = (body: string): Record<string, string> => ({ 'content-type': CONTENT_TYPE, 'content-length': String(body.length) });

function json(status: number, value: object, extra?: Record<string, string>): WebhookAnswer {
  const body = asciiJson(value);
  return { status, headers: extra ? { ...headersFor(body), ...extra } : headersFor(body), body };
}

// Every delivery's answer: written out rather than built and stringified (the same text).
function handled(eventId: EventId): WebhookAnswer {
  const body = `{"ok":true,"eventId":${idJson(eventId)}}`;
  return { status: 200, headers: headersFor(body), body };
}

// A finite number is written as JSON.stringify writes it, without the call (JSON.parse can make
// Infinity of 1e400, which JSON writes as null).
const idJson = (eventId: EventId): string => (typeof eventId === 'number' && Number.isFinite(eventId) ? String(eventId) : asciiJson(eventId));

const FIRST_FINDINGS = 5;

export const answers = {
  handled,
  duplicate: (eventId: EventId) => json(200, { ok: true, eventId, duplicate: true }),
  /** No handler for this trigger: acknowledged, or Coperniq would retry an event nobody wants. */
  unhandled: (eventId: EventId, trigger: string) => json(200, { ok: true, eventId, unhandled: trigger }),
  badRequest: (error: string) => json(400, { error }),
  unauthorized: () => json(401, { error: 'wrong or missing token' }),
  methodNotAllowed: () => json(405, { error: 'only POST is accepted here' }, { allow: 'POST' }),
  notFound: () => json(404, { error: 'no webhook receiver at this path' }),
  tooLarge: (limit: number) => json(413, { error: `body over the ${limit}-byte limit` }),
  invalid: (eventId: EventId | null, errors: Finding[]) =>
    json(422, { error: 'payload does not match the Coperniq webhook schema', eventId, findings: errors.slice(0, FIRST_FINDINGS).map(findingLine) }),
  handlerFailed: (eventId: EventId) => json(500, { error: 'a handler failed; send it again', eventId }),
  /** The adapter could not read the body (a body parser ran first): a message for the developer. */
  misconfigured: (error: string) => json(500, { error }),
  internal: () => json(500, { error: 'internal error in the webhook receiver' }),
  inProgress: (eventId: EventId) =>
    json(503, { error: 'another delivery of this event is being handled; send it again later', eventId }, { 'retry-after': String(RETRY_AFTER_S) }),
  storeDown: () => json(503, { error: 'the dedupe store is unavailable; send it again later' }, { 'retry-after': String(RETRY_AFTER_S) }),
};
